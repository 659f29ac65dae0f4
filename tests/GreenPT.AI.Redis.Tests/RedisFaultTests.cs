using Microsoft.Extensions.AI;
using StackExchange.Redis;

namespace GreenPT.AI.Redis.Tests;

/// <summary>Redis killed, restarted, or not there at all: refused or sent by the budget's choice, and no recorded impact lost.</summary>
public sealed class RedisFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GreenPTImpactRecord Call(int n) => new()
    {
        ModelId = n % 2 == 0 ? "gemma4" : "green-l",
        Impact = new GreenPTImpact { Energy = new(100 + n, "Wms"), Emissions = new(10 + n, "ugCO2e") },
        InputTokens = n,
        OutputTokens = 1,
    };

    private static Task RestoredAsync(ConnectionMultiplexer redis)
    {
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                restored.TrySetResult();
            }
        };
        return restored.Task;
    }

    [Fact]
    public async Task RedisKilledAndRestarted_TotalsEqualTheSumOfEveryMeasuredImpact()
    {
        await using RedisServer server = RedisServer.WithAppendOnlyFile();
        await server.InitializeAsync();
        string scope = "restart-" + Guid.NewGuid().ToString("N");
        await using ConnectionMultiplexer a = await server.ConnectAsync();
        await using ConnectionMultiplexer b = await server.ConnectAsync();
        using var ledgerA = new GreenPTRedisImpactLedger(a);
        using var ledgerB = new GreenPTRedisImpactLedger(b);
        var sendLater = new GreenPTCarbonBudget { EnergyLimit = new(1, "Wh"), ReserveBeforeSending = true, WhenLedgerUnavailable = GreenPTLedgerUnavailableBehavior.SendAndRecordLater };
        var trackerA = new GreenPTImpactTracker(scope) { Ledger = ledgerA, Budget = sendLater };
        var trackerB = new GreenPTImpactTracker(scope) { Ledger = ledgerB };
        var refusing = new GreenPTImpactTracker(scope) { Ledger = ledgerB, Budget = new GreenPTCarbonBudget { EnergyLimit = new(1, "Wh") } };
        long expectedMicrojoules = 0, expectedNanograms = 0;
        int expectedCalls = 0;
        void Expect(GreenPTImpactRecord r)
        {
            expectedMicrojoules += GreenPTImpactCounters.ToMicrojoules(r.Impact!.Energy)!.Value;
            expectedNanograms += GreenPTImpactCounters.ToNanograms(r.Impact.Emissions)!.Value;
            expectedCalls++;
        }

        using var clientA = new GreenPTImpactTrackingChatClient(new RecordedImpactClient(), trackerA);
        using var refusingClient = new GreenPTImpactTrackingChatClient(new RecordedImpactClient(), refusing);
        for (int n = 0; n < 20; n++)
        {
            GreenPTImpactRecord r = Call(n);
            Expect(r);
            if (n % 2 == 0)
            {
                await clientA.GetResponseAsync("Hi", new ChatOptions { ModelId = "gemma4", AdditionalProperties = new() { ["record"] = r } }, Ct);
            }
            else
            {
                await trackerB.RecordAsync(r, Ct);
            }
        }

        await server.KillAsync();

        // Refused, naming Redis and the scope, before anything is sent.
        var refused = await Assert.ThrowsAsync<GreenPTImpactLedgerUnavailableException>(() => refusingClient.GetResponseAsync("Hi", cancellationToken: Ct));
        Assert.Contains("Redis", refused.Message, StringComparison.Ordinal);
        Assert.Contains(scope, refused.Message, StringComparison.Ordinal);
        Assert.Equal(scope, refused.Scope);

        // Sent and recorded later (the budget's choice), and plain records: all buffered.
        for (int n = 20; n < 30; n++)
        {
            GreenPTImpactRecord r = Call(n);
            Expect(r);
            if (n % 2 == 0)
            {
                await clientA.GetResponseAsync("Hi", new ChatOptions { ModelId = "gemma4", AdditionalProperties = new() { ["record"] = r } }, Ct);
            }
            else
            {
                await trackerB.RecordAsync(r, Ct);
            }
        }

        Assert.Equal(5, ledgerA.BufferedRecords);
        Assert.True(ledgerB.BufferedRecords >= 5); // and the refusal's count
        Task restoredA = RestoredAsync(a), restoredB = RestoredAsync(b);

        await server.StartAsync();
        await Task.WhenAll(restoredA, restoredB).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(0, await ledgerA.FlushAsync(Ct));
        Assert.Equal(0, await ledgerB.FlushAsync(Ct));

        GreenPTLedgerReading total = await ledgerA.ReadAsync(scope, GreenPTBudgetWindow.AllTime, DateTimeOffset.UtcNow, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"after kill and restart: {total.Total.Calls} calls, {total.Total.EnergyMicrojoules} µJ, {total.Total.EmissionsNanograms} ng; expected {expectedCalls}, {expectedMicrojoules}, {expectedNanograms}");
        Assert.Equal(expectedCalls, total.Total.Calls);
        Assert.Equal(expectedMicrojoules, total.Total.EnergyMicrojoules);
        Assert.Equal(expectedNanograms, total.Total.EmissionsNanograms);
        Assert.Equal(1, total.Total.RefusedCalls);
        Assert.Equal(0, ledgerA.DroppedRecords + ledgerB.DroppedRecords);
        Assert.Equal(total.Total.EnergyMicrojoules, (await ledgerB.ReadAsync(scope, GreenPTBudgetWindow.UtcDay, DateTimeOffset.UtcNow, Ct)).Total.EnergyMicrojoules);
    }

    [Fact]
    public async Task RedisUnreachableAtStart_RecordsWaitInTheBuffer_AndReachRedisWhenItComes()
    {
        var server = new RedisServer(); // not started yet: nothing listens on its port
        await using (server)
        {
            ConfigurationOptions options = ConfigurationOptions.Parse(server.Configuration);
            options.BacklogPolicy = BacklogPolicy.FailFast;
            await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(options);
            Assert.False(redis.IsConnected);
            using var ledger = new GreenPTRedisImpactLedger(redis, new GreenPTRedisLedgerOptions { BufferCapacity = 3 });
            var tracker = new GreenPTImpactTracker("tenant-a") { Ledger = ledger };

            var ex = Assert.Throws<GreenPTImpactLedgerUnavailableException>(() => tracker.Total);
            Assert.StartsWith($"Redis (127.0.0.1:{server.Port}) is unreachable, so the impact ledger could not read the totals of scope 'tenant-a'", ex.Message, StringComparison.Ordinal);
            Assert.Equal("Redis", ex.Ledger);
            for (int n = 0; n < 4; n++)
            {
                tracker.Record(Call(n));
            }

            Assert.Equal(3, ledger.BufferedRecords);
            Assert.Equal(1, ledger.DroppedRecords); // the bound: the fourth did not fit

            Task restored = RestoredAsync(redis);
            await server.StartAsync();
            await restored.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            Assert.Equal(0, await ledger.FlushAsync(Ct));
            Assert.Equal(3, tracker.Total.Calls);
            Assert.Equal((100 + 101 + 102) * 1000, tracker.Ledger.Read("tenant-a", GreenPTBudgetWindow.AllTime, DateTimeOffset.UtcNow).Total.EnergyMicrojoules);
        }
    }

    [Fact]
    public async Task RedisDown_SendAndRecordLater_RefusesOnceTheLastKnownTotalsSpendTheBudget_UntilItsWindowEnds()
    {
        await using var server = new RedisServer();
        await server.InitializeAsync();
        string scope = "last-known-" + Guid.NewGuid().ToString("N");
        await using ConnectionMultiplexer redis = await server.ConnectAsync();
        using var ledger = new GreenPTRedisImpactLedger(redis);
        var clock = new SettableClock(new DateTimeOffset(2026, 12, 2, 23, 0, 0, TimeSpan.Zero));
        var tracker = new GreenPTImpactTracker(scope)
        {
            Ledger = ledger,
            TimeProvider = clock,
            DefaultEstimate = new GreenPTImpact { Energy = new(50, "Wms") },
            Budget = new GreenPTCarbonBudget
            {
                EnergyLimit = new(1000, "Wms"),
                Window = GreenPTBudgetWindow.UtcDay,
                WhenLedgerUnavailable = GreenPTLedgerUnavailableBehavior.SendAndRecordLater,
            },
        };
        var inner = new RecordedImpactClient();
        using var client = new GreenPTImpactTrackingChatClient(inner, tracker);
        ChatOptions Costing(double wms) => new()
        {
            ModelId = "gemma4",
            AdditionalProperties = new() { ["record"] = new GreenPTImpactRecord { ModelId = "gemma4", Impact = new GreenPTImpact { Energy = new(wms, "Wms") } } },
        };

        await client.GetResponseAsync("Hi", Costing(600), Ct);   // read with Redis up: 0 spent; 600 Wms recorded
        await server.KillAsync();
        await client.GetResponseAsync("Hi", Costing(500), Ct);   // Redis down: last known 600 of 1000, sent; buffered
        await tracker.RecordAsync(new GreenPTImpactRecord { ModelId = "gemma4" }, Ct); // no impact: estimated from the default, buffered
        Assert.Equal(2, ledger.BufferedRecords);
        var refused = await Assert.ThrowsAsync<GreenPTCarbonBudgetExceededException>(() => client.GetResponseAsync("Hi", Costing(1), Ct));

        Assert.Equal(2, inner.Calls);
        Assert.Contains("last totals read from its ledger", refused.Message, StringComparison.Ordinal);
        Assert.Contains(scope, refused.Message, StringComparison.Ordinal);
        Assert.IsType<GreenPTImpactLedgerUnavailableException>(refused.InnerException);
        Assert.Equal(1100, refused.Spent!.EnergyInJoules!.Value * 1000, 6);

        clock.Now = clock.Now.AddHours(2);                       // a new UTC day: yesterday's totals no longer speak for it
        await client.GetResponseAsync("Hi", Costing(1), Ct);
        Assert.Equal(3, inner.Calls);
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Answers with the impact of the record the test put in the options.</summary>
    private sealed class RecordedImpactClient : IChatClient
    {
        public int Calls;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            var record = (GreenPTImpactRecord)options!.AdditionalProperties!["record"]!;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
            {
                ModelId = record.ModelId,
                AdditionalProperties = new() { [GreenPTPropertyNames.Impact] = record.Impact },
            });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
