using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Infrastructure;

internal static class TestClients
{
    /// <summary>A fake key: tests assert it never shows up where it must not.</summary>
    public const string ApiKey = "sk-test-6f1d2c9a8b7e";

    public static readonly Uri Endpoint = new("https://api.greenpt.test/v1/");

    public static GreenPTChatClient Create(ScriptedHandler handler, Action<GreenPTClientOptions>? configure = null)
    {
        var options = new GreenPTClientOptions { ApiKey = ApiKey, Endpoint = Endpoint, MaxRetries = 0 };
        configure?.Invoke(options);
        return new GreenPTChatClient(options, new HttpClient(handler));
    }

    /// <summary>A minimal successful completion, for tests that only look at the request.</summary>
    public const string MinimalCompletion =
        """{"id":"cmpl-1","object":"chat.completion","created":1699044968,"model":"gemma4","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""";

    public const string MinimalStream =
        "data: {\"id\":\"cmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";

    /// <summary>Sends one request, non-streaming or streaming, and returns the JSON body the client sent.</summary>
    public static async Task<string> CaptureRequestBodyAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming, Action<GreenPTClientOptions>? configure = null)
    {
        var handler = new ScriptedHandler(streaming ? ScriptedHandler.Sse(MinimalStream) : ScriptedHandler.Json(MinimalCompletion));
        using GreenPTChatClient client = Create(handler, configure);
        if (streaming)
        {
            await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync(messages, options, TestContext.Current.CancellationToken))
            {
            }
        }
        else
        {
            await client.GetResponseAsync(messages, options, TestContext.Current.CancellationToken);
        }

        RecordedRequest sent = Assert.Single(handler.Requests);
        AssertSourceGeneratedBytesMatch(sent.BodyBytes, messages, options, streaming, configure, client);
        return sent.Body;
    }

    /// <summary>
    /// The body the client sent (written by the hand-written <c>ChatRequestWriter</c>) is byte for byte what the source-generated
    /// context writes for the same request: every request-body test checks that the faster writer changed nothing on the wire.
    /// </summary>
    private static void AssertSourceGeneratedBytesMatch(
        byte[] sent, IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming, Action<GreenPTClientOptions>? configure, GreenPTChatClient client)
    {
        var clientOptions = new GreenPTClientOptions { ApiKey = ApiKey, Endpoint = Endpoint, MaxRetries = 0 };
        configure?.Invoke(clientOptions);
        GreenPT.AI.Wire.ChatCompletionRequest request = GreenPT.AI.Mapping.ChatRequestMapper.ToChatCompletionRequest(
            messages, options, GreenPTOptionsValidator.ValidatedCopy(clientOptions, "options"), streaming, options?.RawRepresentationFactory?.Invoke(client), out _);
        byte[] expected = GreenPT.AI.Tests.Wire.ChatRequestWriterTests.SourceGenerated(request);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(sent));
        Assert.Equal(expected, sent);
    }

    public static async Task<List<ChatResponseUpdate>> StreamAsync(IChatClient client, string prompt = "Hi")
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(prompt, cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        return updates;
    }
}
