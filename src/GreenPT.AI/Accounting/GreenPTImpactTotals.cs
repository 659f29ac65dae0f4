namespace GreenPT.AI;

/// <summary>A snapshot of what a <see cref="GreenPTImpactTracker"/> has recorded, in total or for one model.</summary>
public sealed class GreenPTImpactTotals
{
    /// <summary>How many calls were recorded.</summary>
    public int Calls { get; init; }

    /// <summary>How many of those calls reported no impact (or one in units this library does not know).</summary>
    public int CallsWithoutImpact { get; init; }

    /// <summary>Input tokens, summed.</summary>
    public long InputTokens { get; init; }

    /// <summary>Output tokens, summed.</summary>
    public long OutputTokens { get; init; }

    /// <summary>The summed impact, in ms, Wms and ugCO2e (exact to the micro-unit).</summary>
    public GreenPTImpact Impact { get; init; } = GreenPTImpact.Zero;

    /// <summary>How many calls without a measured impact were given an estimate (see <see cref="GreenPTImpactTracker.DefaultEstimate"/>).</summary>
    public int EstimatedCalls { get; init; }

    /// <summary>
    /// The estimated impact of the calls GreenPT reported none for (basis <c>estimated</c>); never part of <see cref="Impact"/>,
    /// which is measured only.
    /// </summary>
    public GreenPTImpact EstimatedImpact { get; init; } = GreenPTImpact.Zero;

    /// <summary>The low end of <see cref="EstimatedImpact"/>'s range.</summary>
    public GreenPTImpact EstimatedImpactLow { get; init; } = GreenPTImpact.Zero;

    /// <summary>The high end of <see cref="EstimatedImpact"/>'s range.</summary>
    public GreenPTImpact EstimatedImpactHigh { get; init; } = GreenPTImpact.Zero;

    /// <summary>The callers' wall-clock time, summed.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Input plus output tokens.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>How many calls the budget refused (they were never sent, so they add nothing else here).</summary>
    public int RefusedCalls { get; init; }

    /// <summary>How many calls were degraded because the budget was nearly spent.</summary>
    public int DegradedCalls { get; init; }

    /// <summary>The impact of an average call that reported one; <see langword="null"/> when none did.</summary>
    public GreenPTImpact? AveragePerCall
    {
        get
        {
            int withImpact = Calls - CallsWithoutImpact;
            if (withImpact <= 0)
            {
                return null;
            }

            static GreenPTMeasurement? Divide(GreenPTMeasurement? m, int n) => m is null ? null : new GreenPTMeasurement(m.Total / n, m.Unit);
            return new GreenPTImpact
            {
                InferenceTime = Divide(Impact.InferenceTime, withImpact),
                Energy = Divide(Impact.Energy, withImpact),
                Emissions = Divide(Impact.Emissions, withImpact),
            };
        }
    }

    /// <summary>Tokens (input and output) per watt-hour of energy; <see langword="null"/> when no energy was reported.</summary>
    public double? TokensPerWattHour => Impact.EnergyInWattHours is double wh && wh > 0 ? TotalTokens / wh : null;
}
