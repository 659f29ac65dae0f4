using System.Globalization;

namespace GreenPT.AI;

/// <summary>
/// The stretch of time a <see cref="GreenPTCarbonBudget"/> limits and a report covers: all time (the default, as before windows
/// existed), a calendar day or month in UTC, or a rolling window of the last N minutes or hours.
/// </summary>
/// <remarks>
/// Rolling windows are kept at minute resolution: the window ending at <c>t</c> covers the minute <c>t</c> falls in and the
/// <c>N - 1</c> whole minutes before it (so it reaches back between N - 1 and N minutes). They are from 1 minute to
/// <see cref="MaxRollingLength"/> long, in whole minutes.
/// </remarks>
public sealed class GreenPTBudgetWindow : IEquatable<GreenPTBudgetWindow>
{
    /// <summary>The longest rolling window: 24 hours. Ledgers keep minute and hour totals for this long (plus an hour).</summary>
    public static readonly TimeSpan MaxRollingLength = TimeSpan.FromHours(24);

    private GreenPTBudgetWindow(GreenPTBudgetWindowKind kind, TimeSpan length)
    {
        Kind = kind;
        Length = length;
    }

    /// <summary>Everything ever recorded for the scope.</summary>
    public static GreenPTBudgetWindow AllTime { get; } = new(GreenPTBudgetWindowKind.AllTime, TimeSpan.Zero);

    /// <summary>The UTC calendar day (00:00 to 24:00 UTC) the time in question falls in.</summary>
    public static GreenPTBudgetWindow UtcDay { get; } = new(GreenPTBudgetWindowKind.UtcDay, TimeSpan.FromDays(1));

    /// <summary>The UTC calendar month the time in question falls in.</summary>
    public static GreenPTBudgetWindow UtcMonth { get; } = new(GreenPTBudgetWindowKind.UtcMonth, TimeSpan.Zero);

    /// <summary>What kind of window this is.</summary>
    public GreenPTBudgetWindowKind Kind { get; }

    /// <summary>A rolling window's length (a day's for <see cref="UtcDay"/>); <see cref="TimeSpan.Zero"/> for all time and months.</summary>
    public TimeSpan Length { get; }

    /// <summary>A rolling window of the last <paramref name="minutes"/> minutes.</summary>
    /// <param name="minutes">From 1 to 1440.</param>
    /// <exception cref="ArgumentException">The length is out of range.</exception>
    public static GreenPTBudgetWindow LastMinutes(int minutes) => Rolling(TimeSpan.FromMinutes(minutes));

    /// <summary>A rolling window of the last <paramref name="hours"/> hours.</summary>
    /// <param name="hours">From 1 to 24.</param>
    /// <exception cref="ArgumentException">The length is out of range.</exception>
    public static GreenPTBudgetWindow LastHours(int hours) =>
        hours is >= 1 and <= 24 ? Rolling(TimeSpan.FromHours(hours)) : throw new ArgumentException(
            $"A rolling window of {hours} hours is out of range: it must be from 1 to 24 hours.", nameof(hours));

    /// <summary>A rolling window of the given length.</summary>
    /// <param name="length">Whole minutes, from 1 minute to <see cref="MaxRollingLength"/>.</param>
    /// <exception cref="ArgumentException">The length is not whole minutes or out of range.</exception>
    public static GreenPTBudgetWindow Rolling(TimeSpan length)
    {
        if (length < TimeSpan.FromMinutes(1) || length > MaxRollingLength || length.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentException(
                $"A rolling window of {length} is not valid: it must be whole minutes, from 1 minute to {MaxRollingLength.TotalHours:0} hours.", nameof(length));
        }

        return new GreenPTBudgetWindow(GreenPTBudgetWindowKind.Rolling, length);
    }

    /// <summary>Where the window containing (or, for a rolling window, ending at) <paramref name="at"/> starts and ends, in UTC.</summary>
    /// <param name="at">A time inside the window; for a rolling window, its end.</param>
    /// <returns>The start (inclusive) and end (exclusive); all time starts at <see cref="DateTimeOffset.MinValue"/>.</returns>
    public (DateTimeOffset Start, DateTimeOffset End) RangeAt(DateTimeOffset at)
    {
        DateTime utc = at.UtcDateTime;
        switch (Kind)
        {
            case GreenPTBudgetWindowKind.UtcDay:
                return (new DateTimeOffset(utc.Date, TimeSpan.Zero), new DateTimeOffset(utc.Date.AddDays(1), TimeSpan.Zero));
            case GreenPTBudgetWindowKind.UtcMonth:
                var month = new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc);
                return (new DateTimeOffset(month), new DateTimeOffset(month.AddMonths(1)));
            case GreenPTBudgetWindowKind.Rolling:
                DateTime endMinute = GreenPTLedgerBucket.Floor(utc, TimeSpan.TicksPerMinute).AddMinutes(1);
                return (new DateTimeOffset(endMinute - Length), new DateTimeOffset(endMinute));
            default:
                return (DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        }
    }

    /// <summary>
    /// The ledger buckets whose sums make up this window at <paramref name="at"/>: one bucket for all time, a day or a month;
    /// for a rolling window, whole hours where they fit and minutes at the edges (at most 118 minutes and 24 hours).
    /// </summary>
    /// <param name="at">A time inside the window; for a rolling window, its end.</param>
    public IReadOnlyList<GreenPTLedgerBucket> BucketsAt(DateTimeOffset at)
    {
        DateTime utc = at.UtcDateTime;
        switch (Kind)
        {
            case GreenPTBudgetWindowKind.AllTime:
                return [GreenPTLedgerBucket.AllTime];
            case GreenPTBudgetWindowKind.UtcDay:
                return [GreenPTLedgerBucket.Containing(GreenPTLedgerBucketKind.Day, utc)];
            case GreenPTBudgetWindowKind.UtcMonth:
                return [GreenPTLedgerBucket.Containing(GreenPTLedgerBucketKind.Month, utc)];
            default:
                (DateTimeOffset start, DateTimeOffset end) = RangeAt(at);
                var buckets = new List<GreenPTLedgerBucket>();
                DateTime t = start.UtcDateTime;
                DateTime stop = end.UtcDateTime;
                while (t < stop)
                {
                    bool wholeHour = t.Ticks % TimeSpan.TicksPerHour == 0 && t.AddHours(1) <= stop;
                    buckets.Add(GreenPTLedgerBucket.Containing(wholeHour ? GreenPTLedgerBucketKind.Hour : GreenPTLedgerBucketKind.Minute, t));
                    t = wholeHour ? t.AddHours(1) : t.AddMinutes(1);
                }

                return buckets;
        }
    }

    /// <summary>A short description: <c>all time</c>, <c>UTC day</c>, <c>UTC month</c>, <c>last 90 minutes</c>.</summary>
    public override string ToString() => Kind switch
    {
        GreenPTBudgetWindowKind.AllTime => "all time",
        GreenPTBudgetWindowKind.UtcDay => "UTC day",
        GreenPTBudgetWindowKind.UtcMonth => "UTC month",
        _ => Length.Ticks % TimeSpan.TicksPerHour == 0
            ? "last " + ((int)Length.TotalHours).ToString(CultureInfo.InvariantCulture) + (Length.TotalHours == 1 ? " hour" : " hours")
            : "last " + ((int)Length.TotalMinutes).ToString(CultureInfo.InvariantCulture) + (Length.TotalMinutes == 1 ? " minute" : " minutes"),
    };

    /// <inheritdoc />
    public bool Equals(GreenPTBudgetWindow? other) => other is not null && other.Kind == Kind && other.Length == Length;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GreenPTBudgetWindow);

    /// <inheritdoc />
    public override int GetHashCode() => ((int)Kind * 397) ^ Length.GetHashCode();
}

/// <summary>The kinds of <see cref="GreenPTBudgetWindow"/>.</summary>
public enum GreenPTBudgetWindowKind
{
    /// <summary>Everything recorded.</summary>
    AllTime,

    /// <summary>A UTC calendar day.</summary>
    UtcDay,

    /// <summary>A UTC calendar month.</summary>
    UtcMonth,

    /// <summary>The last N minutes, at minute resolution.</summary>
    Rolling,
}
