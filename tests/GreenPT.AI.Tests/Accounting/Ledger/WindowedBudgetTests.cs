using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace GreenPT.AI.Tests.Accounting.Ledger;

/// <summary>Budgets and reports per window, through the tracker and the tracking middleware, on a clock the test moves.</summary>
public sealed class WindowedBudgetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GreenPTImpactRecord Call(double wms) => new() { ModelId = "gemma4", Impact = new GreenPTImpact { Energy = new(wms, "Wms"), Emissions = new(wms / 10, "ugCO2e") } };

    private sealed class ImpactClient(double wms) : IChatClient
    {
        public int Calls;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
            {
                ModelId = "gemma4",
                AdditionalProperties = new() { [GreenPTPropertyNames.Impact] = new GreenPTImpact { Energy = new(wms, "Wms") } },
            });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task DailyBudget_SpentToday_RefusesToday_AndAllowsAgainTomorrow()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 23, 0, 0, TimeSpan.Zero));
        var tracker = new GreenPTImpactTracker("tenant-a")
        {
            TimeProvider = clock,
            Budget = new GreenPTCarbonBudget { EnergyLimit = new(1000, "Wms"), Window = GreenPTBudgetWindow.UtcDay },
        };
        var inner = new ImpactClient(600);
        using var client = new GreenPTImpactTrackingChatClient(inner, tracker);

        await client.GetResponseAsync("Hi", cancellationToken: Ct);
        await client.GetResponseAsync("Hi", cancellationToken: Ct);
        var ex = await Assert.ThrowsAsync<GreenPTCarbonBudgetExceededException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
        Assert.Contains("carbon budget of 'tenant-a' per UTC day is spent", ex.Message, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromHours(1)); // midnight UTC
        await client.GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal(3, inner.Calls);
        Assert.Equal(0.6, tracker.BudgetSpentFraction!.Value, 12);
        Assert.Equal(1800, tracker.Total.Impact.EnergyInJoules!.Value * 1000, 9);
        Assert.Equal(1, tracker.Total.RefusedCalls);
        Assert.Equal(0, tracker.GetTotals(GreenPTBudgetWindow.UtcDay).RefusedCalls);
    }

    [Fact]
    public async Task RollingBudget_FreesRoom_AsOldMinutesLeaveTheWindow()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        var tracker = new GreenPTImpactTracker("tenant-a")
        {
            TimeProvider = clock,
            Budget = new GreenPTCarbonBudget { EnergyLimit = new(1000, "Wms"), Window = GreenPTBudgetWindow.LastMinutes(10) },
        };
        using var client = new GreenPTImpactTrackingChatClient(new ImpactClient(1000), tracker);

        await client.GetResponseAsync("Hi", cancellationToken: Ct);
        clock.Advance(TimeSpan.FromMinutes(9));
        await Assert.ThrowsAsync<GreenPTCarbonBudgetExceededException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
        clock.Advance(TimeSpan.FromMinutes(1));
        await client.GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal(2, tracker.Total.Calls);
    }

    [Fact]
    public async Task Report_OfAWindow_CoversThatWindow_AndSaysWhich()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var tracker = new GreenPTImpactTracker("tenant-a")
        {
            TimeProvider = clock,
            Budget = new GreenPTCarbonBudget { EnergyLimit = new(1, "Wh"), Window = GreenPTBudgetWindow.UtcMonth },
        };
        tracker.Record(Call(1_800_000)); // 0.5 Wh
        clock.Advance(TimeSpan.FromDays(1));
        await tracker.RecordAsync(Call(360_000), Ct); // 0.1 Wh

        GreenPTImpactReport day = tracker.CreateReport(GreenPTBudgetWindow.UtcDay);
        GreenPTImpactReport asyncDay = await tracker.CreateReportAsync(GreenPTBudgetWindow.UtcDay, Ct);

        Assert.Equal(1, day.Total.Calls);
        Assert.Equal(0.1, day.Total.Impact.EnergyInWattHours!.Value, 12);
        Assert.Equal(0.6, day.BudgetSpentFraction!.Value, 12); // the budget's own window: the month
        Assert.Equal(GreenPTBudgetWindow.UtcDay, day.Window);
        Assert.StartsWith("GreenPT impact report for tenant-a, UTC day 2026-12-02 00:00 to 2026-12-03 00:00 UTC" + Environment.NewLine, day.ToString(), StringComparison.Ordinal);
        Assert.Contains("budget: 60 % spent of 1 Wh per UTC month;", day.ToString(), StringComparison.Ordinal);
        System.Text.Json.Nodes.JsonNode json = System.Text.Json.Nodes.JsonNode.Parse(day.ToJson())!;
        Assert.Equal("UTC day", json["window"]!["kind"]!.GetValue<string>());
        Assert.Equal("2026-12-02T00:00:00Z", json["window"]!["start"]!.GetValue<string>());
        Assert.Equal("UTC month", json["budget"]!["window"]!.GetValue<string>());
        Assert.Equal(day.ToJson(), asyncDay.ToJson());
        Assert.Equal(2, tracker.CreateReport().Total.Calls);
        Assert.Null(System.Text.Json.Nodes.JsonNode.Parse(tracker.CreateReport().ToJson())!["window"]);
    }

    [Fact]
    public async Task TrackersOverOneLedger_ShareTheirScopesTotals()
    {
        var ledger = new GreenPTInMemoryImpactLedger();
        var a = new GreenPTImpactTracker("tenant-a") { Ledger = ledger };
        var alsoA = new GreenPTImpactTracker("tenant-a") { Ledger = ledger };
        var b = new GreenPTImpactTracker("tenant-b") { Ledger = ledger };

        a.Record(Call(100));
        await alsoA.RecordAsync(Call(50), Ct);
        b.Record(Call(7));

        Assert.Equal(2, a.Total.Calls);
        Assert.Equal(150, (await alsoA.GetTotalsAsync(GreenPTBudgetWindow.AllTime, Ct)).Impact.EnergyInJoules!.Value * 1000, 9);
        Assert.Equal(1, b.Total.Calls);
        a.Reset();
        Assert.Equal(0, alsoA.Total.Calls);
        Assert.Same(ledger, b.Ledger);
    }
}
