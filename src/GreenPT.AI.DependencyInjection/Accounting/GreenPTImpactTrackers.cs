using System.Collections.Concurrent;
using GreenPT.AI.DependencyInjection;

namespace GreenPT.AI;

/// <summary>
/// The trackers of an app's scopes (tenants, users, teams), one per scope name, all over one <see cref="GreenPTImpactLedger"/>: the
/// ledger registered in the services (for example the Redis one of <c>GreenPT.AI.Redis</c>, so that every instance of the app shares
/// each scope's totals and budget), else one in-memory ledger for the app. Registered by <c>services.AddGreenPTImpactTrackers()</c>;
/// <c>UseGreenPTImpactTracking(scopeOf)</c> picks each call's tracker from it; inject it to read a scope's totals and reports.
/// </summary>
public sealed class GreenPTImpactTrackers
{
    private readonly ConcurrentDictionary<string, GreenPTImpactTracker> _trackers = new(StringComparer.Ordinal);
    private readonly GreenPTImpactTrackerOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the trackers' home.</summary>
    /// <param name="ledger">Where every scope's sums are kept.</param>
    /// <param name="options">How each scope's tracker is made.</param>
    /// <param name="timeProvider">The clock windows are read by; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ledger"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    public GreenPTImpactTrackers(GreenPTImpactLedger ledger, GreenPTImpactTrackerOptions options, TimeProvider? timeProvider = null)
    {
        Ledger = Argument.NotNull(ledger, nameof(ledger));
        _options = Argument.NotNull(options, nameof(options));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The ledger every tracker records into.</summary>
    public GreenPTImpactLedger Ledger { get; }

    /// <summary>The trackers asked for so far in this process (a shared ledger may know more scopes).</summary>
    public IReadOnlyCollection<GreenPTImpactTracker> Created => [.. _trackers.Values];

    /// <summary>The tracker of <paramref name="scope"/>, made on first use with the options' budget, estimate and metrics choice.</summary>
    /// <param name="scope">The scope's name: ASCII letters, digits and <c>- _ . @ / +</c> (see <see cref="GreenPTImpactLedger.ValidateScope"/>).</param>
    /// <exception cref="ArgumentException">The name is empty, too long or has a character a ledger does not accept.</exception>
    public GreenPTImpactTracker For(string scope)
    {
        GreenPTImpactLedger.ValidateScope(scope, nameof(scope));
        return _trackers.GetOrAdd(scope, name => new GreenPTImpactTracker(name)
        {
            Ledger = Ledger,
            TimeProvider = _timeProvider,
            DefaultEstimate = _options.DefaultEstimate,
            IncludeScopeInMetrics = _options.IncludeScopeInMetrics,
            Budget = _options.BudgetFor?.Invoke(name),
        });
    }
}
