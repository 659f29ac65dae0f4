using System.Text.Json;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.IntegrationTests;

/// <summary>Carbon budgets against the emulator: a spent budget stops calls before they reach the server.</summary>
public sealed class CarbonBudgetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, InlineData(false), InlineData(true)]
    public async Task SpentBudget_RefusesTheCall_BeforeAnyRequestReachesTheServer(bool streaming)
    {
        await using Harness harness = await Harness.StartAsync();
        var tracker = new GreenPTImpactTracker("tenant-a");
        var client = new GreenPTImpactTrackingChatClient(harness.CreateClient(), tracker);

        await Bounded.Within(client.GetResponseAsync("first", cancellationToken: Ct));
        GreenPTImpact firstCall = tracker.Total.Impact;
        tracker.Budget = new GreenPTCarbonBudget { EmissionsLimit = firstCall.Emissions }; // exactly spent
        int requestsBefore = harness.Emulator.RequestCount;

        GreenPTCarbonBudgetExceededException ex = await Bounded.ThrowsAsync<GreenPTCarbonBudgetExceededException>(() => streaming
            ? Bounded.StreamAsync(client.GetStreamingResponseAsync("second", cancellationToken: Ct))
            : client.GetResponseAsync("second", cancellationToken: Ct));

        Assert.Equal(requestsBefore, harness.Emulator.RequestCount);
        Assert.Equal("tenant-a", ex.Scope);
        Assert.Equal(1, tracker.Total.Calls);
        Assert.Equal(1, tracker.Total.RefusedCalls);
    }

    [Fact]
    public async Task NearlySpentBudget_SendsTheDegradedRequest()
    {
        await using Harness harness = await Harness.StartAsync();
        var tracker = new GreenPTImpactTracker
        {
            Budget = new GreenPTCarbonBudget { EnergyLimit = new(1000, "Wh"), DegradeAt = 0, DegradedModelId = "green-l", DegradeReasoning = true },
        };
        var client = new GreenPTImpactTrackingChatClient(harness.CreateClient(), tracker);

        ChatResponse response = await Bounded.Within(client.GetResponseAsync("Hi", new ChatOptions { ModelId = "gemma4" }, Ct));

        JsonElement sent = Answers.Json(harness.Emulator.ChatRequests[^1]);
        Assert.Equal("green-l", sent.GetProperty("model").GetString());
        Assert.Equal("none", sent.GetProperty("reasoning_effort").GetString());
        Assert.Equal("green-l", response.ModelId);
        Assert.StartsWith("model green-l, reasoning_effort none", response.GetGreenPTBudgetDegradation(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamedAndNonStreamedCalls_SumExactlyIntoTheTracker()
    {
        await using Harness harness = await Harness.StartAsync();
        var tracker = new GreenPTImpactTracker();
        var client = new GreenPTImpactTrackingChatClient(harness.CreateClient(), tracker);

        ChatResponse first = await Bounded.Within(client.GetResponseAsync("one", cancellationToken: Ct));
        ChatResponse second = await Bounded.Within(client.GetStreamingResponseAsync("two", cancellationToken: Ct).ToChatResponseAsync(Ct));

        double expected = first.GetGreenPTImpact()!.Energy!.Total + second.GetGreenPTImpact()!.Energy!.Total;
        Assert.Equal(expected, tracker.Total.Impact.Energy!.Total, 6);
        Assert.Equal(2, tracker.Total.Calls);
    }
}
