using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Accounting.Ledger;

/// <summary>Reservations through the tracking middleware: no overshoot under concurrency, settled with what was measured, released on failure.</summary>
public sealed class ReservationTests
{
    private const long CallMicrojoules = 526_000; // 526 Wms, as GreenPT's fixture completion

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GreenPTCarbonBudget Budget(int room, bool reserve, bool ceiling = true) => new()
    {
        EnergyLimit = new(room * CallMicrojoules / 1000.0, "Wms"),
        ReserveBeforeSending = reserve,
        CallCeiling = reserve && ceiling ? new GreenPTImpact { Energy = new(CallMicrojoules / 1000.0, "Wms") } : null,
    };

    private static GreenPTImpactTracker[] Instances(int count, GreenPTCarbonBudget budget)
    {
        var ledger = new GreenPTInMemoryImpactLedger();
        return Enumerable.Range(0, count).Select(_ => new GreenPTImpactTracker("tenant-a") { Ledger = ledger, Budget = budget }).ToArray();
    }

    [Fact]
    public async Task ConcurrentCalls_OverAFourInstanceLedger_SendAtMostTheRoom_WithReservations_AndAllWithout()
    {
        const int Calls = 200, Room = 10;

        ConcurrentCalls.Outcome without = await ConcurrentCalls.RunAsync(Instances(4, Budget(Room, reserve: false)), Calls, CallMicrojoules, Ct);
        GreenPTImpactTracker[] reserving = Instances(4, Budget(Room, reserve: true));
        ConcurrentCalls.Outcome with = await ConcurrentCalls.RunAsync(reserving, Calls, CallMicrojoules, Ct);

        TestContext.Current.TestOutputHelper?.WriteLine(without.Describe("without reservations", Room));
        TestContext.Current.TestOutputHelper?.WriteLine(with.Describe("with reservations (call ceiling)", Room));
        Assert.Equal(Calls, without.Sent); // every check ran before any call's impact was known: 20 times the budget
        Assert.Equal(Room, with.Sent);     // the ceiling is exact, so the room is used to the last call and never passed
        Assert.Equal(Calls - Room, with.RefusedPerInstance.Sum());
        Assert.Equal(1.0, reserving[0].BudgetSpentFraction!.Value, 12);
        Assert.Equal(0, reserving[0].Ledger.Read("tenant-a", GreenPTBudgetWindow.AllTime, DateTimeOffset.UtcNow).Reserved.EnergyMicrojoules);
    }

    [Fact]
    public async Task ConcurrentCalls_WithEstimatesFromRecordedCalls_SendAtMostTheRoom()
    {
        const int Calls = 200, Room = 10;
        GreenPTImpactTracker[] instances = Instances(3, Budget(Room, reserve: true, ceiling: false));
        ConcurrentCalls.Outcome warmUp = await ConcurrentCalls.RunAsync(instances, 1, CallMicrojoules, Ct); // the scope's first call ran alone

        ConcurrentCalls.Outcome with = await ConcurrentCalls.RunAsync(instances, Calls, CallMicrojoules, Ct);

        TestContext.Current.TestOutputHelper?.WriteLine(with.Describe("with reservations (estimate: the most a gemma4 call cost), after 1 warm-up call", Room - 1));
        Assert.Equal(1, warmUp.Sent);
        Assert.Equal(Room - 1, with.Sent);
        Assert.Equal(10, instances[0].Total.Calls);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task FailedCall_BeforeTheServerAnswered_ReleasesItsReservation_AndRecordsNothing(bool streaming)
    {
        var tracker = new GreenPTImpactTracker("tenant-a") { Budget = Budget(1, reserve: true) };
        using var client = new GreenPTImpactTrackingChatClient(new FailingClient(), tracker);

        if (streaming)
        {
            await Assert.ThrowsAsync<HttpRequestException>(async () =>
            {
                await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync("Hi", new ChatOptions { ModelId = "fail-before-answering" }, Ct))
                {
                }
            });
        }
        else
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
        }

        GreenPTLedgerReading reading = tracker.Ledger.Read("tenant-a", GreenPTBudgetWindow.AllTime, DateTimeOffset.UtcNow);
        Assert.Equal(0, reading.Reserved.EnergyMicrojoules);
        Assert.Equal(0, reading.Total.Calls);
    }

    [Theory, InlineData(null), InlineData("first-update-only")]
    public async Task StreamCutOrStoppedAfterItBegan_SettlesItsReservation_WithAnEstimatedCall(string? model)
    {
        var tracker = new GreenPTImpactTracker("tenant-a")
        {
            Budget = Budget(3, reserve: true),
            DefaultEstimate = new GreenPTImpact { Energy = new(100, "Wms") },
        };
        using var client = new GreenPTImpactTrackingChatClient(new FailingClient(), tracker);

        int updates = 0;
        try
        {
            await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync("Hi", new ChatOptions { ModelId = model }, Ct))
            {
                if (++updates == 1 && model is not null)
                {
                    break; // the reader walks away after the first update
                }
            }
        }
        catch (HttpRequestException) when (model is null)
        {
            // the connection was reset after the first update
        }

        GreenPTLedgerReading reading = tracker.Ledger.Read("tenant-a", GreenPTBudgetWindow.AllTime, DateTimeOffset.UtcNow);
        Assert.Equal(1, updates);
        Assert.Equal(0, reading.Reserved.EnergyMicrojoules);
        GreenPTImpactTotals total = tracker.Total;
        Assert.Equal(1, total.Calls);
        Assert.Equal(1, total.EstimatedCalls);
        Assert.Equal(new GreenPTMeasurement(100, "Wms"), total.EstimatedImpact.Energy);
        Assert.Equal(0, total.Impact.EnergyInWattHours ?? 0);
    }

    [Fact]
    public async Task NoRoom_RefusesBeforeSending_SayingWhatIsSpentReservedAndExpected()
    {
        GreenPTImpactTracker tracker = Instances(1, Budget(1, reserve: true, ceiling: false))[0];
        tracker.Record(new GreenPTImpactRecord { ModelId = "gemma4", Impact = new GreenPTImpact { Energy = new(300, "Wms") } });
        var inner = new FailingClient();
        using var client = new GreenPTImpactTrackingChatClient(inner, tracker);

        var ex = await Assert.ThrowsAsync<GreenPTCarbonBudgetExceededException>(() => client.GetResponseAsync("Hi", new ChatOptions { ModelId = "gemma4" }, Ct));

        Assert.Equal(0, inner.Calls);
        Assert.Equal(
            "The carbon budget of 'tenant-a' has no room for this call (energy 0.0833 mWh of 526 Wms spent, energy 0 mWh reserved by calls in flight; " +
            "this call is expected to cost energy 0.0833 mWh, estimated from the most one call of this model has cost); the call was not sent.", ex.Message);
        Assert.Equal(new GreenPTMeasurement(300, "Wms"), ex.Spent!.Energy);
        Assert.Equal(1, tracker.Total.RefusedCalls);
    }

    [Fact]
    public void CallCeiling_WithoutAPositiveFigure_IsRefusedWhenMade()
    {
        Assert.Contains("CallCeiling", Assert.Throws<ArgumentException>(() => new GreenPTCarbonBudget { CallCeiling = new GreenPTImpact() }).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new GreenPTCarbonBudget { CallCeiling = new GreenPTImpact { Energy = new(-1, "Wh") } });
        Assert.Throws<ArgumentOutOfRangeException>(() => new GreenPTCarbonBudget { ReservationTimeToLive = TimeSpan.Zero });
    }

    private sealed class FailingClient : IChatClient
    {
        public int Calls;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            throw new HttpRequestException("connection refused");
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (options?.ModelId == "fail-before-answering")
            {
                throw new HttpRequestException("connection refused");
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, "a");
            if (options?.ModelId != "first-update-only")
            {
                throw new HttpRequestException("connection reset");
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, "b");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
