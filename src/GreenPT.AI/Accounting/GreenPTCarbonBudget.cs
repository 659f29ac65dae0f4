using GreenPT.AI.Mapping;

namespace GreenPT.AI;

/// <summary>
/// A limit on the energy and/or emissions of a <see cref="GreenPTImpactTracker"/>'s scope, checked by
/// <see cref="GreenPTImpactTrackingChatClient"/> before each call against the figures GreenPT reported (never estimates).
/// </summary>
/// <remarks>
/// When the budget is spent, the next call is refused before any request is sent, with a <see cref="GreenPTCarbonBudgetExceededException"/>.
/// The check uses what was spent before a call (the cost of a call is known only once GreenPT reports it), so the spending can end
/// above the limit by the calls the budget still allowed: the last one, and any made concurrently with it. Optionally, once <see cref="DegradeAt"/> of the budget
/// is spent, calls are degraded instead: sent with <see cref="DegradedModelId"/> and/or <c>reasoning_effort</c> <c>"none"</c>
/// (<see cref="DegradeReasoning"/>), and the response says so under <see cref="GreenPTPropertyNames.BudgetDegradation"/>.
/// </remarks>
public sealed class GreenPTCarbonBudget
{
    /// <summary>The most energy the scope may use, for example <c>new(1, "Wh")</c>; <see langword="null"/> for no energy limit.</summary>
    public GreenPTMeasurement? EnergyLimit { get; init; }

    /// <summary>The most emissions the scope may cause, for example <c>new(5, "gCO2e")</c>; <see langword="null"/> for no emissions limit.</summary>
    public GreenPTMeasurement? EmissionsLimit { get; init; }

    /// <summary>
    /// The share of a limit (0 to 1, for example 0.8) from which calls are degraded rather than sent as asked;
    /// <see langword="null"/> (the default) never degrades.
    /// </summary>
    public double? DegradeAt { get; init; }

    /// <summary>The cheaper model degraded calls use, for example <c>"green-l"</c>; <see langword="null"/> keeps the caller's model.</summary>
    public string? DegradedModelId { get; init; }

    /// <summary>
    /// Whether degraded calls are sent with <c>reasoning_effort</c> <c>"none"</c> (thinking off). Pick a <see cref="DegradedModelId"/>
    /// that accepts it: <c>green-r</c> and <c>gpt-oss-120b</c> refuse <c>none</c>.
    /// </summary>
    public bool DegradeReasoning { get; init; }

    /// <summary>The largest share of a limit already spent (1 or more means spent), given a scope's totals.</summary>
    /// <param name="spent">The scope's impact so far.</param>
    /// <exception cref="InvalidOperationException">A limit is in a unit this library does not know, or is not positive.</exception>
    public double SpentFraction(GreenPTImpact spent)
    {
        Throw.IfNull(spent);
        double fraction = 0;
        if (EnergyLimit is { } energy)
        {
            fraction = Math.Max(fraction, (ImpactUnits.ToJoules(spent.Energy) ?? 0) / Positive(ImpactUnits.ToJoules(energy), energy));
        }

        if (EmissionsLimit is { } emissions)
        {
            fraction = Math.Max(fraction, (ImpactUnits.ToGramsCO2e(spent.Emissions) ?? 0) / Positive(ImpactUnits.ToGramsCO2e(emissions), emissions));
        }

        return fraction;
    }

    private static double Positive(double? value, GreenPTMeasurement limit) =>
        value is double v && v > 0 ? v : throw new InvalidOperationException($"The budget limit {limit} must be positive and in a known unit (energy: Wms, mJ, J, kJ, mWh, Wh, kWh; emissions: ngCO2e, ugCO2e, mgCO2e, gCO2e, kgCO2e, tCO2e).");
}
