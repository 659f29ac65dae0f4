using System.Globalization;

namespace GreenPT.AI;

/// <summary>
/// One stretch of time a ledger keeps sums for: all time, a UTC month, day, hour or minute. Every record goes into the five buckets
/// containing its time (<see cref="For"/>); a <see cref="GreenPTBudgetWindow"/> is read as the sum of some of them.
/// </summary>
public readonly struct GreenPTLedgerBucket : IEquatable<GreenPTLedgerBucket>
{
    private GreenPTLedgerBucket(GreenPTLedgerBucketKind kind, DateTime start)
    {
        Kind = kind;
        Start = start;
    }

    /// <summary>The bucket of everything recorded.</summary>
    public static GreenPTLedgerBucket AllTime => new(GreenPTLedgerBucketKind.AllTime, DateTime.MinValue);

    /// <summary>What stretch of time the bucket covers.</summary>
    public GreenPTLedgerBucketKind Kind { get; }

    /// <summary>Where the bucket starts, in UTC (<see cref="DateTime.MinValue"/> for all time).</summary>
    public DateTime Start { get; }

    /// <summary>
    /// A stable name for the bucket, usable in a storage key: <c>all</c>, <c>M202612</c>, <c>d20261202</c>, <c>h2026120213</c>,
    /// <c>m202612021307</c>.
    /// </summary>
    public string Id => Kind switch
    {
        GreenPTLedgerBucketKind.AllTime => "all",
        GreenPTLedgerBucketKind.Month => "M" + Start.ToString("yyyyMM", CultureInfo.InvariantCulture),
        GreenPTLedgerBucketKind.Day => "d" + Start.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        GreenPTLedgerBucketKind.Hour => "h" + Start.ToString("yyyyMMddHH", CultureInfo.InvariantCulture),
        _ => "m" + Start.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// How long after its end a ledger keeps the bucket: minutes and hours 25 hours (the longest rolling window plus an hour),
    /// days 35 days, months 400 days; all time forever (<see langword="null"/>).
    /// </summary>
    public TimeSpan? Retention => Kind switch
    {
        GreenPTLedgerBucketKind.AllTime => null,
        GreenPTLedgerBucketKind.Month => TimeSpan.FromDays(400),
        GreenPTLedgerBucketKind.Day => TimeSpan.FromDays(35),
        _ => GreenPTBudgetWindow.MaxRollingLength + TimeSpan.FromHours(1),
    };

    /// <summary>Where the bucket ends, in UTC (<see cref="DateTime.MaxValue"/> for all time).</summary>
    public DateTime End => Kind switch
    {
        GreenPTLedgerBucketKind.AllTime => DateTime.MaxValue,
        GreenPTLedgerBucketKind.Month => Start.AddMonths(1),
        GreenPTLedgerBucketKind.Day => Start.AddDays(1),
        GreenPTLedgerBucketKind.Hour => Start.AddHours(1),
        _ => Start.AddMinutes(1),
    };

    /// <summary>The five buckets a record made at <paramref name="at"/> goes into: all time, its month, day, hour and minute.</summary>
    /// <param name="at">When the call was recorded.</param>
    public static GreenPTLedgerBucket[] For(DateTimeOffset at)
    {
        DateTime utc = at.UtcDateTime;
        return
        [
            AllTime,
            Containing(GreenPTLedgerBucketKind.Month, utc),
            Containing(GreenPTLedgerBucketKind.Day, utc),
            Containing(GreenPTLedgerBucketKind.Hour, utc),
            Containing(GreenPTLedgerBucketKind.Minute, utc),
        ];
    }

    /// <summary>The bucket of the given kind that contains <paramref name="utc"/>.</summary>
    /// <param name="kind">The bucket's kind.</param>
    /// <param name="utc">A UTC time.</param>
    public static GreenPTLedgerBucket Containing(GreenPTLedgerBucketKind kind, DateTime utc) => kind switch
    {
        GreenPTLedgerBucketKind.AllTime => AllTime,
        GreenPTLedgerBucketKind.Month => new(kind, new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc)),
        GreenPTLedgerBucketKind.Day => new(kind, DateTime.SpecifyKind(utc.Date, DateTimeKind.Utc)),
        GreenPTLedgerBucketKind.Hour => new(kind, Floor(utc, TimeSpan.TicksPerHour)),
        _ => new(kind, Floor(utc, TimeSpan.TicksPerMinute)),
    };

    internal static DateTime Floor(DateTime utc, long ticks) => new(utc.Ticks - (utc.Ticks % ticks), DateTimeKind.Utc);

    /// <inheritdoc />
    public bool Equals(GreenPTLedgerBucket other) => other.Kind == Kind && other.Start == Start;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GreenPTLedgerBucket other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => ((int)Kind * 397) ^ Start.GetHashCode();

    /// <summary>The bucket's <see cref="Id"/>.</summary>
    public override string ToString() => Id;

    /// <summary>Whether two buckets are the same.</summary>
    /// <param name="left">A bucket.</param>
    /// <param name="right">Another.</param>
    public static bool operator ==(GreenPTLedgerBucket left, GreenPTLedgerBucket right) => left.Equals(right);

    /// <summary>Whether two buckets differ.</summary>
    /// <param name="left">A bucket.</param>
    /// <param name="right">Another.</param>
    public static bool operator !=(GreenPTLedgerBucket left, GreenPTLedgerBucket right) => !left.Equals(right);
}

/// <summary>The stretches of time a ledger keeps sums for.</summary>
public enum GreenPTLedgerBucketKind
{
    /// <summary>Everything.</summary>
    AllTime,

    /// <summary>A UTC calendar month.</summary>
    Month,

    /// <summary>A UTC calendar day.</summary>
    Day,

    /// <summary>A UTC hour.</summary>
    Hour,

    /// <summary>A UTC minute.</summary>
    Minute,
}
