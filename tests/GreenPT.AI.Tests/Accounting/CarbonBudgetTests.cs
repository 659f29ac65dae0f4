using System.Text.Json.Nodes;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Accounting;

/// <summary>Budgets: refuse before sending once spent; degrade the outgoing request, as documented, once nearly spent.</summary>
public sealed class CarbonBudgetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ScriptedHandler Completions() => new(ScriptedHandler.Json(Fixtures.Read("greenpt-completion.json"))); // 526 Wms, 47 µg each

    [Theory, InlineData(false), InlineData(true)]
    public async Task SpentBudget_RefusesTheNextCall_BeforeAnyRequest(bool streaming)
    {
        var tracker = new GreenPTImpactTracker("tenant-a") { Budget = new GreenPTCarbonBudget { EnergyLimit = new(1000, "Wms") } };
        ScriptedHandler handler = streaming ? new(ScriptedHandler.Sse(Fixtures.Read("greenpt-stream-basic.sse"))) : Completions();
        using var client = new GreenPTImpactTrackingChatClient(TestClients.Create(handler), tracker);

        async Task CallAsync()
        {
            if (streaming)
            {
                await TestClients.StreamAsync(client);
            }
            else
            {
                await client.GetResponseAsync("Hi", cancellationToken: Ct);
            }
        }

        await CallAsync(); // 526 of 1000
        await CallAsync(); // 1052 of 1000: in flight when the limit was reached, so it completes
        var ex = await Assert.ThrowsAsync<GreenPTCarbonBudgetExceededException>(CallAsync);

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("tenant-a", ex.Scope);
        Assert.Equal(new GreenPTMeasurement(1052, "Wms"), ex.Spent!.Energy);
        Assert.Equal(new GreenPTMeasurement(1000, "Wms"), ex.EnergyLimit);
        Assert.Contains("carbon budget of 'tenant-a' is spent", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1000 Wms", ex.Message, StringComparison.Ordinal);

        Assert.Equal(1.052, tracker.BudgetSpentFraction!.Value, 12);
        Assert.Equal(1, tracker.Total.RefusedCalls);
        GreenPTImpactReport report = tracker.CreateReport();
        Assert.Contains("budget: 105 % spent of 1000 Wms; 0 calls degraded, 1 refused", report.ToString(), StringComparison.Ordinal);
        JsonNode budget = JsonNode.Parse(report.ToJson())!["budget"]!;
        Assert.Equal(1.052, budget["spentFraction"]!.GetValue<double>(), 12);
        Assert.Equal(1, budget["refusedCalls"]!.GetValue<int>());
        Assert.Equal(1000 / 3.6e6, budget["energyLimitWh"]!.GetValue<double>(), 15);
    }

    [Fact]
    public async Task EmissionsLimit_InOtherUnits_IsRespected()
    {
        var tracker = new GreenPTImpactTracker { Budget = new GreenPTCarbonBudget { EmissionsLimit = new(0.09, "mgCO2e") } }; // 90 µg
        ScriptedHandler handler = Completions();
        using var client = new GreenPTImpactTrackingChatClient(TestClients.Create(handler), tracker);

        await client.GetResponseAsync("Hi", cancellationToken: Ct);
        await client.GetResponseAsync("Hi", cancellationToken: Ct);
        await Assert.ThrowsAsync<GreenPTCarbonBudgetExceededException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task NearlySpentBudget_DegradesTheOutgoingRequest_AndSaysSo(bool streaming)
    {
        var tracker = new GreenPTImpactTracker("tenant-a")
        {
            Budget = new GreenPTCarbonBudget { EnergyLimit = new(1000, "Wms"), DegradeAt = 0.5, DegradedModelId = "green-l", DegradeReasoning = true },
        };
        var handler = new ScriptedHandler(
            ScriptedHandler.Json(Fixtures.Read("greenpt-completion.json")),
            streaming ? ScriptedHandler.Sse(Fixtures.Read("greenpt-stream-basic.sse")) : ScriptedHandler.Json(Fixtures.Read("greenpt-completion.json")));
        using var client = new GreenPTImpactTrackingChatClient(TestClients.Create(handler), tracker);
        var options = new ChatOptions { ModelId = "gemma4", Reasoning = new() { Effort = ReasoningEffort.High } };

        ChatResponse first = await client.GetResponseAsync("Hi", options, Ct); // 526 of 1000: past the 50% mark afterwards
        ChatResponse second = streaming
            ? await client.GetStreamingResponseAsync("Hi", options, Ct).ToChatResponseAsync(Ct)
            : await client.GetResponseAsync("Hi", options, Ct);

        JsonNode sentFirst = JsonNode.Parse(handler.Requests[0].Body)!;
        JsonNode sentSecond = JsonNode.Parse(handler.Requests[1].Body)!;
        Assert.Equal("gemma4", sentFirst["model"]!.GetValue<string>());
        Assert.Equal("high", sentFirst["reasoning_effort"]!.GetValue<string>());
        Assert.Equal("green-l", sentSecond["model"]!.GetValue<string>());
        Assert.Equal("none", sentSecond["reasoning_effort"]!.GetValue<string>());

        Assert.Null(first.GetGreenPTBudgetDegradation());
        Assert.Equal("model green-l, reasoning_effort none: 53% of the carbon budget of 'tenant-a' is spent", second.GetGreenPTBudgetDegradation());
        Assert.Equal(1, tracker.Total.DegradedCalls);
        Assert.Equal("gemma4", options.ModelId); // the caller's options are untouched
        Assert.Null(options.AdditionalProperties);
    }

    [Fact]
    public void BudgetInUnknownUnitsOrOutOfRange_IsRefusedWhenMade()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GreenPTCarbonBudget { EnergyLimit = new(1, "calories") });
        Assert.Contains("calories", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new GreenPTCarbonBudget { EmissionsLimit = new(0, "gCO2e") });
        Assert.Throws<ArgumentOutOfRangeException>(() => new GreenPTCarbonBudget { DegradeAt = 1.5 });
        Assert.Equal(0.5, new GreenPTCarbonBudget { EnergyLimit = new(2, "MWh") }.SpentFraction(new GreenPTImpact { Energy = new(1000, "kWh") }), 12);
    }

    [Theory]
    [InlineData("green-embedding", false, "not a chat model")]
    [InlineData("green-rerank", true, "not a chat model")]
    [InlineData("green-r", true, "cannot turn thinking off")]
    [InlineData("gpt-oss-120b", true, "cannot turn thinking off")]
    public void DegradedModel_TheCatalogKnowsCannotServe_IsRefusedWhenTheBudgetIsSet(string model, bool degradeReasoning, string reason)
    {
        var refused = Assert.Throws<ArgumentException>(() => new GreenPTCarbonBudget { DegradeAt = 0.8, DegradedModelId = model, DegradeReasoning = degradeReasoning });
        var refusedOtherOrder = Assert.Throws<ArgumentException>(() => new GreenPTCarbonBudget { DegradeReasoning = degradeReasoning, DegradedModelId = model });

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Contains($"'{model}'", refusedOtherOrder.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("green-r", false)] // thinking stays as asked: only the model changes
    [InlineData("gemma4", true)]
    [InlineData("green-l", true)]
    [InlineData("a-model-nobody-knows", true)]
    public void DegradedModel_ThatCanServe_IsAccepted(string model, bool degradeReasoning) =>
        Assert.Equal(model, new GreenPTCarbonBudget { DegradedModelId = model, DegradeReasoning = degradeReasoning }.DegradedModelId);

    [Fact]
    public async Task StreamingDegradation_RidesOnTheFinalUpdate_WithImpactAndUsage()
    {
        var tracker = new GreenPTImpactTracker
        {
            Budget = new GreenPTCarbonBudget { EnergyLimit = new(1, "Wh"), DegradeAt = 0, DegradeReasoning = true },
        };
        using var client = new GreenPTImpactTrackingChatClient(
            TestClients.Create(new ScriptedHandler(ScriptedHandler.Sse(Fixtures.Read("greenpt-stream-basic.sse")))), tracker);

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client);

        ChatResponseUpdate last = updates[^1];
        Assert.NotNull(last.GetGreenPTImpact());
        Assert.Contains(last.Contents, c => c is UsageContent);
        Assert.StartsWith("reasoning_effort none", last.GetGreenPTBudgetDegradation(), StringComparison.Ordinal);
        Assert.Single(updates, u => u.GetGreenPTBudgetDegradation() is not null);
    }
}
