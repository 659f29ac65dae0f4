using System.Text;
using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Mapping;

/// <summary>The stream assembler alone, chunk by chunk: which value wins, when tool calls come out, what the final update holds.</summary>
public sealed class StreamAssemblerTests
{
    private static ChatCompletionResponse Chunk(string json) => new ChatChunkParser().Parse(string.Empty, Encoding.UTF8.GetBytes(json))!;

    private static List<ChatResponseUpdate> Run(params string[] chunks)
    {
        var assembler = new ChatStreamAssembler();
        var updates = new List<ChatResponseUpdate>();
        foreach (string chunk in chunks)
        {
            if (assembler.Add(Chunk(chunk)) is { } update)
            {
                updates.Add(update);
            }
        }

        if (assembler.Complete() is { } final)
        {
            updates.Add(final);
        }

        return updates;
    }

    [Fact]
    public void Model_TheLastOneSentWins_AndChunksWithoutOneKeepIt()
    {
        List<ChatResponseUpdate> updates = Run(
            """{"id":"c1","model":"a","choices":[{"delta":{"content":"1"}}]}""",
            """{"id":"c1","choices":[{"delta":{"content":"2"}}]}""",
            """{"id":"c1","model":" ","choices":[{"delta":{"content":"3"}}]}""",
            """{"id":"c1","model":"b","choices":[{"delta":{"content":"4"},"finish_reason":"stop"}]}""");

        Assert.Equal(["a", "a", "a", "b"], updates.Select(u => u.ModelId));
    }

    [Fact]
    public void UsageAndImpact_TheLastSeenWins_AndLaterChunksWithoutThemKeepThem()
    {
        List<ChatResponseUpdate> updates = Run(
            """{"id":"c1","choices":[{"delta":{"content":"x"}}],"usage":{"prompt_tokens":1},"impact":{"energy":{"total":1,"unit":"Wms"}}}""",
            """{"id":"c1","choices":[],"usage":{"prompt_tokens":7},"impact":{"energy":{"total":9,"unit":"Wms"}}}""",
            """{"id":"c1","choices":[{"delta":{},"finish_reason":"stop"}]}""");

        ChatResponseUpdate final = updates[^1];
        Assert.Equal(7, Assert.IsType<UsageContent>(Assert.Single(final.Contents)).Details.InputTokenCount);
        Assert.Equal(new GreenPTMeasurement(9, "Wms"), final.GetGreenPTImpact()!.Energy);
    }

    [Fact]
    public void FinalUpdate_WithUsageButNoImpact_HasNoAdditionalProperties()
    {
        ChatResponseUpdate final = Run("""{"id":"c1","choices":[{"delta":{"content":"x"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1}}""")[^1];

        Assert.Null(final.AdditionalProperties);
        Assert.Null(final.MessageId);
        Assert.Equal("c1", final.ResponseId);
        Assert.Equal(ChatFinishReason.Stop, final.FinishReason);
    }

    [Fact]
    public void ToolCalls_ComeOutOnceAtTheFinishReason_NotAgainAtTheEnd()
    {
        List<ChatResponseUpdate> updates = Run(
            """{"id":"c1","choices":[{"delta":{"tool_calls":[{"index":0,"id":"Ab3De6Gh9","function":{"name":"f","arguments":"{\"a\":"}}]}}]}""",
            """{"id":"c1","choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]}}]}""",
            """{"id":"c1","choices":[{"delta":{},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":1}}""");

        FunctionCallContent call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("Ab3De6Gh9", call.CallId);
        Assert.Equal(1L, ((System.Text.Json.JsonElement)call.Arguments!["a"]!).GetInt64());
        Assert.Equal(ChatFinishReason.ToolCalls, updates.Single(u => u.Contents.OfType<FunctionCallContent>().Any()).FinishReason);
        Assert.IsType<UsageContent>(Assert.Single(updates[^1].Contents));
    }

    [Fact]
    public void ToolCallsNeverFinished_ComeOutOnTheFinalUpdate_BesideTheUsage()
    {
        List<ChatResponseUpdate> updates = Run(
            """{"id":"c1","choices":[{"delta":{"tool_calls":[{"index":0,"id":"Ab3De6Gh9","function":{"name":"f","arguments":"{}"}}]}}]}""",
            """{"id":"c1","choices":[],"usage":{"prompt_tokens":1}}""");

        ChatResponseUpdate final = Assert.Single(updates);
        Assert.IsType<FunctionCallContent>(final.Contents[0]);
        Assert.IsType<UsageContent>(final.Contents[1]);
    }

    [Fact]
    public void FragmentsWithoutAnIndex_BelongToTheCallBegunLast_UnlessTheyBringANewId()
    {
        List<ChatResponseUpdate> updates = Run(
            """{"id":"c1","choices":[{"delta":{"tool_calls":[{"function":{"name":"first","arguments":"{\"a\""}}]}}]}""",
            """{"id":"c1","choices":[{"delta":{"tool_calls":[{"function":{"arguments":":1}"}}]}}]}""",
            """{"id":"c1","choices":[{"delta":{"tool_calls":[{"id":"Zy8Xw7Vu6","function":{"name":"second","arguments":"{\"b\":"}}]}}]}""",
            """{"id":"c1","choices":[{"delta":{"tool_calls":[{"id":" ","function":{"arguments":"2}"}}]}}]}""",
            """{"id":"c1","choices":[{"delta":{},"finish_reason":"tool_calls"}]}""");

        List<FunctionCallContent> calls = [.. updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>()];
        Assert.Equal(["first", "second"], calls.Select(c => c.Name));
        Assert.Null(calls[0].Exception);
        Assert.Null(calls[1].Exception);
        Assert.Equal("Zy8Xw7Vu6", calls[1].CallId);
        Assert.Equal(9, calls[0].CallId.Length); // made up, in the wire form
    }

    [Fact]
    public void ANewIdAtAUsedIndex_StartsANewCall()
    {
        List<ChatResponseUpdate> updates = Run(
            """{"id":"c1","choices":[{"delta":{"tool_calls":[{"index":0,"id":"Ab3De6Gh9","function":{"name":"a","arguments":"{}"}}]}}]}""",
            """{"id":"c1","choices":[{"delta":{"tool_calls":[{"index":0,"id":"Ab3De6Gh9","function":{"arguments":""}}]}}]}""",
            """{"id":"c1","choices":[{"delta":{"tool_calls":[{"index":0,"id":"Zy8Xw7Vu6","function":{"name":"b","arguments":"{}"}}]}}]}""",
            """{"id":"c1","choices":[{"delta":{},"finish_reason":"tool_calls"}]}""");

        Assert.Equal(["a", "b"], updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Select(c => c.Name));
    }

    [Fact]
    public void TheFirstIdStaysForTheWholeStream_AndABlankOneIsNone()
    {
        List<ChatResponseUpdate> updates = Run(
            """{"id":"","choices":[{"delta":{"content":"1"}}]}""",
            """{"id":"c1","choices":[{"delta":{"content":"2"}}]}""",
            """{"id":"c2","choices":[{"delta":{"content":"3"},"finish_reason":"stop"}]}""");

        Assert.Equal([null, "c1", "c1"], updates.Select(u => u.ResponseId));
        Assert.Equal([null, "c1", "c1"], updates.Select(u => u.MessageId));
    }
}
