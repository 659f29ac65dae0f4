using System.Text.Json;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.IntegrationTests;

/// <summary>Whole requests over real HTTP against the emulator, each non-streaming and streaming.</summary>
public sealed class RoundTripTests
{
    private const string Prompt = "Hello from the integration tests";
    private const string ToolResult = "Sunny, 21 C";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AIFunction WeatherTool() =>
        AIFunctionFactory.Create((string city) => $"Sunny in {city}", "get_weather", "Gets the weather in a city.");

    // ---- text and reasoning ------------------------------------------------------------------------------------

    [Fact]
    public async Task Answer_HasTextAndReasoning_NonStreaming()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient();

        ChatResponse response = await Bounded.Within(client.GetResponseAsync(Prompt, cancellationToken: Ct));

        Assert.Equal(Answers.Content(Prompt), response.Text);
        Assert.Equal(Answers.Reasoning(Prompt), Answers.ReasoningText(response));
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("gemma4", response.ModelId);
        ChatMessage message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.IsType<TextReasoningContent>(message.Contents[0]);
    }

    [Fact]
    public async Task Answer_HasTextAndReasoning_Streaming()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient();

        List<ChatResponseUpdate> updates = await Bounded.StreamAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct));

        Assert.Equal(Answers.Content(Prompt), Answers.Text(updates));
        Assert.Equal(Answers.Reasoning(Prompt), Answers.ReasoningText(updates));
        Assert.True(updates.Count > 10, $"Expected one update per token, got {updates.Count}.");
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
    }

    public static TheoryData<string> WaysToTurnReasoningOff => ["ChatOptions.Reasoning", "AdditionalProperties"];

    private static ChatOptions ReasoningOff(string way) => way == "ChatOptions.Reasoning"
        ? new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.None } }
        : new ChatOptions { AdditionalProperties = new() { [GreenPTPropertyNames.OpenAIReasoningEffort] = "none" } };

    [Theory]
    [MemberData(nameof(WaysToTurnReasoningOff))]
    public async Task ReasoningEffortNone_HasNoReasoning_NonStreaming(string way)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient();

        ChatResponse response = await Bounded.Within(client.GetResponseAsync(Prompt, ReasoningOff(way), Ct));

        Assert.Equal(Answers.Content(Prompt), response.Text);
        Assert.DoesNotContain(response.Messages.SelectMany(m => m.Contents), c => c is TextReasoningContent);
        Assert.Null(response.Usage?.ReasoningTokenCount);
        Assert.Equal("none", Answers.Json(Assert.Single(harness.Emulator.ChatRequests)).GetProperty("reasoning_effort").GetString());
    }

    [Theory]
    [MemberData(nameof(WaysToTurnReasoningOff))]
    public async Task ReasoningEffortNone_HasNoReasoning_Streaming(string way)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient();

        List<ChatResponseUpdate> updates = await Bounded.StreamAsync(client.GetStreamingResponseAsync(Prompt, ReasoningOff(way), Ct));

        Assert.Equal(Answers.Content(Prompt), Answers.Text(updates));
        Assert.DoesNotContain(updates.SelectMany(u => u.Contents), c => c is TextReasoningContent);
        Assert.Equal("none", Answers.Json(Assert.Single(harness.Emulator.ChatRequests)).GetProperty("reasoning_effort").GetString());
    }

    // ---- tool calls ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task ToolCall_ThenResult_NonStreaming()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient();
        var options = new ChatOptions { Tools = [WeatherTool()] };
        List<ChatMessage> history = [new(ChatRole.User, Prompt)];

        ChatResponse first = await Bounded.Within(client.GetResponseAsync(history, options, Ct));

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        Assert.Equal(Answers.ToolReasoning(Prompt, "get_weather"), Answers.ReasoningText(first));
        FunctionCallContent call = AssertWeatherCall(first.Messages.SelectMany(m => m.Contents));
        Assert.True(string.IsNullOrEmpty(first.Text), $"Expected no text with a tool call, got '{first.Text}'.");

        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, ToolResult)]));
        ChatResponse second = await Bounded.Within(client.GetResponseAsync(history, options, Ct));

        Assert.Equal(Answers.AfterTool(ToolResult), second.Text);
        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        AssertSecondTurnRequest(harness);
    }

    [Fact]
    public async Task ToolCall_ThenResult_Streaming()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient();
        var options = new ChatOptions { Tools = [WeatherTool()] };
        List<ChatMessage> history = [new(ChatRole.User, Prompt)];

        List<ChatResponseUpdate> firstUpdates = await Bounded.StreamAsync(client.GetStreamingResponseAsync(history, options, Ct));

        Assert.Contains(firstUpdates, u => u.FinishReason == ChatFinishReason.ToolCalls);
        Assert.Equal(Answers.ToolReasoning(Prompt, "get_weather"), Answers.ReasoningText(firstUpdates));
        FunctionCallContent call = AssertWeatherCall(firstUpdates.SelectMany(u => u.Contents));
        ChatResponse first = firstUpdates.ToChatResponse();
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);

        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, ToolResult)]));
        List<ChatResponseUpdate> secondUpdates = await Bounded.StreamAsync(client.GetStreamingResponseAsync(history, options, Ct));

        Assert.Equal(Answers.AfterTool(ToolResult), Answers.Text(secondUpdates));
        Assert.Contains(secondUpdates, u => u.FinishReason == ChatFinishReason.Stop);
        AssertSecondTurnRequest(harness);
    }

    private static FunctionCallContent AssertWeatherCall(IEnumerable<AIContent> contents)
    {
        FunctionCallContent call = Assert.Single(contents.OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Matches("^[A-Za-z0-9]{9}$", call.CallId);
        Assert.Null(call.Exception);
        Assert.NotNull(call.Arguments);
        KeyValuePair<string, object?> argument = Assert.Single(call.Arguments);
        Assert.Equal("city", argument.Key);
        Assert.Equal(Prompt, argument.Value?.ToString());
        return call;
    }

    /// <summary>The second turn carried the assistant's tool call and the tool's result back to the server.</summary>
    private static void AssertSecondTurnRequest(Harness harness)
    {
        Assert.Equal(2, harness.Emulator.ChatRequests.Count);
        JsonElement messages = Answers.Json(harness.Emulator.ChatRequests[1]).GetProperty("messages");
        Assert.Equal(3, messages.GetArrayLength());
        Assert.Equal("assistant", messages[1].GetProperty("role").GetString());
        Assert.Equal("get_weather", messages[1].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("tool", messages[2].GetProperty("role").GetString());
        Assert.Equal(ToolResult, messages[2].GetProperty("content").GetString());
        Assert.Equal(messages[1].GetProperty("tool_calls")[0].GetProperty("id").GetString(), messages[2].GetProperty("tool_call_id").GetString());
    }

    // ---- usage and impact ---------------------------------------------------------------------------------------

    [Fact]
    public async Task UsageAndImpact_NonStreaming()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient();

        ChatResponse response = await Bounded.Within(client.GetResponseAsync(Prompt, cancellationToken: Ct));

        AssertUsage(response.Usage);
        GreenPTImpact impact = AssertImpact(response.GetGreenPTImpact());
        Assert.Equal(impact, response.Messages[^1].GetGreenPTImpact());
        Assert.NotNull(response.Usage.GetGreenPTImpact());
    }

    [Fact]
    public async Task UsageAndImpact_Streaming()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient();

        List<ChatResponseUpdate> updates = await Bounded.StreamAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct));

        UsageContent usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        AssertUsage(usage.Details);
        AssertImpact(updates[^1].GetGreenPTImpact());
        ChatResponse coalesced = updates.ToChatResponse();
        AssertUsage(coalesced.Usage);
        AssertImpact(coalesced.GetGreenPTImpact());
    }

    private static void AssertUsage(UsageDetails? usage)
    {
        Assert.NotNull(usage);
        Assert.True(usage.InputTokenCount > 0);
        Assert.True(usage.OutputTokenCount > 0);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
        Assert.True(usage.ReasoningTokenCount > 0);
        Assert.NotNull(usage.AdditionalCounts);
        Assert.True(usage.AdditionalCounts.TryGetValue(GreenPTUsageCounts.EnergyMicrojoules, out long energy), "No greenpt.energy_uj count.");
        Assert.True(energy > 0);
        Assert.True(usage.AdditionalCounts.ContainsKey(GreenPTUsageCounts.EmissionsNanogramsCO2e));
        Assert.True(usage.AdditionalCounts.ContainsKey(GreenPTUsageCounts.InferenceTimeMicroseconds));
    }

    private static GreenPTImpact AssertImpact(GreenPTImpact? impact)
    {
        Assert.NotNull(impact);
        Assert.Equal("emulator-20250922", impact.Version);
        Assert.True(impact.EnergyInJoules > 0);
        Assert.True(impact.EmissionsInGramsCO2e > 0);
        Assert.True(impact.InferenceDuration > TimeSpan.Zero);
        return impact;
    }

    // ---- streaming equals non-streaming -------------------------------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CoalescedStream_EqualsNonStreamingResponse(bool withTools)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient();
        ChatOptions? options = withTools ? new ChatOptions { Tools = [WeatherTool()] } : null;

        ChatResponse plain = await Bounded.Within(client.GetResponseAsync(Prompt, options, Ct));
        ChatResponse streamed = await Bounded.Within(client.GetStreamingResponseAsync(Prompt, options, Ct).ToChatResponseAsync(Ct));

        Assert.Equal(plain.Text, streamed.Text);
        Assert.Equal(Answers.ReasoningText(plain), Answers.ReasoningText(streamed));
        Assert.Equal(plain.FinishReason, streamed.FinishReason);
        Assert.Equal(plain.ModelId, streamed.ModelId);
        Assert.NotNull(plain.Usage);
        Assert.NotNull(streamed.Usage);
        Assert.Equal(plain.Usage.InputTokenCount, streamed.Usage.InputTokenCount);
        Assert.Equal(plain.Usage.OutputTokenCount, streamed.Usage.OutputTokenCount);
        Assert.Equal(plain.Usage.TotalTokenCount, streamed.Usage.TotalTokenCount);
        Assert.Equal(plain.Usage.ReasoningTokenCount, streamed.Usage.ReasoningTokenCount);
        Assert.Equal(plain.Usage.AdditionalCounts, streamed.Usage.AdditionalCounts);
        Assert.Equal(AssertImpact(plain.GetGreenPTImpact()), AssertImpact(streamed.GetGreenPTImpact()));

        var plainCalls = plain.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        var streamedCalls = streamed.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(withTools ? 1 : 0, plainCalls.Count);
        Assert.Equal(plainCalls.Select(c => (c.CallId, c.Name, JsonSerializer.Serialize(c.Arguments))),
                     streamedCalls.Select(c => (c.CallId, c.Name, JsonSerializer.Serialize(c.Arguments))));
    }

    // ---- credit balance -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(null, "4823.00")]
    [InlineData("credits=17.25", "17.25")]
    public async Task CreditBalance_NonStreaming(string? fault, string expected)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(fault: fault);

        ChatResponse response = await Bounded.Within(client.GetResponseAsync(Prompt, cancellationToken: Ct));

        Assert.NotNull(response.AdditionalProperties);
        Assert.Equal(expected, response.AdditionalProperties[GreenPTPropertyNames.CreditBalance]);
        Assert.Equal(Answers.Content(Prompt), response.Text);
    }

    [Theory]
    [InlineData(null, "4823.00")]
    [InlineData("credits=17.25", "17.25")]
    public async Task CreditBalance_Streaming(string? fault, string expected)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(fault: fault);

        List<ChatResponseUpdate> updates = await Bounded.StreamAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct));

        Assert.NotNull(updates[^1].AdditionalProperties);
        Assert.Equal(expected, updates[^1].AdditionalProperties![GreenPTPropertyNames.CreditBalance]);
        ChatResponse coalesced = updates.ToChatResponse();
        Assert.Equal(expected, coalesced.AdditionalProperties?[GreenPTPropertyNames.CreditBalance]);
    }

    // ---- what went over the wire --------------------------------------------------------------------------------

    [Fact]
    public async Task RequestJson_NonStreaming()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient();

        await Bounded.Within(client.GetResponseAsync(Prompt, cancellationToken: Ct));

        JsonElement body = Answers.Json(Assert.Single(harness.Emulator.ChatRequests));
        Assert.Equal("gemma4", body.GetProperty("model").GetString());
        Assert.Equal("user", body.GetProperty("messages")[0].GetProperty("role").GetString());
        Assert.Contains(Prompt, body.GetProperty("messages")[0].GetProperty("content").GetRawText(), StringComparison.Ordinal);
        Assert.False(body.TryGetProperty("stream", out JsonElement stream) && stream.ValueKind == JsonValueKind.True);
        Assert.False(body.TryGetProperty("stream_options", out _));
        RecordedRequestAssertions(harness);
    }

    [Fact]
    public async Task RequestJson_Streaming()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient();

        await Bounded.StreamAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct));

        JsonElement body = Answers.Json(Assert.Single(harness.Emulator.ChatRequests));
        Assert.Equal("gemma4", body.GetProperty("model").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        RecordedRequestAssertions(harness);
    }

    private static void RecordedRequestAssertions(Harness harness)
    {
        var request = Assert.Single(harness.Emulator.ChatRequestDetails);
        Assert.Equal("Bearer ***", request.Headers["Authorization"]);
        Assert.StartsWith("GreenPT.AI/", request.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.DoesNotContain(Harness.ApiKey, request.Body, StringComparison.Ordinal);
    }
}
