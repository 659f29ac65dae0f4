using System.Net;
using System.Text.Json;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Contract;

/// <summary>
/// What MEAI middleware relies on, checked with the Abstractions package alone: coalescing a stream gives the non-streaming
/// response; a JSON round trip (as the distributed cache does) keeps the impact readable; usage sums keep the impact total.
/// </summary>
public sealed class MeaiContractTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<ChatResponse> NonStreamingAsync(string fixture)
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Json(Fixtures.Read(fixture))));
        return await client.GetResponseAsync("Weather in Paris?", cancellationToken: Ct);
    }

    private static async Task<ChatResponse> CoalescedStreamAsync(string fixture)
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Sse(Fixtures.Read(fixture))));
        return await client.GetStreamingResponseAsync("Weather in Paris?", cancellationToken: Ct).ToChatResponseAsync(Ct);
    }

    [Fact]
    public async Task CoalescedStream_EqualsNonStreamingResponse()
    {
        ChatResponse expected = await NonStreamingAsync("equivalent-completion.json");
        ChatResponse actual = await CoalescedStreamAsync("equivalent-stream.sse");

        Assert.Equal(expected.ResponseId, actual.ResponseId);
        Assert.Equal(expected.ModelId, actual.ModelId);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.FinishReason, actual.FinishReason);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(UpdateSnapshot.UsageText(expected.Usage), UpdateSnapshot.UsageText(actual.Usage));
        Assert.Equal(expected.GetGreenPTImpact(), actual.GetGreenPTImpact());

        ChatMessage e = Assert.Single(expected.Messages);
        ChatMessage a = Assert.Single(actual.Messages);
        Assert.Equal(e.Role, a.Role);
        Assert.Equal(e.MessageId, a.MessageId);
        Assert.Equal(e.Contents.Select(UpdateSnapshot.Of), a.Contents.Select(UpdateSnapshot.Of));
        Assert.Equal(
            """reasoning:The user wants the weather in Paris. I should call the tool.|text:Let me check the weather.|call:Ab3De6Gh9:get_weather:{"city":"Paris","days":2}:""",
            string.Join("|", a.Contents.Select(UpdateSnapshot.Of)));
    }

    [Fact]
    public async Task ImpactSurvivesADistributedCacheStyleJsonRoundTrip_NonStreaming()
    {
        ChatResponse original = await NonStreamingAsync("equivalent-completion.json");

        string json = JsonSerializer.Serialize(original, AIJsonUtilities.DefaultOptions);
        ChatResponse restored = JsonSerializer.Deserialize<ChatResponse>(json, AIJsonUtilities.DefaultOptions)!;

        Assert.IsType<JsonElement>(restored.AdditionalProperties![GreenPTPropertyNames.Impact]);
        Assert.Equal(original.GetGreenPTImpact(), restored.GetGreenPTImpact());
        Assert.Equal(original.Messages[0].GetGreenPTImpact(), restored.Messages[0].GetGreenPTImpact());
        Assert.Equal(original.Usage.GetGreenPTImpact(), restored.Usage.GetGreenPTImpact());
    }

    [Fact]
    public async Task ImpactSurvivesADistributedCacheStyleJsonRoundTrip_Streaming()
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Sse(Fixtures.Read("equivalent-stream.sse"))));
        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client);

        // The caching middleware stores the list of updates for streaming calls.
        string json = JsonSerializer.Serialize(updates, AIJsonUtilities.DefaultOptions);
        List<ChatResponseUpdate> restored = JsonSerializer.Deserialize<List<ChatResponseUpdate>>(json, AIJsonUtilities.DefaultOptions)!;

        Assert.Equal(updates[^1].GetGreenPTImpact(), restored[^1].GetGreenPTImpact());
        Assert.Equal(updates.ToChatResponse().GetGreenPTImpact(), restored.ToChatResponse().GetGreenPTImpact());
    }

    [Fact]
    public void UsageAdd_SumsTheMirroredImpactExactly()
    {
        // Three calls, as a function-invocation loop would add them up.
        UsageDetails total = new();
        foreach (double wms in new[] { 3112097.5, 526, 0.25 })
        {
            var impact = new GreenPTImpact { Energy = new(wms, "Wms"), Emissions = new(26311.25, "ugCO2e"), InferenceTime = new(2851, "ms") };
            UsageDetails usage = ImpactMappingProbe.UsageFor(impact);
            total.Add(usage);
        }

        Assert.Equal(3_112_623_750, total.AdditionalCounts![GreenPTUsageCounts.EnergyMicrojoules]);
        Assert.Equal(78_933_750, total.AdditionalCounts[GreenPTUsageCounts.EmissionsNanogramsCO2e]);
        Assert.Equal(8_553_000, total.AdditionalCounts[GreenPTUsageCounts.InferenceTimeMicroseconds]);

        GreenPTImpact sum = total.GetGreenPTImpact()!;
        Assert.Equal(new GreenPTMeasurement(3112623.75, "Wms"), sum.Energy);
        Assert.Equal(new GreenPTMeasurement(78933.75, "ugCO2e"), sum.Emissions);
        Assert.Equal(new GreenPTMeasurement(8553, "ms"), sum.InferenceTime);
    }

    [Fact]
    public async Task CoalescedResponses_SumImpactCountsAcrossCalls()
    {
        ChatResponse first = await NonStreamingAsync("equivalent-completion.json");
        ChatResponse second = await CoalescedStreamAsync("greenpt-stream-basic.sse");

        UsageDetails total = new();
        total.Add(first.Usage!);
        total.Add(second.Usage!);

        Assert.Equal(3112097.5 + 526, total.GetGreenPTImpact()!.Energy!.Total);
    }

    [Fact]
    public async Task ResponseWithoutImpact_ReadsAsNull()
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Json(TestClients.MinimalCompletion, HttpStatusCode.OK)));
        ChatResponse response = await client.GetResponseAsync("Hi", cancellationToken: Ct);
        Assert.Null(response.GetGreenPTImpact());
        Assert.Null(response.Messages[0].GetGreenPTImpact());
        Assert.Null(response.Usage.GetGreenPTImpact());
    }
}
