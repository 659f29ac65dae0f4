namespace GreenPT.AI.Tests.Accounting.Ledger;

/// <summary>
/// What every <see cref="GreenPTImpactLedger"/> must do, run against each implementation (the in-memory one here, the Redis one in
/// GreenPT.AI.Redis.Tests, which compiles this file too): windows sum only their own records, reservations are atomic and bounded,
/// settling replaces a reservation with what was measured.
/// </summary>
public abstract class ImpactLedgerContractTests
{
    protected static readonly DateTimeOffset Noon = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The ledger under test.</summary>
    protected abstract GreenPTImpactLedger Ledger { get; }

    /// <summary>A scope no other test uses.</summary>
    protected static string NewScope() => "t-" + Guid.NewGuid().ToString("N");

    protected static GreenPTImpactCounters Call(long uj, long ng, long inTokens = 10, long outTokens = 5) =>
        new() { Calls = 1, EnergyMicrojoules = uj, EmissionsNanograms = ng, InputTokens = inTokens, OutputTokens = outTokens, InferenceMicroseconds = 1000, DurationTicks = 20_000 };

    private static GreenPTReservationRequest Ask(string scope, string? model = "gemma4", long? limitUj = 1000, long? ceilingUj = null, DateTimeOffset? at = null, TimeSpan? ttl = null) => new()
    {
        Scope = scope, ModelId = model, Window = GreenPTBudgetWindow.AllTime, EnergyLimitMicrojoules = limitUj, CeilingMicrojoules = ceilingUj,
        Id = Guid.NewGuid().ToString("N"), At = at ?? Noon, TimeToLive = ttl ?? TimeSpan.FromMinutes(10),
    };

    [Fact]
    public async Task Records_AreSummedPerWindow_EachWindowHoldingOnlyItsOwnTime()
    {
        string scope = NewScope();
        await Ledger.RecordAsync(scope, "gemma4", Call(100, 10), new DateTimeOffset(2026, 11, 30, 23, 59, 0, TimeSpan.Zero), Ct); // last month
        await Ledger.RecordAsync(scope, "gemma4", Call(200, 20), Noon.AddHours(-3), Ct);                                              // today, 09:00
        await Ledger.RecordAsync(scope, "green-l", Call(400, 40), Noon.AddMinutes(-30), Ct);                                          // today, 11:30
        Ledger.Record(scope, "gemma4", Call(800, 80), Noon);                                                                          // now

        Assert.Equal(1500, (await Ledger.ReadAsync(scope, GreenPTBudgetWindow.AllTime, Noon, Ct)).Total.EnergyMicrojoules);
        Assert.Equal(1400, (await Ledger.ReadAsync(scope, GreenPTBudgetWindow.UtcMonth, Noon, Ct)).Total.EnergyMicrojoules);
        Assert.Equal(1400, Ledger.Read(scope, GreenPTBudgetWindow.UtcDay, Noon).Total.EnergyMicrojoules);
        Assert.Equal(1200, (await Ledger.ReadAsync(scope, GreenPTBudgetWindow.LastHours(1), Noon, Ct)).Total.EnergyMicrojoules);
        Assert.Equal(800, (await Ledger.ReadAsync(scope, GreenPTBudgetWindow.LastMinutes(30), Noon, Ct)).Total.EnergyMicrojoules);
        Assert.Equal(1200, (await Ledger.ReadAsync(scope, GreenPTBudgetWindow.LastMinutes(31), Noon, Ct)).Total.EnergyMicrojoules);
        Assert.Equal(100, (await Ledger.ReadAsync(scope, GreenPTBudgetWindow.UtcDay, new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), Ct)).Total.EnergyMicrojoules);

        GreenPTLedgerReading today = await Ledger.ReadAsync(scope, GreenPTBudgetWindow.UtcDay, Noon, Ct);
        Assert.Equal(3, today.Total.Calls);
        Assert.Equal(140, today.Total.EmissionsNanograms);
        Assert.Equal(30, today.Total.InputTokens);
        Assert.Equal(60_000, today.Total.DurationTicks);
        Assert.Equal(1000, today.ByModel["gemma4"].EnergyMicrojoules);
        Assert.Equal(400, today.ByModel["green-l"].EnergyMicrojoules);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), today.Start);
    }

    [Fact]
    public async Task EstimatedCounters_AreKeptApartFromTheMeasured()
    {
        string scope = NewScope();
        GreenPTImpactCounters unmeasured = new GreenPTImpactCounters { Calls = 1, CallsWithoutImpact = 1 }.WithEstimate(400, 40);
        await Ledger.RecordAsync(scope, "embedder", unmeasured, Noon, Ct);
        await Ledger.RecordAsync(scope, "embedder", unmeasured, Noon, Ct);

        GreenPTImpactCounters read = (await Ledger.ReadAsync(scope, GreenPTBudgetWindow.UtcDay, Noon, Ct)).ByModel["embedder"];
        Assert.Equal((2L, 2L, 0L, 800L, 400L, 1600L, 80L, 40L, 160L), (read.CallsWithoutImpact, read.EstimatedCalls, read.EnergyMicrojoules,
            read.EstimatedEnergyMicrojoules, read.EstimatedEnergyLowMicrojoules, read.EstimatedEnergyHighMicrojoules,
            read.EstimatedEmissionsNanograms, read.EstimatedEmissionsLowNanograms, read.EstimatedEmissionsHighNanograms));
        Assert.Equal("remaining", (await Ledger.ReserveAsync(new GreenPTReservationRequest
        {
            Scope = scope, ModelId = "embedder", EnergyLimitMicrojoules = 1000, Id = "r", At = Noon,
        }, Ct)).Basis); // estimates never become a reservation's measured basis
    }

    [Fact]
    public async Task RefusedAndDegradedCounts_WithoutAModel_CountForTheScopeOnly()
    {
        string scope = NewScope();
        await Ledger.RecordAsync(scope, null, new GreenPTImpactCounters { RefusedCalls = 1 }, Noon, Ct);
        await Ledger.RecordAsync(scope, null, new GreenPTImpactCounters { DegradedCalls = 1 }, Noon, Ct);

        GreenPTLedgerReading reading = await Ledger.ReadAsync(scope, GreenPTBudgetWindow.UtcDay, Noon, Ct);
        Assert.Equal(1, reading.Total.RefusedCalls);
        Assert.Equal(1, reading.Total.DegradedCalls);
        Assert.Empty(reading.ByModel);
    }

    [Fact]
    public async Task Reservation_IsGrantedWhileItFits_ThenRefusedForWantOfRoom_ThenAsSpent()
    {
        string scope = NewScope();
        await Ledger.RecordAsync(scope, "gemma4", Call(300, 1), Noon, Ct); // the most one gemma4 call has cost: 300

        GreenPTReservation first = await Ledger.ReserveAsync(Ask(scope), Ct);   // 300 spent + 300 = 600
        GreenPTReservation second = await Ledger.ReserveAsync(Ask(scope), Ct);  // + 300 = 900
        GreenPTReservation third = await Ledger.ReserveAsync(Ask(scope), Ct);   // + 300 = 1200 > 1000

        Assert.True(first.Granted);
        Assert.Equal("model", first.Basis);
        Assert.Equal(300, first.EnergyMicrojoules);
        Assert.True(second.Granted);
        Assert.Equal(300, second.ReservedEnergyMicrojoules);
        Assert.False(third.Granted);
        Assert.Equal(GreenPTReservationRefusal.NoRoom, third.Refusal);
        Assert.Equal(600, third.ReservedEnergyMicrojoules);
        Assert.Equal(300, third.SpentEnergyMicrojoules);

        await Ledger.SettleAsync(first, "gemma4", Call(350, 1), Noon, Ct);  // measured more than reserved
        await Ledger.SettleAsync(second, null, null, Noon, Ct);             // failed, not billed: released
        GreenPTLedgerReading reading = await Ledger.ReadAsync(scope, GreenPTBudgetWindow.AllTime, Noon, Ct);
        Assert.Equal(650, reading.Total.EnergyMicrojoules);
        Assert.Equal(0, reading.Reserved.EnergyMicrojoules);

        await Ledger.RecordAsync(scope, "gemma4", Call(350, 1), Noon, Ct); // 1000: reached
        GreenPTReservation spent = await Ledger.ReserveAsync(Ask(scope, ceilingUj: 1), Ct);
        Assert.Equal(GreenPTReservationRefusal.Spent, spent.Refusal);
    }

    [Fact]
    public async Task ReservationEstimate_IsTheCeiling_ElseTheModelsMost_ElseTheScopesMost_ElseAllThatIsLeft()
    {
        string scope = NewScope();
        GreenPTReservation unknown = await Ledger.ReserveAsync(Ask(scope, limitUj: 1000), Ct);
        Assert.Equal(("remaining", 1000L), (unknown.Basis, unknown.EnergyMicrojoules));
        GreenPTReservation refusedWhileTheFirstRunsAlone = await Ledger.ReserveAsync(Ask(scope, limitUj: 1000), Ct);
        Assert.Equal(GreenPTReservationRefusal.NoRoom, refusedWhileTheFirstRunsAlone.Refusal);
        await Ledger.SettleAsync(unknown, "gemma4", Call(120, 1), Noon, Ct);
        await Ledger.RecordAsync(scope, "gemma4", Call(80, 1), Noon, Ct);

        GreenPTReservation byModel = await Ledger.ReserveAsync(Ask(scope), Ct);
        GreenPTReservation byScope = await Ledger.ReserveAsync(Ask(scope, model: "green-l"), Ct);
        GreenPTReservation byCeiling = await Ledger.ReserveAsync(Ask(scope, ceilingUj: 50), Ct);

        Assert.Equal(("model", 120L), (byModel.Basis, byModel.EnergyMicrojoules));
        Assert.Equal(("scope", 120L), (byScope.Basis, byScope.EnergyMicrojoules));
        Assert.Equal(("ceiling", 50L), (byCeiling.Basis, byCeiling.EnergyMicrojoules));
    }

    [Fact]
    public async Task Reservation_NeverSettled_StopsCountingAfterItsTimeToLive()
    {
        string scope = NewScope();
        GreenPTReservation crashed = await Ledger.ReserveAsync(Ask(scope, ceilingUj: 900, ttl: TimeSpan.FromMinutes(1)), Ct);
        Assert.True(crashed.Granted);

        Assert.False((await Ledger.ReserveAsync(Ask(scope, ceilingUj: 200, at: Noon.AddSeconds(59)), Ct)).Granted);
        GreenPTReservation later = await Ledger.ReserveAsync(Ask(scope, ceilingUj: 200, at: Noon.AddMinutes(1)), Ct);
        Assert.True(later.Granted);
        Assert.Equal(0, later.ReservedEnergyMicrojoules);
    }

    [Fact]
    public async Task Reservation_AgainstAWindow_CountsOnlyThatWindowsSpending()
    {
        string scope = NewScope();
        await Ledger.RecordAsync(scope, "gemma4", Call(900, 1), Noon.AddDays(-1), Ct); // yesterday
        GreenPTReservationRequest today = Ask(scope, ceilingUj: 500);

        GreenPTReservation perDay = await Ledger.ReserveAsync(new GreenPTReservationRequest
        {
            Scope = scope, ModelId = "gemma4", Window = GreenPTBudgetWindow.UtcDay, EnergyLimitMicrojoules = 1000, CeilingMicrojoules = 500,
            Id = today.Id, At = Noon, TimeToLive = TimeSpan.FromMinutes(1),
        }, Ct);
        GreenPTReservation allTime = await Ledger.ReserveAsync(Ask(scope, ceilingUj: 500), Ct);

        Assert.True(perDay.Granted);
        Assert.Equal(0, perDay.SpentEnergyMicrojoules);
        Assert.False(allTime.Granted);
        Assert.Equal(900, allTime.SpentEnergyMicrojoules);
    }

    [Fact]
    public async Task ConcurrentReservations_NeverGrantMoreThanFits()
    {
        string scope = NewScope();
        GreenPTReservation[] answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => Ledger.ReserveAsync(Ask(scope, ceilingUj: 100), Ct).AsTask(), Ct)));

        Assert.Equal(10, answers.Count(a => a.Granted));
    }

    [Fact]
    public async Task Reset_ForgetsTheScope_AndNoOtherScope()
    {
        string scope = NewScope();
        string other = NewScope();
        await Ledger.RecordAsync(scope, "gemma4", Call(100, 1), Noon, Ct);
        await Ledger.RecordAsync(other, "gemma4", Call(100, 1), Noon, Ct);
        await Ledger.ReserveAsync(Ask(scope, ceilingUj: 100), Ct);

        Ledger.Reset(scope);

        GreenPTLedgerReading reading = await Ledger.ReadAsync(scope, GreenPTBudgetWindow.AllTime, Noon, Ct);
        Assert.Equal(0, reading.Total.Calls);
        Assert.Equal(0, reading.Reserved.EnergyMicrojoules);
        Assert.Equal(1, (await Ledger.ReadAsync(other, GreenPTBudgetWindow.AllTime, Noon, Ct)).Total.Calls);
    }
}

/// <summary>The contract, on the in-memory ledger.</summary>
public sealed class InMemoryImpactLedgerTests : ImpactLedgerContractTests
{
    protected override GreenPTImpactLedger Ledger { get; } = new GreenPTInMemoryImpactLedger();

    [Fact]
    public void OldMinuteAndHourBuckets_AreDropped_OnceOlderThanTheLongestRollingWindow()
    {
        var ledger = new GreenPTInMemoryImpactLedger();
        ledger.Record("s", "m", Call(100, 1), Noon);
        ledger.Record("s", "m", Call(1, 1), Noon.AddHours(26)); // a new minute bucket: the old ones are pruned

        Assert.Equal(101, ledger.Read("s", GreenPTBudgetWindow.AllTime, Noon.AddHours(26)).Total.EnergyMicrojoules);
        Assert.Equal(0, ledger.Read("s", GreenPTBudgetWindow.LastMinutes(1), Noon).Total.EnergyMicrojoules); // its minute is gone
        Assert.Equal(100, ledger.Read("s", GreenPTBudgetWindow.UtcDay, Noon).Total.EnergyMicrojoules);     // its day is kept 35 days
    }
}
