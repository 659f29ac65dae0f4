using System.Text;
using System.Text.Json;
using GreenPT.AI.Wire;

namespace GreenPT.AI.Tests.Wire;

/// <summary>The stream chunk parser on malformed chunks: what it keeps, what it skips, and the exact message when it refuses one.</summary>
public sealed class ChatChunkParserRobustnessTests
{
    private static ChatCompletionResponse Parse(string json) => new ChatChunkParser().Parse(string.Empty, Encoding.UTF8.GetBytes(json))!;

    [Fact]
    public void NullContainers_AndNullElements_HoldNothing()
    {
        Assert.Null(Parse("""{"choices":null}""").Choices);
        Assert.Null(Parse("""{"choices":[{"delta":null}]}""").Choices![0].Delta);
        Assert.Null(Parse("""{"choices":[{"delta":{"tool_calls":null}}]}""").Choices![0].Delta!.ToolCalls);
        Assert.Null(Parse("""{"choices":[{"delta":{"tool_calls":[{"function":null}]}}]}""").Choices![0].Delta!.ToolCalls![0].Function);

        ChatCompletionResponse chunk = Parse("""{"choices":[null,{"delta":{"tool_calls":[null,{"index":1,"function":{"name":"f"}},null]}},null]}""");
        ResponseChoice choice = Assert.Single(chunk.Choices!);
        Assert.Equal("f", Assert.Single(choice.Delta!.ToolCalls!).Function!.Name);
    }

    [Fact]
    public void UnknownMembers_AreSkippedWhole_WhereverTheyAre()
    {
        ChatCompletionResponse chunk = Parse(
            """{"x":{"a":[1]},"id":"c1","choices":[{"x":[{}],"delta":{"x":{"b":2},"refusal":"no","content":"a","y":"zzz"},"finish_reason":"stop"}]""" +
            ""","usage":{"x":[1],"prompt_tokens":2},"requestId":"r1"}""");

        Assert.Equal("c1", chunk.Id);
        Assert.Equal("r1", chunk.RequestId);
        Assert.Equal(2, chunk.Usage!.PromptTokens);
        ResponseMessage delta = chunk.Choices![0].Delta!;
        Assert.Equal("a", delta.Content);
        Assert.Equal("no", delta.Refusal);
        Assert.Equal("stop", chunk.Choices[0].FinishReason);

        ResponseToolCall call = Parse("""{"choices":[{"delta":{"tool_calls":[{"x":{"y":1},"id":"Ab3De6Gh9","type":"function","function":{"x":[2],"name":"f","arguments":"{}"}}]}}]}""")
            .Choices![0].Delta!.ToolCalls![0];
        Assert.Equal("Ab3De6Gh9", call.Id);
        Assert.Equal("f", call.Function!.Name);
        Assert.Equal("{}", call.Function.Arguments);
    }

    [Theory]
    [InlineData("""[1]""", "A stream event is not a JSON object.")]
    [InlineData("""{"choices":{}}""", "'choices' must be an array, not an object.")]
    [InlineData("""{"choices":"x"}""", "'choices' must be an array, not a string.")]
    [InlineData("""{"choices":[1]}""", "'choices[]' must be an object, not a number.")]
    [InlineData("""{"choices":[{"delta":[]}]}""", "'delta' must be an object, not an array.")]
    [InlineData("""{"choices":[{"delta":{"content":{}}}]}""", "'content' must be a string, not an object.")]
    [InlineData("""{"choices":[{"delta":{"reasoning_content":[]}}]}""", "'reasoning_content' must be a string, not an array.")]
    [InlineData("""{"choices":[{"delta":{"reasoning":{}}}]}""", "'reasoning' must be a string, not an object.")]
    [InlineData("""{"choices":[{"delta":{"refusal":[]}}]}""", "'refusal' must be a string, not an array.")]
    [InlineData("""{"choices":[{"delta":{"tool_calls":{}}}]}""", "'tool_calls' must be an array, not an object.")]
    [InlineData("""{"choices":[{"delta":{"tool_calls":[true]}}]}""", "'tool_calls[]' must be an object, not a boolean.")]
    [InlineData("""{"choices":[{"delta":{"tool_calls":[{"function":"f"}]}}]}""", "'function' must be an object, not a string.")]
    public void AnswerBearingMember_OfTheWrongType_IsRefusedNamingIt(string json, string message)
    {
        var ex = Assert.Throws<JsonException>(() => Parse(json));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void MetadataOfTheWrongType_IsDropped()
    {
        ChatCompletionResponse chunk = Parse("""{"id":{},"model":[1],"created":"soon","usage":[],"impact":"x","requestId":{},"choices":[{"delta":{"role":[],"content":"a"},"finish_reason":{}}]}""");

        Assert.Null(chunk.Id);
        Assert.Null(chunk.Model);
        Assert.Null(chunk.Created);
        Assert.Null(chunk.Usage);
        Assert.Null(chunk.Impact);
        Assert.Null(chunk.RequestId);
        Assert.Null(chunk.Choices![0].Delta!.Role);
        Assert.Null(chunk.Choices[0].FinishReason);
        Assert.Equal("a", chunk.Choices[0].Delta!.Content);
    }

    [Theory]
    [InlineData("""{"error":"overloaded"}""", "overloaded")]
    [InlineData("""{"error":503}""", "503")]
    [InlineData("""{"error":["a",1]}""", "[\"a\",1]")]
    [InlineData("""{"error":{}}""", null)]
    public void ErrorMember_OfAnyType_IsAnError(string json, string? message)
    {
        ErrorDetail error = Parse(json).Error!;
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void AnswerTypes_AreOnlyRead_ButTheImpactIsWritten()
    {
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new ChatCompletionResponse { Created = 1 }, GreenPTJsonContext.Default.ChatCompletionResponse));
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new ChatCompletionResponse { Choices = [] }, GreenPTJsonContext.Default.ChatCompletionResponse));
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new ChatCompletionResponse { Error = new ErrorDetail() }, GreenPTJsonContext.Default.ChatCompletionResponse));
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new ResponseChoice { Message = new ResponseMessage() }, GreenPTJsonContext.Default.ResponseChoice));
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new ResponseMessage { Content = "x" }, GreenPTJsonContext.Default.ResponseMessage));
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new ResponseToolCall { Index = 1 }, GreenPTJsonContext.Default.ResponseToolCall));
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new ErrorDetail { Message = "x" }, GreenPTJsonContext.Default.ErrorDetail));

        string impact = JsonSerializer.Serialize(new ImpactDto { Energy = new MeasurementDto { Total = 1.5, Unit = "Wms" }, Version = "v" }, GreenPTJsonContext.Default.ImpactDto);
        Assert.Equal("""{"energy":{"total":1.5,"unit":"Wms"},"version":"v"}""", impact);
    }
}
