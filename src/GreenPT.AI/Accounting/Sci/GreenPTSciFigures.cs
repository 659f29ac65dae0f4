namespace GreenPT.AI;

/// <summary>
/// The SCI of a scope, or of one of its models, over a window: the functional units, and two scores that are never mixed:
/// <see cref="Measured"/> (GreenPT's figures only) and <see cref="WithEstimates"/> (plus the estimates of the calls it reported
/// nothing for), with the share the estimates make of the latter.
/// </summary>
public sealed class GreenPTSciFigures
{
    internal GreenPTSciFigures(GreenPTImpactTotals totals, double? embodiedGrams, long? workflows)
    {
        Calls = totals.Calls;
        MeasuredCalls = totals.Calls - totals.CallsWithoutImpact;
        EstimatedCalls = totals.EstimatedCalls;
        Tokens = totals.TotalTokens;
        Workflows = workflows;
        double measuredKwh = totals.Impact.EnergyInKilowattHours ?? 0;
        double measuredGrams = totals.Impact.EmissionsInGramsCO2e ?? 0;
        double estimatedKwh = totals.EstimatedImpact.EnergyInKilowattHours ?? 0;
        double estimatedGrams = totals.EstimatedImpact.EmissionsInGramsCO2e ?? 0;
        Measured = new GreenPTSciScore("measured", measuredKwh, measuredGrams, embodiedGrams, Tokens, Calls, workflows);
        WithEstimates = new GreenPTSciScore("measured+estimated", measuredKwh + estimatedKwh, measuredGrams + estimatedGrams, embodiedGrams, Tokens, Calls, workflows);
        EstimatedShare = measuredGrams + estimatedGrams > 0 ? estimatedGrams / (measuredGrams + estimatedGrams) : null;
    }

    /// <summary>R: the calls in the window.</summary>
    public long Calls { get; }

    /// <summary>The calls GreenPT reported an impact for.</summary>
    public long MeasuredCalls { get; }

    /// <summary>The calls without a reported impact that were given an estimate.</summary>
    public long EstimatedCalls { get; }

    /// <summary>
    /// The calls with neither a reported impact nor an estimate: they count in R but add nothing to C, so while there are any both
    /// scores are lower bounds.
    /// </summary>
    public long CallsWithoutFigures => Calls - MeasuredCalls - EstimatedCalls;

    /// <summary>R: the tokens (input plus output) of every call in the window.</summary>
    public long Tokens { get; }

    /// <summary>R: the workflows the caller said ran in the window; <see langword="null"/> if not given (and per model).</summary>
    public long? Workflows { get; }

    /// <summary>
    /// The score from GreenPT's figures only. Its R is every functional unit of the window, the calls without a reported impact
    /// included, so it is a lower bound whenever <see cref="MeasuredCalls"/> is less than <see cref="Calls"/>.
    /// </summary>
    public GreenPTSciScore Measured { get; }

    /// <summary>The score with the estimates of the calls GreenPT reported nothing for added to the measured figures.</summary>
    public GreenPTSciScore WithEstimates { get; }

    /// <summary>The share of <see cref="WithEstimates"/>' operational emissions that is estimated (0 to 1); <see langword="null"/> when both are zero.</summary>
    public double? EstimatedShare { get; }
}
