using System.Globalization;

namespace GreenPT.AI;

/// <summary>
/// A window's impact bucket by bucket (minutes, hours, days or months), in total and per model: what a chart of a scope shows.
/// Made by <see cref="GreenPTImpactTracker.GetSeries"/>; <see cref="ToSvg"/> draws it.
/// </summary>
/// <remarks>
/// The buckets follow the window: a rolling window of up to 2 hours by minute, a longer one by hour (the oldest bucket shorter when
/// the length is not whole hours), a UTC day by hour, a UTC month by day, all time as the 12 UTC months up to now (ledgers keep
/// month sums for 400 days). Each bucket is read from the ledger as a window of its own, so a shared ledger gives the fleet's figures.
/// </remarks>
public sealed class GreenPTImpactSeries
{
    internal GreenPTImpactSeries(string? scope, GreenPTBudgetWindow window, GreenPTLedgerBucketKind interval, IReadOnlyList<GreenPTImpactSeriesPoint> points)
    {
        Scope = scope;
        Window = window;
        Interval = interval;
        Points = points;
        Models = [.. points.SelectMany(p => p.ByModel)
            .GroupBy(m => m.Key, StringComparer.Ordinal)
            .Select(g => (Model: g.Key, Joules: g.Sum(m => (m.Value.Impact.EnergyInJoules ?? 0) + (m.Value.EstimatedImpact.EnergyInJoules ?? 0))))
            .OrderByDescending(m => m.Joules)
            .ThenBy(m => m.Model, StringComparer.Ordinal)
            .Select(m => m.Model)];
    }

    /// <summary>The tracker's name, if it has one.</summary>
    public string? Scope { get; }

    /// <summary>The window the series covers.</summary>
    public GreenPTBudgetWindow Window { get; }

    /// <summary>How long each bucket is: <see cref="GreenPTLedgerBucketKind.Minute"/>, <c>Hour</c>, <c>Day</c> or <c>Month</c>.</summary>
    public GreenPTLedgerBucketKind Interval { get; }

    /// <summary>The buckets, oldest first.</summary>
    public IReadOnlyList<GreenPTImpactSeriesPoint> Points { get; }

    /// <summary>Every model with a call in the series, the most energy (measured plus estimated) first, then by name.</summary>
    public IReadOnlyList<string> Models { get; }

    /// <summary>Where the first bucket starts (UTC).</summary>
    public DateTimeOffset Start => Points[0].Start;

    /// <summary>Where the last bucket ends (UTC, exclusive).</summary>
    public DateTimeOffset End => Points[Points.Count - 1].End;

    /// <summary>
    /// The series as an SVG image: energy and emissions per bucket, one stacked colour per model, estimates hatched on top, with
    /// axes, units and a legend giving each model's totals. Deterministic (the same series gives the same bytes).
    /// </summary>
    /// <param name="options">Size and title; <see langword="null"/> for 960 by 600 and a title naming the scope and window.</param>
    public string ToSvg(GreenPTChartOptions? options = null) => ImpactChartSvg.Render(this, options ?? new GreenPTChartOptions());

    /// <summary>The buckets of a window at <paramref name="now"/>: each one's range, and the window and time to read it from a ledger with.</summary>
    internal static (GreenPTLedgerBucketKind Interval, List<(DateTimeOffset Start, DateTimeOffset End, GreenPTBudgetWindow Window, DateTimeOffset At)> Buckets) Plan(
        GreenPTBudgetWindow window, DateTimeOffset now)
    {
        var buckets = new List<(DateTimeOffset, DateTimeOffset, GreenPTBudgetWindow, DateTimeOffset)>();
        (DateTimeOffset start, DateTimeOffset end) = window.RangeAt(now);
        switch (window.Kind)
        {
            case GreenPTBudgetWindowKind.Rolling:
                TimeSpan step = window.Length <= TimeSpan.FromHours(2) ? TimeSpan.FromMinutes(1) : TimeSpan.FromHours(1);
                for (DateTimeOffset e = end; e > start; e -= step)
                {
                    DateTimeOffset s = e - step < start ? start : e - step;
                    buckets.Insert(0, (s, e, GreenPTBudgetWindow.Rolling(e - s), e.AddMinutes(-1)));
                }

                return (step == TimeSpan.FromMinutes(1) ? GreenPTLedgerBucketKind.Minute : GreenPTLedgerBucketKind.Hour, buckets);
            case GreenPTBudgetWindowKind.UtcDay:
                for (DateTimeOffset s = start; s < end; s = s.AddHours(1))
                {
                    buckets.Add((s, s.AddHours(1), GreenPTBudgetWindow.LastHours(1), s.AddMinutes(59)));
                }

                return (GreenPTLedgerBucketKind.Hour, buckets);
            case GreenPTBudgetWindowKind.UtcMonth:
                for (DateTimeOffset s = start; s < end; s = s.AddDays(1))
                {
                    buckets.Add((s, s.AddDays(1), GreenPTBudgetWindow.UtcDay, s));
                }

                return (GreenPTLedgerBucketKind.Day, buckets);
            default:
                DateTime utc = now.UtcDateTime;
                var month = new DateTimeOffset(new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc));
                for (int i = 11; i >= 0; i--)
                {
                    DateTimeOffset s = month.AddMonths(-i);
                    buckets.Add((s, s.AddMonths(1), GreenPTBudgetWindow.UtcMonth, s));
                }

                return (GreenPTLedgerBucketKind.Month, buckets);
        }
    }

    /// <summary>A bucket's label on a chart's time axis: <c>13:07</c>, <c>13:00</c>, <c>2</c> (day of the month) or <c>2026-12</c>.</summary>
    internal string Label(GreenPTImpactSeriesPoint point) => Interval switch
    {
        GreenPTLedgerBucketKind.Minute or GreenPTLedgerBucketKind.Hour => point.Start.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture),
        GreenPTLedgerBucketKind.Day => point.Start.UtcDateTime.Day.ToString(CultureInfo.InvariantCulture),
        _ => point.Start.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture),
    };
}

/// <summary>One bucket of a <see cref="GreenPTImpactSeries"/>.</summary>
public sealed class GreenPTImpactSeriesPoint
{
    internal GreenPTImpactSeriesPoint(DateTimeOffset start, DateTimeOffset end, GreenPTImpactTotals total, IReadOnlyDictionary<string, GreenPTImpactTotals> byModel)
    {
        Start = start;
        End = end;
        Total = total;
        ByModel = byModel;
    }

    /// <summary>Where the bucket starts (UTC).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Where the bucket ends (UTC, exclusive).</summary>
    public DateTimeOffset End { get; }

    /// <summary>What was recorded in the bucket.</summary>
    public GreenPTImpactTotals Total { get; }

    /// <summary>What was recorded in the bucket, per model.</summary>
    public IReadOnlyDictionary<string, GreenPTImpactTotals> ByModel { get; }
}
