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
    /// <exception cref="ArgumentException">The model catalog knows the model as one that is not a chat model, or (with
    /// <see cref="DegradeReasoning"/>) as one that cannot turn thinking off.</exception>
    public string? DegradedModelId { get => _degradedModelId; init => _degradedModelId = CheckDegradation(value, _degradeReasoning, nameof(DegradedModelId)); }

    /// <summary>
    /// Whether degraded calls are sent with thinking off (<see cref="Microsoft.Extensions.AI.ReasoningEffort.None"/>, which the client sends as
    /// <c>reasoning_effort</c> <c>"none"</c>, or as the least effort a model that refuses <c>none</c> accepts). A <see cref="DegradedModelId"/>
    /// the catalog knows cannot turn thinking off (<c>green-r</c>, <c>gpt-oss-120b</c>: their lowest level still thinks) is refused.
    /// </summary>
    /// <exception cref="ArgumentException">The <see cref="DegradedModelId"/> cannot turn thinking off.</exception>
    public bool DegradeReasoning
    {
        get => _degradeReasoning;
        init
        {
            CheckDegradation(_degradedModelId, value, nameof(DegradeReasoning));
            _degradeReasoning = value;
        }
    }

    private readonly string? _degradedModelId;
    private readonly bool _degradeReasoning;

    /// <summary>
    /// The window the limits apply to: <see cref="GreenPTBudgetWindow.AllTime"/> (the default), the UTC day or month, or the
    /// last N minutes or hours.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public GreenPTBudgetWindow Window { get => _window; init => _window = Throw.IfNull(value); }

    /// <summary>
    /// Whether each call reserves its expected cost in the ledger before it is sent, so that calls in flight together cannot
    /// overshoot the limit (see the remarks); <see langword="false"/> (the default) checks what was spent before the call, as before.
    /// </summary>
    /// <remarks>
    /// <para>The reservation is taken atomically in the tracker's <see cref="GreenPTImpactTracker.Ledger"/> (shared by every instance
    /// when it is the Redis ledger): a call is sent only if the window's spending, plus what calls in flight reserved, plus this
    /// call's estimate stays within every limit. When the answer arrives the reservation is settled with the measured impact; when
    /// the call fails it is released.</para>
    /// <para>The estimate is <see cref="CallCeiling"/> when set; else the most one call of the requested model has cost in the
    /// scope; else the most any call of the scope has cost; else (nothing recorded yet) all that is left of the limit, so the scope's
    /// first call runs alone.</para>
    /// <para>The overshoot bound: with a <see cref="CallCeiling"/> no call exceeds, none. With estimates from recorded calls, at most
    /// the sum, over the calls in flight together, of what each cost beyond the most any earlier call of its model cost. A
    /// reservation never settled (a crashed caller) stops counting after <see cref="ReservationTimeToLive"/>.</para>
    /// </remarks>
    public bool ReserveBeforeSending { get; init; }

    /// <summary>The most one call can cost, supplied by the caller: the estimate reservations use (see <see cref="ReserveBeforeSending"/>).</summary>
    /// <exception cref="ArgumentException">A figure is not positive or its unit is unknown.</exception>
    public GreenPTImpact? CallCeiling { get => _callCeiling; init => _callCeiling = CheckCeiling(value); }

    /// <summary>How long a reservation holds if it is never settled; ten minutes unless set.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan ReservationTimeToLive
    {
        get => _reservationTimeToLive;
        init => _reservationTimeToLive = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(ReservationTimeToLive), value, "A reservation's time to live must be positive.");
    }

    /// <summary>
    /// What happens when the tracker's ledger (a shared one, such as Redis) cannot be reached before a call:
    /// <see cref="GreenPTLedgerUnavailableBehavior.Refuse"/> (the default) or <see cref="GreenPTLedgerUnavailableBehavior.SendAndRecordLater"/>.
    /// </summary>
    public GreenPTLedgerUnavailableBehavior WhenLedgerUnavailable { get; init; }

    private GreenPTBudgetWindow _window = GreenPTBudgetWindow.AllTime;
    private readonly GreenPTImpact? _callCeiling;
    private readonly TimeSpan _reservationTimeToLive = TimeSpan.FromMinutes(10);
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

    /// <summary>The degraded model, checked against the built-in model catalog (a model it does not know passes).</summary>
    private static string? CheckDegradation(string? model, bool degradeReasoning, string setting)
    {
        if (model is null || KnownModels.Find(model, overrides: null) is not { } known)
        {
            return model;
        }

        if (known.Kind != GreenPTModelKind.Chat)
        {
            throw new ArgumentException($"DegradedModelId '{model}' is a {known.Kind} model, not a chat model: degraded calls would fail.", setting);
        }

        if (degradeReasoning && known.ReasoningEffortValues is { } efforts && !efforts.Contains("none"))
        {
            throw new ArgumentException(
                $"DegradeReasoning cannot turn thinking off on DegradedModelId '{model}': it accepts reasoning_effort {string.Join(", ", efforts)}, and every level " +
                "but none still thinks. Pick a model that accepts none (gemma4, glm-5.2) or one that does not think (green-l).",
                setting);
        }

        return model;
    }

    private static GreenPTImpact? CheckCeiling(GreenPTImpact? ceiling)
    {
        if (ceiling is not null && ((ceiling.Energy is not null && !(ImpactUnits.ToJoules(ceiling.Energy) > 0)) ||
            (ceiling.Emissions is not null && !(ImpactUnits.ToGramsCO2e(ceiling.Emissions) > 0)) || (ceiling.Energy is null && ceiling.Emissions is null)))
        {
            throw new ArgumentException($"The call ceiling {ceiling} needs a positive energy and/or emissions figure in a known unit (CallCeiling).");
        }

        return ceiling;
    }

    private static GreenPTMeasurement? CheckLimit(GreenPTMeasurement? limit, double? size) =>
        limit is null || size is > 0 ? limit : throw new ArgumentException(
            $"The budget limit {limit} must be positive and in a known unit (energy: Wms, J or Wh with an SI prefix such as mWh or kWh; emissions: g or t CO2e with a prefix such as ugCO2e, mgCO2e or kgCO2e).");
}
