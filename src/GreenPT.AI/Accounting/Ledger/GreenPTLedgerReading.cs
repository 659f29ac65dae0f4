namespace GreenPT.AI;

/// <summary>What a <see cref="GreenPTImpactLedger"/> holds for one scope over one window.</summary>
public sealed class GreenPTLedgerReading
{
    /// <summary>Creates a reading.</summary>
    /// <param name="window">The window read.</param>
    /// <param name="start">Where it starts (UTC).</param>
    /// <param name="end">Where it ends (UTC, exclusive).</param>
    /// <param name="total">The scope's sums.</param>
    /// <param name="byModel">The sums per model.</param>
    /// <param name="reserved">The scope's live reservations (energy and emissions only).</param>
    public GreenPTLedgerReading(
        GreenPTBudgetWindow window, DateTimeOffset start, DateTimeOffset end, GreenPTImpactCounters total,
        IReadOnlyDictionary<string, GreenPTImpactCounters> byModel, GreenPTImpactCounters reserved)
    {
        Window = Throw.IfNull(window);
        Start = start;
        End = end;
        Total = Throw.IfNull(total);
        ByModel = Throw.IfNull(byModel);
        Reserved = Throw.IfNull(reserved);
    }

    /// <summary>The window read.</summary>
    public GreenPTBudgetWindow Window { get; }

    /// <summary>Where the window starts (UTC).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Where the window ends (UTC, exclusive).</summary>
    public DateTimeOffset End { get; }

    /// <summary>The scope's sums over the window.</summary>
    public GreenPTImpactCounters Total { get; }

    /// <summary>The sums per model over the window.</summary>
    public IReadOnlyDictionary<string, GreenPTImpactCounters> ByModel { get; }

    /// <summary>The energy and emissions reserved by calls in flight (not yet in <see cref="Total"/>).</summary>
    public GreenPTImpactCounters Reserved { get; }
}
