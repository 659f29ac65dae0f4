using System.Text.Json;
using System.Text.Json.Nodes;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Moq;

namespace GreenPT.AI.Tests.Accounting;

/// <summary>The tracking middleware and tracker: exact totals whatever path the impact took, and nothing lost under concurrency.</summary>
public sealed class ImpactTrackingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GreenPTImpact Impact(double ms, double wms, double ug) =>
        new() { InferenceTime = new(ms, "ms"), Energy = new(wms, "Wms"), Emissions = new(ug, "ugCO2e"), Version = "20250922" };

    /// <summary>A response as GreenPTChatClient builds it: impact on the response and its message, mirrored into usage.</summary>
    private static ChatResponse GreenPTStyleResponse(GreenPTImpact impact, string model = "gemma4", int input = 10, int output = 5)
    {
        var usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
        usage.Add(ImpactMappingProbe.UsageFor(impact));
        var message = new ChatMessage(ChatRole.Assistant, "ok") { AdditionalProperties = new() { ["impact"] = impact } };
        return new ChatResponse(message) { ModelId = model, Usage = usage, AdditionalProperties = new() { ["impact"] = impact } };
    }

    [Fact]
    public async Task NonStreamingAndStreamingCalls_SumExactly()
    {
        var tracker = new GreenPTImpactTracker("conversation-1");
        var handler = new ScriptedHandler(
            ScriptedHandler.Json(Fixtures.Read("equivalent-completion.json")),
            ScriptedHandler.Sse(Fixtures.Read("greenpt-stream-basic.sse")));
        using var client = new GreenPTImpactTrackingChatClient(TestClients.Create(handler), tracker);

        await client.GetResponseAsync("first", cancellationToken: Ct);
        await TestClients.StreamAsync(client, "second");

        GreenPTImpactTotals total = tracker.Total;
        Assert.Equal(2, total.Calls);
        Assert.Equal(0, total.CallsWithoutImpact);
        Assert.Equal(new GreenPTMeasurement(3112097.5 + 526, "Wms"), total.Impact.Energy);
        Assert.Equal(new GreenPTMeasurement(26311.25 + 47, "ugCO2e"), total.Impact.Emissions);
        Assert.Equal(new GreenPTMeasurement(2851 + 1380, "ms"), total.Impact.InferenceTime);
        Assert.Equal(120 + 10, total.InputTokens);
        Assert.Equal(45 + 22, total.OutputTokens);
        Assert.Equal(["gemma4", "green-l"], tracker.ByModel.Keys.Order());
        Assert.Equal(new GreenPTMeasurement(526, "Wms"), tracker.ByModel["green-l"].Impact.Energy);
    }

    [Fact]
    public async Task ResponseRestoredFromJson_SumsExactly()
    {
        ChatResponse original = GreenPTStyleResponse(Impact(2851, 3112097.5, 26311.25));
        ChatResponse restored = JsonSerializer.Deserialize<ChatResponse>(JsonSerializer.Serialize(original, AIJsonUtilities.DefaultOptions), AIJsonUtilities.DefaultOptions)!;
        var inner = new Mock<IChatClient>();
        inner.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>())).ReturnsAsync(restored);
        var tracker = new GreenPTImpactTracker();

        await new GreenPTImpactTrackingChatClient(inner.Object, tracker).GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal(new GreenPTMeasurement(3112097.5, "Wms"), tracker.Total.Impact.Energy);
    }

    [Fact]
    public async Task SimulatedToolLoopOfThreeCalls_InsideTheLoop_SumsExactly()
    {
        var inner = new Mock<IChatClient>();
        inner.SetupSequence(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(GreenPTStyleResponse(Impact(100, 1000.25, 10.5)))
            .ReturnsAsync(GreenPTStyleResponse(Impact(200, 2000.25, 20.25)))
            .ReturnsAsync(GreenPTStyleResponse(Impact(300, 3000.5, 30.125)));
        var tracker = new GreenPTImpactTracker();
        var client = new GreenPTImpactTrackingChatClient(inner.Object, tracker);

        // What a function-invocation loop does: call, run the tool, call again.
        List<ChatMessage> history = [new(ChatRole.User, "What's the weather?")];
        for (int i = 0; i < 3; i++)
        {
            ChatResponse step = await client.GetResponseAsync(history, cancellationToken: Ct);
            history.AddRange(step.Messages);
        }

        Assert.Equal(3, tracker.Total.Calls);
        Assert.Equal(new GreenPTMeasurement(6001, "Wms"), tracker.Total.Impact.Energy);
        Assert.Equal(new GreenPTMeasurement(60.875, "ugCO2e"), tracker.Total.Impact.Emissions);
        Assert.Equal(new GreenPTMeasurement(600, "ms"), tracker.Total.Impact.InferenceTime);
    }

    [Fact]
    public async Task ToolLoopResponse_OutsideTheLoop_RecordsTheLoopsTotal()
    {
        // What MEAI's function invocation returns after three calls: every iteration's messages, usage summed, and only the
        // last call's response-level impact.
        ChatResponse[] calls = [GreenPTStyleResponse(Impact(100, 1000.25, 10.5)), GreenPTStyleResponse(Impact(200, 2000.25, 20.25)), GreenPTStyleResponse(Impact(300, 3000.5, 30.125))];
        var usage = new UsageDetails();
        foreach (ChatResponse call in calls)
        {
            usage.Add(call.Usage!);
        }

        var loopResponse = new ChatResponse([.. calls.SelectMany(c => c.Messages)]) { Usage = usage, AdditionalProperties = calls[^1].AdditionalProperties, ModelId = "gemma4" };
        Assert.Equal(new GreenPTMeasurement(3000.5, "Wms"), loopResponse.GetGreenPTImpact()!.Energy);
        Assert.Equal(new GreenPTMeasurement(6001, "Wms"), loopResponse.GetTotalGreenPTImpact()!.Energy);
        Assert.Equal("20250922", loopResponse.GetTotalGreenPTImpact()!.Version);

        var inner = new Mock<IChatClient>();
        inner.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>())).ReturnsAsync(loopResponse);
        var tracker = new GreenPTImpactTracker();
        await new GreenPTImpactTrackingChatClient(inner.Object, tracker).GetResponseAsync("Hi", cancellationToken: Ct);
        Assert.Equal(new GreenPTMeasurement(6001, "Wms"), tracker.Total.Impact.Energy);
    }

    [Fact]
    public void TotalReader_SumsMessagesWhenThereAreNoUsageCounts()
    {
        var response = new ChatResponse(
        [
            new ChatMessage(ChatRole.Assistant, "a") { AdditionalProperties = new() { ["impact"] = Impact(1, 2, 3) } },
            new ChatMessage(ChatRole.Tool, "t"),
            new ChatMessage(ChatRole.Assistant, "b") { AdditionalProperties = new() { ["impact"] = JsonSerializer.SerializeToElement(Impact(1, 2, 3), AIJsonUtilities.DefaultOptions) } },
        ]);
        Assert.Equal(Impact(2, 4, 6), response.GetTotalGreenPTImpact());
        Assert.Null(new ChatResponse().GetTotalGreenPTImpact());
    }

    [Fact]
    public async Task ThousandParallelCalls_LoseNothing()
    {
        var inner = new Mock<IChatClient>();
        inner.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Returns(async (IEnumerable<ChatMessage> _, ChatOptions? o, CancellationToken _) =>
            {
                await Task.Yield();
                return GreenPTStyleResponse(Impact(1.5, 526.125, 47.25), o?.ModelId ?? "gemma4", input: 3, output: 2);
            });
        var tracker = new GreenPTImpactTracker();
        var client = new GreenPTImpactTrackingChatClient(inner.Object, tracker);

        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct }, async (i, ct) =>
            await client.GetResponseAsync("Hi", new ChatOptions { ModelId = i % 2 == 0 ? "gemma4" : "green-l" }, ct));

        GreenPTImpactTotals total = tracker.Total;
        Assert.Equal(1000, total.Calls);
        Assert.Equal(new GreenPTMeasurement(526125, "Wms"), total.Impact.Energy);
        Assert.Equal(new GreenPTMeasurement(47250, "ugCO2e"), total.Impact.Emissions);
        Assert.Equal(new GreenPTMeasurement(1500, "ms"), total.Impact.InferenceTime);
        Assert.Equal(3000, total.InputTokens);
        Assert.Equal(500, tracker.ByModel["gemma4"].Calls);
        Assert.Equal(500, tracker.ByModel["green-l"].Calls);
    }

    [Fact]
    public async Task TrackerSelector_RoutesCallsPerScope_AndNullLeavesThemUntracked()
    {
        var trackers = new Dictionary<string, GreenPTImpactTracker> { ["tenant-a"] = new("tenant-a"), ["tenant-b"] = new("tenant-b") };
        var inner = new Mock<IChatClient>();
        inner.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => GreenPTStyleResponse(Impact(1, 10, 1)));
        var client = new GreenPTImpactTrackingChatClient(inner.Object,
            o => o?.AdditionalProperties?.TryGetValue("tenant", out object? t) == true ? trackers[(string)t!] : null);

        await client.GetResponseAsync("Hi", new ChatOptions { AdditionalProperties = new() { ["tenant"] = "tenant-a" } }, Ct);
        await client.GetResponseAsync("Hi", new ChatOptions { AdditionalProperties = new() { ["tenant"] = "tenant-a" } }, Ct);
        await client.GetResponseAsync("Hi", new ChatOptions { AdditionalProperties = new() { ["tenant"] = "tenant-b" } }, Ct);
        await client.GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal(2, trackers["tenant-a"].Total.Calls);
        Assert.Equal(1, trackers["tenant-b"].Total.Calls);
    }

    [Fact]
    public async Task FailedCall_RecordsNothing()
    {
        var tracker = new GreenPTImpactTracker();
        var handler = new ScriptedHandler(ScriptedHandler.Json(Fixtures.Read("greenpt-error-401.json"), System.Net.HttpStatusCode.Unauthorized));
        using var client = new GreenPTImpactTrackingChatClient(TestClients.Create(handler), tracker);
        await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
        Assert.Equal(0, tracker.Total.Calls);
    }

    [Fact]
    public void Report_TextAndJson()
    {
        var tracker = new GreenPTImpactTracker("tenant-a");
        tracker.Record(new GreenPTImpactRecord { ModelId = "gemma4", Impact = Impact(1000, 3_600_000, 40_000), InputTokens = 600, OutputTokens = 400 });
        tracker.Record(new GreenPTImpactRecord { ModelId = "green-l", Impact = Impact(500, 3_600_000, 40_000), InputTokens = 50, OutputTokens = 50 });
        tracker.Record(new GreenPTImpactRecord { ModelId = "green-l" });

        GreenPTImpactReport report = tracker.CreateReport();

        // 2 Wh and 0.08 g in total: 550 tokens/Wh over 1,100 tokens, 40 gCO2e/kWh.
        Assert.Equal(550, report.Total.TokensPerWattHour!.Value, 9);
        Assert.Equal(40, report.Total.Impact.CarbonIntensityInGramsPerKilowattHour!.Value, 9);
        Assert.Equal(1, report.Total.AveragePerCall!.EnergyInWattHours!.Value, 12); // two calls reported impact
        Assert.Null(report.Budget);

        string text = report.ToString();
        Assert.Contains("GreenPT impact report for tenant-a", text, StringComparison.Ordinal);
        Assert.Contains("Total: 3 calls (1 without impact), 650 in / 450 out tokens, 0 ms wall-clock", text, StringComparison.Ordinal);
        Assert.Contains("impact 1.5 s, 2 Wh, 80 mgCO2e; per call 750 ms, 1 Wh, 40 mgCO2e", text, StringComparison.Ordinal);
        Assert.DoesNotContain("budget", text, StringComparison.Ordinal);
        Assert.Contains("550 tokens/Wh; grid 40 gCO2e/kWh", text, StringComparison.Ordinal);
        Assert.Contains("Model green-l: 2 calls (1 without impact)", text, StringComparison.Ordinal);

        JsonNode json = JsonNode.Parse(report.ToJson())!;
        Assert.Equal("tenant-a", json["scope"]!.GetValue<string>());
        Assert.Equal(3, json["total"]!["calls"]!.GetValue<int>());
        Assert.Equal(2, json["total"]!["energyWh"]!.GetValue<double>(), 9);
        Assert.Equal(0.08, json["total"]!["emissionsGramsCO2e"]!.GetValue<double>(), 12);
        Assert.Equal(40, json["total"]!["gridIntensityGramsCO2ePerKWh"]!.GetValue<double>(), 9);
        Assert.Equal(1000, json["models"]!["gemma4"]!["tokensPerWh"]!.GetValue<double>(), 9);
    }

    [Fact]
    public void Reset_ForgetsTotals()
    {
        var tracker = new GreenPTImpactTracker();
        tracker.Record(new GreenPTImpactRecord { Impact = Impact(1, 1, 1) });
        tracker.Reset();
        Assert.Equal(0, tracker.Total.Calls);
        Assert.Empty(tracker.ByModel);
    }
}
