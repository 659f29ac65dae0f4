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

    /// <summary>The callers' wall-clock time, summed.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Input plus output tokens.</summary>
    public long TotalTokens => InputTokens + OutputTokens;
}
