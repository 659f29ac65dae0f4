using System.Net;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Mapping;

/// <summary>Exact response bodies replayed: every fixture, and each response feature, non-streaming and streaming.</summary>
public sealed class ChatResponseMapperTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<ChatResponse> GetAsync(string body, params (string, string)[] headers)
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Json(body, HttpStatusCode.OK, headers)));
        return client.GetResponseAsync("Hi", cancellationToken: Ct);
    }

    private static Task<List<ChatResponseUpdate>> StreamAsync(string sse, params (string, string)[] headers)
    {
        GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Sse(sse, headers)));
        return TestClients.StreamAsync(client);
    }

    /// <summary>SSE events; a multi-line payload becomes several <c>data:</c> lines, which SSE joins back with newlines.</summary>
    private static string Sse(params string[] events) =>
        string.Concat(events.Select(e => "data: " + e.ReplaceLineEndings("\n").Replace("\n", "\ndata: ", StringComparison.Ordinal) + "\n\n"));

    // ---- the golden fixtures

    [Fact]
    public async Task GreenPTCompletionFixture_NonStreaming()
    {
        ChatResponse response = await GetAsync(Fixtures.Read("greenpt-completion.json"));

        ChatMessage message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal("cmpl-67890", message.MessageId);
        Assert.Equal("cmpl-67890", response.ResponseId);
        Assert.Equal("gemma4", response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1699044968), response.CreatedAt);
        Assert.Equal(response.CreatedAt, message.CreatedAt);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Collection(message.Contents,
            c => Assert.Equal("The user greets me and asks how I am. A short friendly answer fits.", Assert.IsType<TextReasoningContent>(c).Text),
            c => Assert.Equal("I'm doing well, thank you for asking!", Assert.IsType<TextContent>(c).Text));
        Assert.Equal("I'm doing well, thank you for asking!", response.Text);
        Assert.Equal("in=14 out=11 total=25 cached= reasoning= greenpt.emissions_ngco2e=47000,greenpt.energy_uj=526000,greenpt.inference_time_us=1380000",
            UpdateSnapshot.UsageText(response.Usage));

        var expected = new GreenPTImpact
        {
            InferenceTime = new(1380, "ms"),
            Energy = new(526, "Wms"),
            Emissions = new(47, "ugCO2e"),
            Version = "20250922",
        };
        Assert.Equal(expected, response.GetGreenPTImpact());
        Assert.Equal(expected, message.GetGreenPTImpact());
        Assert.Same(response.AdditionalProperties![GreenPTPropertyNames.Impact], message.AdditionalProperties![GreenPTPropertyNames.Impact]);
        Assert.IsType<GreenPTImpact>(response.AdditionalProperties[GreenPTPropertyNames.Impact]); // typed where reflection JSON is on

        Assert.NotNull(response.RawRepresentation);
        Assert.NotNull(message.RawRepresentation);
        Assert.All(message.Contents, c => Assert.NotNull(c.RawRepresentation));
    }

    [Fact]
    public async Task GreenPTStreamFixture_Streaming()
    {
        List<ChatResponseUpdate> updates = await StreamAsync(Fixtures.Read("greenpt-stream-basic.sse"));

        string created = DateTimeOffset.FromUnixTimeSeconds(1699044968).ToString("O");
        Assert.Equal(
            $"""
            role=assistant id=cmpl-12345 msg=cmpl-12345 model=green-l created={created} finish= | text:Hello
            role=assistant id=cmpl-12345 msg=cmpl-12345 model=green-l created={created} finish= | text:! How
            role=assistant id=cmpl-12345 msg=cmpl-12345 model=green-l created={created} finish= | text: can I help you today?
            role=assistant id=cmpl-12345 msg=cmpl-12345 model=green-l created={created} finish=stop
            role=assistant id=cmpl-12345 msg= model=green-l created={created} finish=stop | usage:in=10 out=22 total=32 cached= reasoning= greenpt.emissions_ngco2e=47000,greenpt.energy_uj=526000,greenpt.inference_time_us=1380000 | impact=1380 ms/526 Wms/47 ugCO2e/20250922
            """.ReplaceLineEndings("\n"),
            UpdateSnapshot.Of(updates));
        Assert.All(updates.Take(4), u => Assert.NotNull(u.RawRepresentation));
    }

    [Fact]
    public async Task OpenAIStreamFixture_Streaming()
    {
        List<ChatResponseUpdate> updates = await StreamAsync(Fixtures.Read("openai-stream-basic.sse"));

        // The empty role-only first chunk carries nothing and yields nothing; the stream has no usage, so no final update.
        Assert.Equal(3, updates.Count);
        Assert.Equal("Hello! How can I assist you today?", string.Concat(updates.Select(u => u.Text)));
        Assert.All(updates, u => Assert.Equal("chatcmpl-B33LUkTZbglsA7jDBpkMhDuQd6Mxp", u.MessageId));
        Assert.All(updates, u => Assert.Equal("gpt-4o-2024-08-06", u.ModelId));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.DoesNotContain(updates, u => u.Contents.OfType<UsageContent>().Any());
        Assert.Null((await updates.ToAsyncEnumerable().ToChatResponseAsync(Ct)).GetGreenPTImpact());
    }

    [Fact]
    public async Task MinimalStreamFixture_Streaming()
    {
        List<ChatResponseUpdate> updates = await StreamAsync(Fixtures.Read("minimal-stream.sse"));

        Assert.Equal(3, updates.Count);
        Assert.Equal("Hello world", string.Concat(updates.Select(u => u.Text)));
        Assert.All(updates, u => Assert.Null(u.CreatedAt));
        Assert.All(updates, u => Assert.Null(u.ModelId));
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    [Fact]
    public async Task MinimalCompletion_WithoutCreatedModelOrUsage_NonStreaming()
    {
        ChatResponse response = await GetAsync("""{"id":"x","choices":[{"index":0,"message":{"content":"Hi"},"finish_reason":"stop"}]}""");
        Assert.Equal("Hi", response.Text);
        Assert.Null(response.CreatedAt);
        Assert.Null(response.ModelId);
        Assert.Null(response.Usage);
        Assert.Null(response.GetGreenPTImpact());
        Assert.Equal(ChatRole.Assistant, response.Messages[0].Role);
    }

    // ---- reasoning under either field name

    [Theory, InlineData("reasoning_content"), InlineData("reasoning")]
    public async Task Reasoning_NonStreaming(string field)
    {
        ChatResponse response = await GetAsync($$"""{"id":"r","choices":[{"index":0,"message":{"role":"assistant","content":"42","{{field}}":"6*7"},"finish_reason":"stop"}]}""");
        Assert.Equal("6*7", Assert.IsType<TextReasoningContent>(response.Messages[0].Contents[0]).Text);
        Assert.Equal("42", response.Text);
    }

    [Theory, InlineData("reasoning_content"), InlineData("reasoning")]
    public async Task Reasoning_Streaming(string field)
    {
        List<ChatResponseUpdate> updates = await StreamAsync(Sse(
            $$"""{"id":"r","choices":[{"index":0,"delta":{"role":"assistant","{{field}}":"6*"},"finish_reason":null}]}""",
            $$"""{"id":"r","choices":[{"index":0,"delta":{"{{field}}":"7"},"finish_reason":null}]}""",
            """{"id":"r","choices":[{"index":0,"delta":{"content":"42"},"finish_reason":"stop"}]}""",
            "[DONE]"));
        ChatResponse response = updates.ToChatResponse();
        Assert.Equal("6*7", Assert.IsType<TextReasoningContent>(response.Messages[0].Contents[0]).Text);
        Assert.Equal("42", response.Text);
    }

    // ---- tool calls

    [Fact]
    public async Task ToolCalls_ArgumentsAsStringOrObject_AndParseFailure_NonStreaming()
    {
        ChatResponse response = await GetAsync("""
            {"id":"t","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
              {"id":"call00001","type":"function","function":{"name":"a","arguments":"{\"city\":\"Paris\"}"}},
              {"id":"call00002","type":"function","function":{"name":"b","arguments":{"n":1}}},
              {"id":"call00003","type":"function","function":{"name":"c","arguments":"{not json"}}]},
              "finish_reason":"tool_calls"}]}
            """);

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        FunctionCallContent[] calls = [.. response.Messages[0].Contents.OfType<FunctionCallContent>()];
        Assert.Equal(["call00001", "call00002", "call00003"], calls.Select(c => c.CallId));
        Assert.Equal("Paris", calls[0].Arguments!["city"]?.ToString());
        Assert.Equal("1", calls[1].Arguments!["n"]?.ToString());
        Assert.Null(calls[0].Exception);
        Assert.NotNull(calls[2].Exception);
        Assert.Equal("c", calls[2].Name);
    }

    [Fact]
    public async Task ToolCalls_FragmentsAreAssembledAndEmittedOnce_Streaming()
    {
        List<ChatResponseUpdate> updates = await StreamAsync(Sse(
            """{"id":"t","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call00001","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}""",
            """{"id":"t","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call00002","type":"function","function":{"name":"get_time","arguments":"{\"zone\":"}}]},"finish_reason":null}]}""",
            """{"id":"t","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null}]}""",
            """{"id":"t","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":null}}]},"finish_reason":null}]}""",
            """{"id":"t","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":null}]}""",
            """{"id":"t","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"\"CET\"}"}}]},"finish_reason":null}]}""",
            """{"id":"t","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            "[DONE]"));

        ChatResponseUpdate[] withCalls = [.. updates.Where(u => u.Contents.OfType<FunctionCallContent>().Any())];
        ChatResponseUpdate update = Assert.Single(withCalls);
        Assert.Equal(ChatFinishReason.ToolCalls, update.FinishReason);
        Assert.Equal(
            """call:call00001:get_weather:{"city":"Paris"}: | call:call00002:get_time:{"zone":"CET"}:""",
            string.Join(" | ", update.Contents.Select(UpdateSnapshot.Of)));
    }

    [Fact]
    public async Task ToolCalls_StreamEndingWithoutFinishChunkAfterDone_StillEmitsCalls_Streaming()
    {
        List<ChatResponseUpdate> updates = await StreamAsync(Sse(
            """{"id":"t","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call00001","function":{"name":"f","arguments":"{}"}}]},"finish_reason":null}]}""",
            "[DONE]"));
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
    }

    // ---- finish reasons

    public static TheoryData<string, string> FinishReasons => new()
    {
        { "stop", "stop" }, { "length", "length" }, { "tool_calls", "tool_calls" }, { "function_call", "tool_calls" },
        { "content_filter", "content_filter" }, { "eos_token", "eos_token" },
    };

    [Theory, MemberData(nameof(FinishReasons))]
    public async Task FinishReason_UnknownValuesKept_NonStreaming(string wire, string expected)
    {
        ChatResponse response = await GetAsync($$"""{"id":"f","choices":[{"index":0,"message":{"content":"x"},"finish_reason":"{{wire}}"}]}""");
        Assert.Equal(expected, response.FinishReason?.Value);
    }

    [Theory, MemberData(nameof(FinishReasons))]
    public async Task FinishReason_UnknownValuesKept_Streaming(string wire, string expected)
    {
        List<ChatResponseUpdate> updates = await StreamAsync(Sse($$"""{"id":"f","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"{{wire}}"}]}""", "[DONE]"));
        Assert.Equal(expected, updates.ToChatResponse().FinishReason?.Value);
    }

    // ---- usage details

    private const string DetailedUsage = """
        "usage":{"prompt_tokens":100,"completion_tokens":50,"total_tokens":150,
                 "prompt_tokens_details":{"cached_tokens":64},"completion_tokens_details":{"reasoning_tokens":30}}
        """;

    [Fact]
    public async Task UsageWithCachedAndReasoningTokens_NonStreaming()
    {
        ChatResponse response = await GetAsync($$"""{"id":"u","choices":[{"index":0,"message":{"content":"x"},"finish_reason":"stop"}],{{DetailedUsage}}}""");
        Assert.Equal("in=100 out=50 total=150 cached=64 reasoning=30 ", UpdateSnapshot.UsageText(response.Usage));
    }

    [Fact]
    public async Task UsageWithCachedAndReasoningTokens_Streaming()
    {
        List<ChatResponseUpdate> updates = await StreamAsync(Sse(
            """{"id":"u","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}]}""",
            $$"""{"id":"u","choices":[],{{DetailedUsage}}}""",
            "[DONE]"));
        Assert.Equal("in=100 out=50 total=150 cached=64 reasoning=30 ", UpdateSnapshot.UsageText(updates.ToChatResponse().Usage));
    }

    [Fact]
    public async Task TopLevelCachedTokens_NonStreaming()
    {
        ChatResponse response = await GetAsync("""{"id":"u","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":1,"total_tokens":11,"cached_tokens":8}}""");
        Assert.Equal(8, response.Usage!.CachedInputTokenCount);
    }

    [Fact]
    public async Task TopLevelCachedTokens_Streaming()
    {
        List<ChatResponseUpdate> updates = await StreamAsync(Sse(
            """{"id":"u","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":1,"total_tokens":11,"cached_tokens":8}}"""));
        Assert.Equal(8, updates.ToChatResponse().Usage!.CachedInputTokenCount);
    }

    // ---- credit balance header

    [Theory, InlineData("x-credit-balance"), InlineData("x-credits-remaining")]
    public async Task CreditBalanceHeader_NonStreaming(string header)
    {
        ChatResponse response = await GetAsync(TestClients.MinimalCompletion, (header, "4823"));
        Assert.Equal("4823", response.AdditionalProperties![GreenPTPropertyNames.CreditBalance]);
    }

    [Theory, InlineData("x-credit-balance"), InlineData("x-credits-remaining")]
    public async Task CreditBalanceHeader_Streaming(string header)
    {
        List<ChatResponseUpdate> updates = await StreamAsync(Fixtures.Read("greenpt-stream-basic.sse"), (header, "4823"));
        Assert.Equal("4823", updates[^1].AdditionalProperties![GreenPTPropertyNames.CreditBalance]);
    }

    [Fact]
    public async Task ErrorObjectInsideA200Body_Throws_NonStreaming()
    {
        var ex = await Assert.ThrowsAsync<GreenPTException>(() => GetAsync("""{"error":{"code":500,"message":"backend exploded","type":"server_error","param":null},"requestId":"req_1"}"""));
        Assert.Contains("backend exploded", ex.Message, StringComparison.Ordinal);
        Assert.Equal("req_1", ex.RequestId);
    }

    [Fact]
    public async Task BodyThatIsNotJson_Throws_NonStreaming()
    {
        var ex = await Assert.ThrowsAsync<GreenPTException>(() => GetAsync("<html>oops</html>"));
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamedToolCalls_ThatReuseIndexZeroWithNewIds_StaySeparate()
    {
        string sse =
            "data: {\"id\":\"t\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"AAAAAAAAA\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]},\"finish_reason\":null}]}\n\n" +
            "data: {\"id\":\"t\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"BBBBBBBBB\",\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"b\\\":2}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n" +
            "data: [DONE]\n\n";
        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(TestClients.Create(new ScriptedHandler(ScriptedHandler.Sse(sse))));

        FunctionCallContent[] calls = [.. updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>()];
        Assert.Equal(["AAAAAAAAA:f", "BBBBBBBBB:g"], calls.Select(c => c.CallId + ":" + c.Name));
        Assert.All(calls, c => Assert.Null(c.Exception));
    }

    [Fact]
    public async Task ToolCallsWithoutIds_GetUniqueIds_NonStreaming()
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Json("""
            {"id":"r1","choices":[{"index":0,"message":{"tool_calls":[
              {"type":"function","function":{"name":"f","arguments":"{}"}},{"type":"function","function":{"name":"g","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}
            """)));
        ChatResponse response = await client.GetResponseAsync("Hi", cancellationToken: Ct);
        AssertUniqueWireIds([.. response.Messages[0].Contents.OfType<FunctionCallContent>()]);
    }

    [Fact]
    public async Task ToolCallsWithoutIds_GetUniqueIds_Streaming()
    {
        string sse =
            "data: {\"id\":\"r1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},{\"index\":1,\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n" +
            "data: [DONE]\n\n";
        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(TestClients.Create(new ScriptedHandler(ScriptedHandler.Sse(sse))));
        AssertUniqueWireIds([.. updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>()]);
    }

    private static void AssertUniqueWireIds(FunctionCallContent[] calls)
    {
        Assert.Equal(2, calls.Length);
        Assert.All(calls, c => Assert.Matches("^[A-Za-z0-9]{9}$", c.CallId));
        Assert.NotEqual(calls[0].CallId, calls[1].CallId);
    }
}
