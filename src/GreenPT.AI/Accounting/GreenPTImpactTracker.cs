namespace GreenPT.AI;

/// <summary>
/// Adds up the impact of many calls for a scope the caller chooses: a request, a conversation, a user, a tenant. Thread-safe; no
/// global state. Feed it with <see cref="GreenPTImpactTrackingChatClient"/> (or <see cref="Record"/>), read <see cref="Total"/>,
/// <see cref="ByModel"/>, <see cref="GetTotals(GreenPTBudgetWindow)"/> or <see cref="CreateReport()"/>, and limit it with a <see cref="Budget"/>.
/// </summary>
/// <remarks>
/// <para>Sums are kept in integer micro-joules, nanograms CO2e and microseconds, so they are exact however many calls add up.</para>
/// <para>They live in a <see cref="GreenPTImpactLedger"/>: by default a private <see cref="GreenPTInMemoryImpactLedger"/> (this
/// process, lost on restart); give a shared one (the <c>GreenPT.AI.Redis</c> package) and every tracker with the same
/// <see cref="Name"/> over it, in any process, reads and limits the same totals.</para>
/// </remarks>
public sealed class GreenPTImpactTracker
{
    private readonly string _scope;
    private readonly GreenPTImpactLedger _ledger = new GreenPTInMemoryImpactLedger();

    /// <summary>Creates a tracker (with its own in-memory ledger unless <see cref="Ledger"/> is set).</summary>
    /// <param name="name">A name for the scope, shown in reports and budget errors (for example a tenant id); the scope's key in a shared <see cref="Ledger"/>.</param>
    public GreenPTImpactTracker(string? name = null)
    {
        Name = name;
        _scope = name ?? string.Empty;
    }

    /// <summary>
    /// Where the sums are kept: a private <see cref="GreenPTInMemoryImpactLedger"/> unless set. Set a shared one and every tracker of
    /// the same <see cref="Name"/> over it reads and limits the same totals; the name must then be a valid scope
    /// (<see cref="GreenPTImpactLedger.ValidateScope"/>: ASCII letters, digits and <c>- _ . @ / +</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The tracker's name is empty, too long or has a character a shared ledger does not accept.</exception>
    public GreenPTImpactLedger Ledger
    {
        get => _ledger;
        init
        {
            Throw.IfNull(value);
            GreenPTImpactLedger.ValidateScope(Name, "name");
            _ledger = value;
        }
    }

    /// <summary>
    /// Whether the tracker's <see cref="Name"/> appears in metrics: the <c>GreenPT.AI</c> meter's measurements of the calls
    /// <see cref="GreenPTImpactTrackingChatClient"/> records here carry it as the <c>greenpt.scope</c> tag, and the <see cref="Budget"/>'s
    /// spent share is published as the gauge <c>greenpt.budget.spent_fraction</c> (tags <c>greenpt.scope</c> and
    /// <c>greenpt.budget.window</c>), read from the <see cref="Ledger"/> each time a listener collects, for as long as the tracker lives.
    /// </summary>
    /// <remarks>
    /// Off by default: every scope adds its own time series to a metrics backend, so a tag per tenant or per user can multiply what the
    /// backend stores. Turn it on for scopes there are few of (tenants, teams, apps). A tracker without a <see cref="Name"/> cannot use it.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Set on a tracker without a name.</exception>
    public bool IncludeScopeInMetrics
    {
        get => _includeScopeInMetrics;
        init
        {
            if (value && Name is null)
            {
                throw new InvalidOperationException("IncludeScopeInMetrics needs a tracker with a name: the name is the scope the metrics are tagged with.");
            }

            if (value && !_includeScopeInMetrics)
            {
                Diagnostics.GreenPTMetrics.PublishBudget(this);
            }

            _includeScopeInMetrics = value;
        }
    }

    private readonly bool _includeScopeInMetrics;

    /// <summary>The clock windows are read by (UTC); <see cref="TimeProvider.System"/> unless set.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The key the scope has in the ledger.</summary>
    internal string Scope => _scope;

    internal DateTimeOffset Now => TimeProvider.GetUtcNow();

    /// <summary>The scope's name, if given.</summary>
    public string? Name { get; }

    /// <summary>
    /// A limit on this scope's energy and/or emissions, enforced by <see cref="GreenPTImpactTrackingChatClient"/> before each call;
    /// <see langword="null"/> (the default) for none.
    /// </summary>
    public GreenPTCarbonBudget? Budget { get; set; }

    /// <summary>
    /// The largest share of a <see cref="Budget"/> limit spent so far in the budget's <see cref="GreenPTCarbonBudget.Window"/>
    /// (1 or more: spent); <see langword="null"/> without a budget.
    /// </summary>
    public double? BudgetSpentFraction => Budget is { } budget ? budget.SpentFraction(GetTotals(budget.Window).Impact) : null;

    /// <summary>Everything recorded so far.</summary>
    public GreenPTImpactTotals Total => GetTotals(GreenPTBudgetWindow.AllTime);

    /// <summary>What was recorded, per model id (calls without a model id are under <c>"unknown"</c>).</summary>
    public IReadOnlyDictionary<string, GreenPTImpactTotals> ByModel => ToTotals(Ledger.Read(_scope, GreenPTBudgetWindow.AllTime, Now).ByModel);

    /// <summary>What was recorded in a window: the current UTC day or month, or the last N minutes or hours.</summary>
    /// <param name="window">The window.</param>
    public GreenPTImpactTotals GetTotals(GreenPTBudgetWindow window) => Ledger.Read(_scope, Throw.IfNull(window), Now).Total.ToTotals();

    /// <summary>What was recorded in a window, read asynchronously (for a ledger over the network).</summary>
    /// <param name="window">The window.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async ValueTask<GreenPTImpactTotals> GetTotalsAsync(GreenPTBudgetWindow window, CancellationToken cancellationToken = default) =>
        (await Ledger.ReadAsync(_scope, Throw.IfNull(window), Now, cancellationToken).ConfigureAwait(false)).Total.ToTotals();

    /// <summary>Adds one call.</summary>
    /// <param name="record">What the call reported.</param>
    /// <remarks>
    /// A call without a measured impact (a non-GreenPT client in a failover chain, an embedding) is given an estimate, kept apart
    /// from the measured figures: the scope's average measured call of the same model, else of any model, else
    /// <see cref="DefaultEstimate"/>; its range is half to twice that. Without any of them it has no estimate.
    /// </remarks>
    public void Record(GreenPTImpactRecord record)
    {
        Throw.IfNull(record);
        string model = record.ModelId ?? "unknown";
        GreenPTImpactCounters counters = GreenPTImpactCounters.FromRecord(record);
        DateTimeOffset now = Now;
        if (counters.CallsWithoutImpact == 1)
        {
            GreenPTLedgerReading? seen;
            try
            {
                seen = Ledger.Read(_scope, GreenPTBudgetWindow.AllTime, now);
            }
            catch (GreenPTImpactLedgerUnavailableException)
            {
                seen = null; // a shared ledger that is down: the estimate falls back to DefaultEstimate, and the record is buffered
            }

            counters = Estimate(counters, model, seen);
        }

        Ledger.Record(_scope, model, counters, now);
        RememberRecorded(counters);
    }

    /// <summary>
    /// The impact given to a call without a measured one when the scope has measured no call yet; <see langword="null"/> (the
    /// default) for none. Estimates are reported apart from measured figures, never added to them.
    /// </summary>
    public GreenPTImpact? DefaultEstimate { get; init; }

    /// <summary>Adds one call, asynchronously (for a ledger over the network).</summary>
    /// <param name="record">What the call reported.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async ValueTask RecordAsync(GreenPTImpactRecord record, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(record);
        (string model, GreenPTImpactCounters counters) = await CountersAsync(record, cancellationToken).ConfigureAwait(false);
        await Ledger.RecordAsync(_scope, model, counters, Now, cancellationToken).ConfigureAwait(false);
        RememberRecorded(counters);
    }

    /// <summary>The counters a record adds, with an estimate when it has no measured impact.</summary>
    internal async ValueTask<(string Model, GreenPTImpactCounters Counters)> CountersAsync(GreenPTImpactRecord record, CancellationToken cancellationToken)
    {
        string model = record.ModelId ?? "unknown";
        GreenPTImpactCounters counters = GreenPTImpactCounters.FromRecord(record);
        if (counters.CallsWithoutImpact == 1)
        {
            GreenPTLedgerReading? seen;
            try
            {
                seen = await Ledger.ReadAsync(_scope, GreenPTBudgetWindow.AllTime, Now, cancellationToken).ConfigureAwait(false);
            }
            catch (GreenPTImpactLedgerUnavailableException)
            {
                seen = null; // a shared ledger that is down: the estimate falls back to DefaultEstimate, and the record is buffered
            }

            counters = Estimate(counters, model, seen);
        }

        return (model, counters);
    }

    /// <summary>The spending of <paramref name="window"/> as last read from the ledger, plus what this tracker recorded since.</summary>
    private sealed class LastKnownSpending(GreenPTBudgetWindow window, DateTimeOffset windowStart, long microjoules, long nanograms)
    {
        public GreenPTBudgetWindow Window { get; } = window;

        public DateTimeOffset WindowStart { get; } = windowStart;

        public long Microjoules = microjoules;

        public long Nanograms = nanograms;
    }

    private LastKnownSpending? _lastKnown;

    /// <summary>Remembers what the budget's window had spent when it was last read, for a time the ledger cannot be reached.</summary>
    internal void RememberSpent(GreenPTBudgetWindow window, DateTimeOffset at, long microjoules, long nanograms) =>
        Volatile.Write(ref _lastKnown, new LastKnownSpending(window, window.RangeAt(at).Start, microjoules, nanograms));

    /// <summary>Adds a call this tracker recorded to the last known spending (measured figures only, as budgets count them).</summary>
    internal void RememberRecorded(GreenPTImpactCounters counters)
    {
        if (Volatile.Read(ref _lastKnown) is { } known)
        {
            Interlocked.Add(ref known.Microjoules, counters.EnergyMicrojoules);
            Interlocked.Add(ref known.Nanograms, counters.EmissionsNanograms);
        }
    }

    /// <summary>
    /// What <paramref name="window"/> had spent by the last reading of the ledger plus this tracker's records since, while that reading
    /// still speaks for the window: a calendar window (day, month) until it ends; all time and a rolling window always (a rolling
    /// window's spending can only have fallen since, so it is an upper bound). <see langword="null"/> if nothing was read yet.
    /// </summary>
    internal (long Microjoules, long Nanograms)? LastKnownSpent(GreenPTBudgetWindow window, DateTimeOffset now) =>
        Volatile.Read(ref _lastKnown) is { } known && known.Window.Equals(window) &&
        (window.Kind is GreenPTBudgetWindowKind.AllTime or GreenPTBudgetWindowKind.Rolling || window.RangeAt(now).Start == known.WindowStart)
            ? (Interlocked.Read(ref known.Microjoules), Interlocked.Read(ref known.Nanograms))
            : null;

    private GreenPTImpactCounters Estimate(GreenPTImpactCounters counters, string model, GreenPTLedgerReading? allTime)
    {
        GreenPTImpactCounters?[] candidates = allTime is null ? [] : [allTime.ByModel.TryGetValue(model, out GreenPTImpactCounters? m) ? m : null, allTime.Total];
        foreach (GreenPTImpactCounters? seen in candidates)
        {
            long measured = seen is null ? 0 : seen.Calls - seen.CallsWithoutImpact;
            if (measured > 0)
            {
                return counters.WithEstimate(seen!.EnergyMicrojoules / measured, seen.EmissionsNanograms / measured);
            }
        }

        return DefaultEstimate is { } fallback
            ? counters.WithEstimate(GreenPTImpactCounters.ToMicrojoules(fallback.Energy) ?? 0, GreenPTImpactCounters.ToNanograms(fallback.Emissions) ?? 0)
            : counters;
    }

    /// <summary>Counts a call the budget refused.</summary>
    internal ValueTask RecordRefusedAsync(CancellationToken cancellationToken) =>
        Ledger.RecordAsync(_scope, null, new GreenPTImpactCounters { RefusedCalls = 1 }, Now, cancellationToken);

    /// <summary>Counts a call the budget degraded (its impact is recorded as usual when it completes).</summary>
    internal ValueTask RecordDegradedAsync(CancellationToken cancellationToken) =>
        Ledger.RecordAsync(_scope, null, new GreenPTImpactCounters { DegradedCalls = 1 }, Now, cancellationToken);

    /// <summary>Forgets everything recorded for the scope, in its ledger (the budget stays).</summary>
    public void Reset() => Ledger.Reset(_scope);

    /// <summary>A report of all time: the totals, per model and per call on average, with tokens per watt-hour, the implied grid intensity and the budget's state.</summary>
    public GreenPTImpactReport CreateReport() => CreateReport(GreenPTBudgetWindow.AllTime);

    /// <summary>A report of one window (the current UTC day or month, the last N minutes or hours).</summary>
    /// <param name="window">The window the report covers.</param>
    public GreenPTImpactReport CreateReport(GreenPTBudgetWindow window)
    {
        Throw.IfNull(window);
        DateTimeOffset now = Now;
        GreenPTLedgerReading reading = Ledger.Read(_scope, window, now);
        GreenPTLedgerReading? budgetReading = Budget is null ? null : Budget.Window.Equals(window) ? reading : Ledger.Read(_scope, Budget.Window, now);
        return Report(reading, budgetReading);
    }

    /// <summary>A report of one window, read asynchronously (for a ledger over the network).</summary>
    /// <param name="window">The window the report covers.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async ValueTask<GreenPTImpactReport> CreateReportAsync(GreenPTBudgetWindow window, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(window);
        DateTimeOffset now = Now;
        GreenPTLedgerReading reading = await Ledger.ReadAsync(_scope, window, now, cancellationToken).ConfigureAwait(false);
        GreenPTLedgerReading? budgetReading = Budget is null ? null
            : Budget.Window.Equals(window) ? reading : await Ledger.ReadAsync(_scope, Budget.Window, now, cancellationToken).ConfigureAwait(false);
        return Report(reading, budgetReading);
    }

    /// <summary>
    /// The window bucket by bucket, in total and per model, for a chart (<see cref="GreenPTImpactSeries.ToSvg"/>): a rolling window of
    /// up to 2 hours by minute, longer by hour, a UTC day by hour, a UTC month by day, all time as the last 12 UTC months.
    /// </summary>
    /// <param name="window">The window.</param>
    public GreenPTImpactSeries GetSeries(GreenPTBudgetWindow window)
    {
        Throw.IfNull(window);
        (GreenPTLedgerBucketKind interval, var buckets) = GreenPTImpactSeries.Plan(window, Now);
        var points = new List<GreenPTImpactSeriesPoint>(buckets.Count);
        foreach ((DateTimeOffset start, DateTimeOffset end, GreenPTBudgetWindow read, DateTimeOffset at) in buckets)
        {
            points.Add(Point(start, end, Ledger.Read(_scope, read, at)));
        }

        return new GreenPTImpactSeries(Name, window, interval, points);
    }

    /// <summary>The window bucket by bucket, read asynchronously (for a ledger over the network); see <see cref="GetSeries"/>.</summary>
    /// <param name="window">The window.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async ValueTask<GreenPTImpactSeries> GetSeriesAsync(GreenPTBudgetWindow window, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(window);
        (GreenPTLedgerBucketKind interval, var buckets) = GreenPTImpactSeries.Plan(window, Now);
        var points = new List<GreenPTImpactSeriesPoint>(buckets.Count);
        foreach ((DateTimeOffset start, DateTimeOffset end, GreenPTBudgetWindow read, DateTimeOffset at) in buckets)
        {
            points.Add(Point(start, end, await Ledger.ReadAsync(_scope, read, at, cancellationToken).ConfigureAwait(false)));
        }

        return new GreenPTImpactSeries(Name, window, interval, points);
    }

    private static GreenPTImpactSeriesPoint Point(DateTimeOffset start, DateTimeOffset end, GreenPTLedgerReading reading) =>
        new(start, end, reading.Total.ToTotals(), ToTotals(reading.ByModel));

    private GreenPTImpactReport Report(GreenPTLedgerReading reading, GreenPTLedgerReading? budgetReading) =>
        new(Name, Budget, reading.Total.ToTotals(), ToTotals(reading.ByModel), reading,
            Budget is { } budget && budgetReading is not null ? budget.SpentFraction(budgetReading.Total.ToTotals().Impact) : null);

    private static Dictionary<string, GreenPTImpactTotals> ToTotals(IReadOnlyDictionary<string, GreenPTImpactCounters> byModel) =>
        byModel.ToDictionary(p => p.Key, p => p.Value.ToTotals(), StringComparer.Ordinal);
}
