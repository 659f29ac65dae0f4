namespace GreenPT.AI.Tests.Accounting.Ledger;

/// <summary>Windows: where each starts and ends, which ledger buckets make it up, and which windows are refused.</summary>
public sealed class BudgetWindowTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 10, 37, 25, TimeSpan.Zero);

    [Fact]
    public void CalendarWindows_AreTheUtcDayAndMonth_EvenForATimeGivenInAnotherOffset()
    {
        var inParis = new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.FromHours(-2)); // 2026-12-02 01:30 UTC

        Assert.Equal((new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero)), GreenPTBudgetWindow.UtcDay.RangeAt(inParis));
        Assert.Equal((new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)), GreenPTBudgetWindow.UtcMonth.RangeAt(inParis));
        Assert.Equal("d20261202", Assert.Single(GreenPTBudgetWindow.UtcDay.BucketsAt(inParis)).Id);
        Assert.Equal("M202612", Assert.Single(GreenPTBudgetWindow.UtcMonth.BucketsAt(inParis)).Id);
        Assert.Equal("all", Assert.Single(GreenPTBudgetWindow.AllTime.BucketsAt(inParis)).Id);
    }

    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(90, 90, 0)]     // 09:08 to 10:38: no whole hour fits
    [InlineData(180, 60, 2)]    // 07:38-08:00, 08:00-10:00, 10:00-10:38
    [InlineData(1440, 60, 23)]  // 10:38 yesterday-11:00, 23 hours, 10:00-10:38
    public void RollingWindow_IsTiledExactly_ByHoursWhereTheyFitAndMinutesAtTheEdges(int minutes, int minuteBuckets, int hourBuckets)
    {
        GreenPTBudgetWindow window = GreenPTBudgetWindow.LastMinutes(minutes);
        (DateTimeOffset start, DateTimeOffset end) = window.RangeAt(At);

        IReadOnlyList<GreenPTLedgerBucket> buckets = window.BucketsAt(At);

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 38, 0, TimeSpan.Zero), end); // the minute 10:37 is in
        Assert.Equal(TimeSpan.FromMinutes(minutes), end - start);
        DateTime t = start.UtcDateTime;
        foreach (GreenPTLedgerBucket bucket in buckets)
        {
            Assert.Equal(t, bucket.Start); // contiguous, no overlap, no gap
            t = bucket.End;
        }

        Assert.Equal(end.UtcDateTime, t);
        Assert.Equal(hourBuckets, buckets.Count(b => b.Kind == GreenPTLedgerBucketKind.Hour));
        Assert.Equal(minuteBuckets, buckets.Count(b => b.Kind == GreenPTLedgerBucketKind.Minute));
    }

    [Fact]
    public void RecordBuckets_AreAllTimeMonthDayHourAndMinute()
    {
        Assert.Equal(["all", "M202612", "d20261202", "h2026120210", "m202612021037"], GreenPTLedgerBucket.For(At).Select(b => b.Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1441)]
    public void RollingWindow_OutOfRange_IsRefusedWithTheRangeInTheMessage(int minutes)
    {
        var ex = Assert.Throws<ArgumentException>(() => GreenPTBudgetWindow.LastMinutes(minutes));
        Assert.Contains("from 1 minute to 24 hours", ex.Message, StringComparison.Ordinal);
        Assert.Equal("length", ex.ParamName);
    }

    [Fact]
    public void RollingWindow_NotWholeMinutesOrHoursOutOfRange_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => GreenPTBudgetWindow.Rolling(TimeSpan.FromSeconds(90)));
        Assert.Equal("hours", Assert.Throws<ArgumentException>(() => GreenPTBudgetWindow.LastHours(0)).ParamName);
        Assert.Throws<ArgumentException>(() => GreenPTBudgetWindow.LastHours(25));
        Assert.Throws<ArgumentNullException>(() => new GreenPTCarbonBudget { Window = null! });
    }

    [Fact]
    public void Windows_DescribeThemselves_AndCompareByValue()
    {
        Assert.Equal("last 90 minutes", GreenPTBudgetWindow.LastMinutes(90).ToString());
        Assert.Equal("last 2 hours", GreenPTBudgetWindow.LastMinutes(120).ToString());
        Assert.Equal("last 1 hour", GreenPTBudgetWindow.LastHours(1).ToString());
        Assert.Equal("UTC day", GreenPTBudgetWindow.UtcDay.ToString());
        Assert.Equal(GreenPTBudgetWindow.LastHours(2), GreenPTBudgetWindow.LastMinutes(120));
        Assert.NotEqual(GreenPTBudgetWindow.UtcDay, GreenPTBudgetWindow.LastHours(24));
    }

    [Theory]
    [InlineData("tenant:a", "':'")]
    [InlineData("{tenant}", "'{'")]
    [InlineData("a b", "' '")]
    [InlineData("ten*", "'*'")]
    [InlineData("t\u00e9", "U+00E9")]
    [InlineData("line\nbreak", "U+000A")]
    public void ScopeName_WithACharacterRedisKeysGiveMeaningTo_IsRefusedNamingIt(string scope, string shown)
    {
        var ex = Assert.Throws<ArgumentException>(() => new GreenPTImpactTracker(scope) { Ledger = new GreenPTInMemoryImpactLedger() });
        Assert.Contains(shown, ex.Message, StringComparison.Ordinal);
        Assert.Equal("name", ex.ParamName);
    }

    [Fact]
    public void ScopeName_EmptyOrTooLong_IsRefused_AndAPrivateLedgerTakesAnyName()
    {
        Assert.Throws<ArgumentException>(() => new GreenPTImpactTracker() { Ledger = new GreenPTInMemoryImpactLedger() });
        Assert.Throws<ArgumentException>(() => new GreenPTImpactTracker(new string('a', 201)) { Ledger = new GreenPTInMemoryImpactLedger() });
        Assert.Equal("tenant:a b", new GreenPTImpactTracker("tenant:a b").Name);
        Assert.Equal("Org-1/user_2@x.y+z", GreenPTImpactLedger.ValidateScope("Org-1/user_2@x.y+z", "scope"));
    }
}
