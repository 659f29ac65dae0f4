using System.Text;
using System.Text.Json;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Client;

/// <summary>
/// Every field GreenPT sends stays readable, mapped or not: <see cref="GreenPTRawJson"/>, the <c>RawRepresentation</c> of responses,
/// messages, contents and streaming updates, holds the bytes as they came.
/// </summary>
public sealed class RawJsonTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string CompletionWithUnmappedFields = """
        {"id":"cmpl-1","object":"chat.completion","created":1754000000,"model":"gemma4","system_fingerprint":"fp_42",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hi","annotations":[{"type":"note"}]},"logprobs":{"content":[]},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2,"prompt_tokens_details":{"cached_tokens":1}}}
        """;

    [Fact]
    public async Task NonStreaming_ResponseMessageAndContents_CarryTheWholeBody()
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Json(CompletionWithUnmappedFields)));

        ChatResponse response = await client.GetResponseAsync("Hi", cancellationToken: Ct);

        GreenPTRawJson raw = response.GetGreenPTRawJson()!;
        Assert.True(raw.TryGetProperty("system_fingerprint", out JsonElement fingerprint));
        Assert.Equal("fp_42", fingerprint.GetString());
        Assert.Equal("note", raw.Root.GetProperty("choices")[0].GetProperty("message").GetProperty("annotations")[0].GetProperty("type").GetString());
        Assert.Equal(1, raw.Root.GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Same(raw, response.Messages[0].GetGreenPTRawJson());
        Assert.All(response.Messages[0].Contents, c => Assert.Same(raw, c.RawRepresentation));
        Assert.Equal(JsonDocument.Parse(CompletionWithUnmappedFields).RootElement.GetRawText(), JsonDocument.Parse(raw.Utf8Json).RootElement.GetRawText());
        Assert.Equal(CompletionWithUnmappedFields, raw.ToString());
    }

    [Fact]
    public async Task NonStreaming_ALongEscapedAnswer_IsDecodedAndItsBodyKeptByteForByte()
    {
        // Long enough, and escaped, for JsonStringDecoder to decode it and blank its bytes for the reader for a moment.
        string text = string.Concat(Enumerable.Repeat("""A \"quoted\" line,\n\tthen caf\u00e9 \ud83d\ude00 and a \\ backslash.\n""", 40));
        string body = "{\"id\":\"cmpl-2\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text +
            "\",\"reasoning_content\":\"" + text + "\"},\"finish_reason\":\"stop\"}]}";
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Json(body)));

        ChatResponse response = await client.GetResponseAsync("Hi", cancellationToken: Ct);

        string expected = JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal(expected, response.Text);
        Assert.Equal(expected, Assert.Single(response.Messages[0].Contents.OfType<TextReasoningContent>()).Text);
        Assert.Equal(body, response.GetGreenPTRawJson()!.ToString());
    }

    [Fact]
    public async Task Streaming_EachUpdate_CarriesItsOwnEvent()
    {
        const string stream = """
            data: {"id":"c1","model":"gemma4","choices":[{"delta":{"role":"assistant","content":"He"},"logprobs":{"n":1}}],"x_backend":"vllm"}

            data: {"id":"c1","model":"gemma4","choices":[{"delta":{"content":"llo"},"finish_reason":"stop","logprobs":{"n":2}}]}

            data: [DONE]


            """;
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Sse(stream)));

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client);

        Assert.Equal(2, updates.Count);
        Assert.Equal("vllm", updates[0].GetGreenPTRawJson()!.Root.GetProperty("x_backend").GetString());
        Assert.Equal(2, updates[1].GetGreenPTRawJson()!.Root.GetProperty("choices")[0].GetProperty("logprobs").GetProperty("n").GetInt32());
        Assert.False(updates[1].GetGreenPTRawJson()!.TryGetProperty("x_backend", out _));
    }

    [Fact]
    public async Task Streaming_EventsThatRepeatTheirShape_KeepTheirBytesExactly()
    {
        // Events that differ only in their text are read by their shape; their raw JSON must still be their bytes, escapes,
        // invalid UTF-8 and tool-call arguments included.
        const string Head = """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gemma4","choices":[{"index":0,"delta":""";
        const string Tail = ""","finish_reason":null}]}""";
        byte[][] events =
        [
            Encoding.UTF8.GetBytes(Head + """{"content":"One"}""" + Tail),
            Encoding.UTF8.GetBytes(Head + """{"content":" two"}""" + Tail),
            Encoding.UTF8.GetBytes(Head + """{"content":" \"three\" \u00fc"}""" + Tail),
            [.. Encoding.UTF8.GetBytes(Head + """{"content":" f"""), 0xFF, .. Encoding.UTF8.GetBytes("our\"}" + Tail)],
            Encoding.UTF8.GetBytes(Head + """{"content":" f\u00fcnf \ud83d\ude00"}""" + Tail),
        ];
        var body = new MemoryStream();
        foreach (byte[] e in events)
        {
            body.Write("data: "u8);
            body.Write(e);
            body.Write("\n\n"u8);
        }

        body.Write("data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"u8);
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Sse(() => new MemoryStream(body.ToArray()))));

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client);

        for (int i = 0; i < events.Length; i++)
        {
            GreenPTRawJson raw = updates[i].GetGreenPTRawJson()!;
            Assert.Equal(events[i], raw.Utf8Json.ToArray());
            Assert.Equal("gemma4", raw.Root.GetProperty("model").GetString());
        }

        Assert.Equal("One two \"three\" ü f\uFFFDour fünf 😀", string.Concat(updates.Take(events.Length).Select(u => u.Text)));
    }

    [Fact]
    public async Task Streaming_TheFinalUpdate_CarriesTheEventItsUsageAndImpactCameFrom()
    {
        const string stream = """
            data: {"id":"c1","choices":[{"delta":{"content":"Hi"},"finish_reason":"stop"}]}

            data: {"id":"c1","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2,"new_counter":7},"impact":{"energy":{"total":5,"unit":"Wms"}}}

            data: [DONE]


            """;
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Sse(stream)));

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client);

        Assert.Equal(7, updates[^1].GetGreenPTRawJson()!.Root.GetProperty("usage").GetProperty("new_counter").GetInt32());
    }

    [Fact]
    public async Task NonStreaming_ABodyLongerThanItsContentLength_IsReadWhole()
    {
        var handler = new ScriptedHandler(() =>
        {
            var content = new StringContent(CompletionWithUnmappedFields, Encoding.UTF8, "application/json");
            content.Headers.ContentLength = 10; // a handler that changed the body but kept the header
            return new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content };
        });
        using GreenPTChatClient client = TestClients.Create(handler);

        ChatResponse response = await client.GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal("Hi", response.Text);
    }

    [Fact]
    public void RawJson_TheServerSentButJsonDocumentCannotRead_SaysSoWithoutFailingTheAnswer()
    {
        byte[] deep = Encoding.UTF8.GetBytes(new string('[', 300) + new string(']', 300));
        var raw = new GreenPTRawJson(deep);

        Assert.False(raw.TryGetProperty("a", out _));
        Assert.ThrowsAny<JsonException>(() => raw.Root);
        Assert.Equal(600, raw.Utf8Json.Length);
    }

    [Fact]
    public void Readers_WithoutRawJson_GiveNull()
    {
        Assert.Null(new ChatResponse().GetGreenPTRawJson());
        Assert.Null(new ChatResponseUpdate().GetGreenPTRawJson());
        Assert.Null(new ChatMessage().GetGreenPTRawJson());
        Assert.Throws<ArgumentNullException>(() => ((ChatResponse)null!).GetGreenPTRawJson());
    }
}
