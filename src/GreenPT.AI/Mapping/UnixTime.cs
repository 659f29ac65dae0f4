namespace GreenPT.AI.Mapping;

/// <summary>Unix timestamps from the wire. Pure.</summary>
internal static class UnixTime
{
    /// <summary>The largest value <see cref="DateTimeOffset.FromUnixTimeSeconds(long)"/> takes: 9999-12-31T23:59:59Z.</summary>
    private const long MaxSeconds = 253_402_300_799;

    /// <summary>
    /// A time from seconds since 1970; <see langword="null"/> for none, zero or a negative value, and for a value beyond year 9999
    /// (a server sending milliseconds, say), which no <see cref="DateTimeOffset"/> can hold.
    /// </summary>
    public static DateTimeOffset? FromSeconds(long? seconds) =>
        seconds is long s and > 0 and <= MaxSeconds ? DateTimeOffset.FromUnixTimeSeconds(s) : null;
}
