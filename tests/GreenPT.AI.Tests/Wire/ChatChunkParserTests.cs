using System.Text;
using System.Text.Json;
using GreenPT.AI.Wire;

namespace GreenPT.AI.Tests.Wire;

/// <summary>The streaming chunk parser on its own: pure, no HTTP.</summary>
public sealed class ChatChunkParserTests
{
    private static ChatCompletionResponse? Parse(ChatChunkParser parser, string json, string eventType = "message") =>
        parser.Parse(eventType, Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_ReadsEveryFieldTheClientUses()
    {
        ChatCompletionResponse chunk = Parse(new ChatChunkParser(), """
            {"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"gemma4","system_fingerprint":"fp",
             "choices":[{"index":0,"delta":{"role":"assistant","content":"Hi \"there\" ü","reasoning_content":"r","reasoning":"r2","refusal":null,
               "tool_calls":[{"index":1,"id":"AAAAAAAAA","type":"function","function":{"name":"f","arguments":"{\"a\":"}}]},
               "logprobs":{"content":[{"token":"x","logprob":-1,"top_logprobs":[]}]},"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":"3","completion_tokens":2,"total_tokens":5},
             "impact":{"energy":{"total":526.5,"unit":"Wms"},"version":"20250922"},"requestId":"req-1"}
            """)!;

        Assert.Equal("c1", chunk.Id);
        Assert.Equal("gemma4", chunk.Model);
        Assert.Equal(1700000000, chunk.Created);
        ResponseChoice choice = Assert.Single(chunk.Choices!);
        Assert.Equal("tool_calls", choice.FinishReason);
        Assert.Equal("assistant", choice.Delta!.Role);
        Assert.Equal("Hi \"there\" ü", choice.Delta.Content);
        Assert.Equal("r", choice.Delta.ReasoningContent);
        Assert.Equal("r2", choice.Delta.Reasoning);
        Assert.Null(choice.Delta.Refusal);
        ResponseToolCall call = Assert.Single(choice.Delta.ToolCalls!);
        Assert.Equal((1, "AAAAAAAAA", "f", "{\"a\":"), (call.Index!.Value, call.Id, call.Function!.Name, call.Function.Arguments));
        Assert.Equal(3, chunk.Usage!.PromptTokens);
        Assert.Equal(526.5, chunk.Impact!.Energy!.Total);
        Assert.Equal("req-1", chunk.RequestId);
    }

    [Fact]
    public void RepeatedIdsAndModels_AreTheSameStringInstance()
    {
        var parser = new ChatChunkParser();
        const string Chunk = """{"id":"c1","model":"gemma4","choices":[{"index":0,"delta":{"content":"x"}}]}""";
        ChatCompletionResponse first = Parse(parser, Chunk)!;
        ChatCompletionResponse second = Parse(parser, Chunk)!;
        ChatCompletionResponse other = Parse(parser, """{"id":"c2","model":"gemma4","choices":[]}""")!;

        Assert.Same(first.Id, second.Id);
        Assert.Same(first.Model, second.Model);
        Assert.Equal("c2", other.Id);
    }

    [Fact]
    public void ReusedObjects_CarryNothingOfThePreviousChunk()
    {
        var parser = new ChatChunkParser(reuseObjects: true);
        ChatCompletionResponse first = Parse(parser, """
            {"id":"c1","model":"gemma4","created":5,"choices":[{"index":0,"delta":{"role":"assistant","content":"a","reasoning_content":"r","tool_calls":[{"index":0,"id":"t","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"stop"}],"usage":{"prompt_tokens":1},"impact":{"version":"v"},"requestId":"q"}
            """)!;
        GreenPTRawJson firstRaw = first.Raw!;
        ResponseUsage firstUsage = first.Usage!;

        ChatCompletionResponse second = Parse(parser, """{"choices":[{"delta":{"content":"b"}}]}""")!;

        Assert.Same(first, second); // the same objects, read again
        Assert.Null(second.Id);
        Assert.Null(second.Model);
        Assert.Null(second.Created);
        Assert.Null(second.Usage);
        Assert.Null(second.Impact);
        Assert.Null(second.RequestId);
        ResponseChoice choice = Assert.Single(second.Choices!);
        Assert.Null(choice.FinishReason);
        Assert.Equal("b", choice.Delta!.Content);
        Assert.Null(choice.Delta.Role);
        Assert.Null(choice.Delta.ReasoningContent);
        Assert.Null(choice.Delta.ToolCalls);
        Assert.NotSame(firstRaw, second.Raw); // what a chunk hands on is its own
        Assert.Contains("\"c1\"", firstRaw.ToString(), StringComparison.Ordinal);
        Assert.Equal(1L, firstUsage.PromptTokens);

        ChatCompletionResponse third = Parse(parser, """{"choices":[]}""")!;
        Assert.Empty(third.Choices!);
    }

    [Fact]
    public void ObjectArguments_AreKeptAsRawJson()
    {
        ChatCompletionResponse chunk = Parse(new ChatChunkParser(), """{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":{"n":[1,2]}}}]}}]}""")!;
        Assert.Equal("""{"n":[1,2]}""", chunk.Choices![0].Delta!.ToolCalls![0].Function!.Arguments);
    }

    [Fact]
    public void NullsEmptyChoicesAndUnknownNestedFields_AreTolerated()
    {
        ChatCompletionResponse chunk = Parse(new ChatChunkParser(), """
            {"id":null,"created":null,"model":null,"choices":[],"x":{"deep":[{"a":[1,{"b":null}]}]},"usage":null,"impact":null}
            """)!;
        Assert.Null(chunk.Id);
        Assert.Null(chunk.Created);
        Assert.Empty(chunk.Choices!);
        Assert.Null(chunk.Usage);
    }

    [Fact]
    public void DoneBlankAndErrorEvents_AreToldApart()
    {
        var parser = new ChatChunkParser();
        Assert.Same(ChatChunkParser.Done, Parse(parser, "[DONE]"));
        Assert.Null(Parse(parser, " \t"));
        Assert.Equal("overloaded", Parse(parser, """{"error":{"message":"overloaded","code":503}}""")!.Error!.Message);
        Assert.Contains("busy", Parse(parser, """{"message":"busy"}""", eventType: "error")!.Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"choices":{}}""")]
    [InlineData("""{"choices":[{"delta":"text"}]}""")]
    [InlineData("""{"id":"c1","choices":[{"delta":{"content":"x"}""")]
    public void MalformedEvents_ThrowJsonException(string json) =>
        Assert.ThrowsAny<JsonException>(() => Parse(new ChatChunkParser(), json));
}
