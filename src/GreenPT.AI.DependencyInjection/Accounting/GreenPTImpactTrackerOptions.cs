namespace GreenPT.AI;

/// <summary>
/// How <see cref="GreenPTImpactTrackers"/> makes the tracker of each scope: the budget, the default estimate and whether its scope
/// appears in metrics. Configure it with <c>services.AddGreenPTImpactTrackers(options => …)</c>.
/// </summary>
public sealed class GreenPTImpactTrackerOptions
{
    /// <summary>
    /// The budget of a scope, given its name (for example from a tenant's plan); <see langword="null"/> (the default, or returned) for
    /// no budget. Called once per scope, when its tracker is first asked for.
    /// </summary>
    public Func<string, GreenPTCarbonBudget?>? BudgetFor { get; set; }

    /// <summary>The impact given to a call without a measured one when its scope has measured none yet (see <see cref="GreenPTImpactTracker.DefaultEstimate"/>).</summary>
    public GreenPTImpact? DefaultEstimate { get; set; }

    /// <summary>
    /// Whether each scope appears in metrics (see <see cref="GreenPTImpactTracker.IncludeScopeInMetrics"/>); off by default, since every
    /// scope adds time series.
    /// </summary>
    public bool IncludeScopeInMetrics { get; set; }
}
