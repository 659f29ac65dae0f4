using GreenPT.AI.Impact;

namespace GreenPT.AI;

/// <summary>
/// A limit on the energy and/or emissions of a <see cref="GreenPTImpactTracker"/>'s scope in a <see cref="Window"/>, checked by
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
    /// <exception cref="ArgumentException">The limit is not positive or its unit is unknown.</exception>
    public GreenPTMeasurement? EnergyLimit { get => _energyLimit; init => _energyLimit = CheckLimit(value, ImpactUnits.ToJoules(value)); }

    /// <summary>The most emissions the scope may cause, for example <c>new(5, "gCO2e")</c>; <see langword="null"/> for no emissions limit.</summary>
    /// <exception cref="ArgumentException">The limit is not positive or its unit is unknown.</exception>
    public GreenPTMeasurement? EmissionsLimit { get => _emissionsLimit; init => _emissionsLimit = CheckLimit(value, ImpactUnits.ToGramsCO2e(value)); }

    /// <summary>
    /// The share of a limit (0 to 1, for example 0.8) from which calls are degraded rather than sent as asked;
    /// <see langword="null"/> (the default) never degrades.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not from 0 to 1.</exception>
    public double? DegradeAt
    {
        get => _degradeAt;
        init => _degradeAt = value is null or (>= 0 and <= 1) ? value : throw new ArgumentOutOfRangeException(nameof(DegradeAt), value, "DegradeAt is a share of the budget, from 0 to 1.");
    }

    /// <summary>The cheaper model degraded calls use, for example <c>"green-l"</c>; <see langword="null"/> keeps the caller's model.</summary>
    public string? DegradedModelId { get; init; }

    /// <summary>
    /// Whether degraded calls are sent with <c>reasoning_effort</c> <c>"none"</c> (thinking off). Pick a <see cref="DegradedModelId"/>
    /// that accepts it: <c>green-r</c> and <c>gpt-oss-120b</c> refuse <c>none</c>.
    /// </summary>
    public bool DegradeReasoning { get; init; }

    /// <summary>
    /// The window the limits apply to: <see cref="GreenPTBudgetWindow.AllTime"/> (the default), the UTC day or month, or the
    /// last N minutes or hours.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public GreenPTBudgetWindow Window { get => _window; init => _window = Throw.IfNull(value); }

    private GreenPTBudgetWindow _window = GreenPTBudgetWindow.AllTime;
    private readonly GreenPTMeasurement? _energyLimit;
    private readonly GreenPTMeasurement? _emissionsLimit;
    private readonly double? _degradeAt;

    /// <summary>The largest share of a limit already spent (1 or more means spent), given a scope's totals.</summary>
    /// <param name="spent">The scope's impact so far.</param>
    public double SpentFraction(GreenPTImpact spent)
    {
        Throw.IfNull(spent);
        double fraction = 0;
        if (EnergyLimit is { } energy)
        {
            fraction = Math.Max(fraction, (ImpactUnits.ToJoules(spent.Energy) ?? 0) / ImpactUnits.ToJoules(energy)!.Value);
        }

        if (EmissionsLimit is { } emissions)
        {
            fraction = Math.Max(fraction, (ImpactUnits.ToGramsCO2e(spent.Emissions) ?? 0) / ImpactUnits.ToGramsCO2e(emissions)!.Value);
        }

        return fraction;
    }

    private static GreenPTMeasurement? CheckLimit(GreenPTMeasurement? limit, double? size) =>
        limit is null || size is > 0 ? limit : throw new ArgumentException(
            $"The budget limit {limit} must be positive and in a known unit (energy: Wms, J or Wh with an SI prefix such as mWh or kWh; emissions: g or t CO2e with a prefix such as ugCO2e, mgCO2e or kgCO2e).");
}
