using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.NetFrameworkChecks;

/// <summary>
/// The checks, each a whole use of the client against the emulator. A stream held open uses the emulator's gate: a prompt
/// <c>hold:ID</c> holds the stream after its first chunk until a request with the prompt <c>release:ID</c> arrives
/// (tests/GreenPT.AI.NetFrameworkTests sets this up), so "the first update came before the end" is a fact, not a timing.
/// </summary>
internal static class Checks
{
    /// <summary>What "within a second" means for a time limit or a cancellation to take effect.</summary>
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(1);

    /// <summary>A bound on waits that are not the subject of a check (the first update of a healthy stream).</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private static int _ids;

    /// <summary>Every check of a run on <paramref name="stack"/>, in order. The client's own HttpClient cannot send fault headers.</summary>
    public static IEnumerable<KeyValuePair<string, Func<CheckContext, Task>>> For(Stack stack)
    {
        var all = new List<KeyValuePair<string, Func<CheckContext, Task>>>
        {
            new("NonStreaming_Answer", NonStreamingAnswerAsync),
            new("Streaming_FirstUpdateBeforeTheEnd", StreamingFirstUpdateBeforeTheEndAsync),
            new("ConcurrentStreams_NotThrottled", ConcurrentStreamsNotThrottledAsync),
        };
        if (stack == Stack.Own)
        {
            return all;
        }

        all.AddRange(
        [
            new("ToolCall_NonStreaming", ToolCallNonStreamingAsync),
            new("ToolCall_Streaming", ToolCallStreamingAsync),
            new("Embeddings_Vectors", EmbeddingsAsync),
            new("Models_Catalog", ModelsAsync),
            new("Error_NonStreaming", ErrorNonStreamingAsync),
            new("Error_Streaming", ErrorStreamingAsync),
            new("Error_EventInsideStream", ErrorEventAsync),
            new("ResponseTimeout_HeadersStall", c => ResponseTimeoutAsync(c, "stall-headers", Endpoint.Chat)),
            new("ResponseTimeout_ChatBodyStall", c => ResponseTimeoutAsync(c, "stall-mid-stream", Endpoint.Chat)),
            new("ResponseTimeout_EmbeddingsBodyStall", c => ResponseTimeoutAsync(c, "stall-mid-stream", Endpoint.Embeddings)),
            new("ResponseTimeout_ModelsBodyStall", c => ResponseTimeoutAsync(c, "stall-mid-stream", Endpoint.Models)),
            new("StreamIdleTimeout_StreamStall", StreamIdleTimeoutAsync),
            new("Cancellation_HeadersStall", c => CancellationNonStreamingAsync(c, "stall-headers")),
            new("Cancellation_ChatBodyStall", c => CancellationNonStreamingAsync(c, "stall-mid-stream")),
            new("Cancellation_StreamStall", CancellationStreamingAsync),
            new("Drop_MidStream", DropMidStreamAsync),
            new("Drop_MidBody", DropMidBodyAsync),
            new("Unreachable_RetriedThenGreenPTException", UnreachableAsync),
            new("ResponseTimeout_ErrorBodyStall", ResponseTimeoutErrorBodyAsync),
            new("Cancellation_ErrorBodyStall", CancellationErrorBodyAsync),
        ]);
        return all;
    }

    private enum Endpoint
    {
        Chat,
        Embeddings,
        Models,
    }

    private static async Task NonStreamingAnswerAsync(CheckContext c)
    {
        using GreenPTChatClient client = c.Chat();
        ChatResponse response = await client.GetResponseAsync("Hello from .NET Framework").ConfigureAwait(false);
        Expect(response.Text.Contains("You said: \"Hello from .NET Framework\""), $"unexpected answer '{response.Text}'");
        Expect(response.GetGreenPTImpact()?.Energy is not null, "no impact on the answer");
        Expect(response.FinishReason == ChatFinishReason.Stop, $"finish reason {response.FinishReason}");
    }

    private static async Task StreamingFirstUpdateBeforeTheEndAsync(CheckContext c)
    {
        using GreenPTChatClient client = c.Chat();
        string id = NewId();
        var updates = new List<ChatResponseUpdate>();
        IAsyncEnumerator<ChatResponseUpdate> stream = client.GetStreamingResponseAsync("hold:" + id).GetAsyncEnumerator();
        try
        {
            Expect(await WithinAsync(stream.MoveNextAsync().AsTask(), Bound, "the first update").ConfigureAwait(false), "the stream ended at once");
            updates.Add(stream.Current);

            // The server holds every later chunk until the release: the first update really came before the end.
            await c.ReleaseAsync(id).ConfigureAwait(false);
            while (await WithinAsync(stream.MoveNextAsync().AsTask(), Bound, "the rest of the stream").ConfigureAwait(false))
            {
                updates.Add(stream.Current);
            }
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        ChatResponse response = updates.ToChatResponse();
        Expect(response.Text.Contains("You said: \"hold:" + id + "\""), $"unexpected streamed answer '{response.Text}'");
        Expect(updates.Count > 3, $"only {updates.Count} updates");
        Expect(response.GetGreenPTImpact()?.Energy is not null, "no impact at the end of the stream");
    }

    private static async Task ConcurrentStreamsNotThrottledAsync(CheckContext c)
    {
        // Three streams held open at once: with .NET Framework's default of 2 connections per server, the third would wait.
        using GreenPTChatClient client = c.Chat();
        string[] ids = [NewId(), NewId(), NewId()];
        var streams = ids.Select(id => client.GetStreamingResponseAsync("hold:" + id).GetAsyncEnumerator()).ToList();
        try
        {
            for (int i = 0; i < streams.Count; i++)
            {
                Expect(await WithinAsync(streams[i].MoveNextAsync().AsTask(), Bound, $"the first update of stream {i + 1} of 3 while the others are held").ConfigureAwait(false), "a stream ended at once");
            }

            foreach (string id in ids)
            {
                await c.ReleaseAsync(id).ConfigureAwait(false);
            }

            foreach (IAsyncEnumerator<ChatResponseUpdate> stream in streams)
            {
                while (await WithinAsync(stream.MoveNextAsync().AsTask(), Bound, "the rest of a stream").ConfigureAwait(false))
                {
                }
            }
        }
        finally
        {
            foreach (IAsyncEnumerator<ChatResponseUpdate> stream in streams)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static AIFunction WeatherTool() => AIFunctionFactory.Create((string city) => "Sunny in " + city, "get_weather", "Gets the weather in a city.");

    private static async Task ToolCallNonStreamingAsync(CheckContext c)
    {
        using GreenPTChatClient client = c.Chat();
        ChatResponse response = await client.GetResponseAsync("Paris", new ChatOptions { Tools = [WeatherTool()] }).ConfigureAwait(false);
        ExpectWeatherCall(response.Messages.SelectMany(m => m.Contents), response.FinishReason);
    }

    private static async Task ToolCallStreamingAsync(CheckContext c)
    {
        using GreenPTChatClient client = c.Chat();
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("Paris", new ChatOptions { Tools = [WeatherTool()] }).ConfigureAwait(false))
        {
            updates.Add(update);
        }

        ExpectWeatherCall(updates.SelectMany(u => u.Contents), updates.Select(u => u.FinishReason).LastOrDefault(f => f is not null));
    }

    private static void ExpectWeatherCall(IEnumerable<AIContent> contents, ChatFinishReason? finishReason)
    {
        FunctionCallContent[] calls = contents.OfType<FunctionCallContent>().ToArray();
        Expect(calls.Length == 1, $"{calls.Length} tool calls");
        Expect(calls[0].Name == "get_weather", $"tool call to '{calls[0].Name}'");
        Expect(calls[0].Arguments?.TryGetValue("city", out object? city) == true && city?.ToString() == "Paris", "the city argument is not Paris");
        Expect(!string.IsNullOrEmpty(calls[0].CallId), "no call id");
        Expect(finishReason == ChatFinishReason.ToolCalls, $"finish reason {finishReason}");
    }

    private static async Task EmbeddingsAsync(CheckContext c)
    {
        using GreenPTEmbeddingGenerator generator = c.Embeddings();
        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(["one", "two"]).ConfigureAwait(false);
        Expect(embeddings.Count == 2, $"{embeddings.Count} vectors");
        Expect(embeddings.All(e => e.Vector.Length == 1024), "a vector is not of 1024 dimensions");
    }

    private static async Task ModelsAsync(CheckContext c)
    {
        using GreenPTModelCatalog catalog = c.Models();
        IReadOnlyList<GreenPTModelInfo> models = await catalog.ListAsync().ConfigureAwait(false);
        Expect(models.Any(m => m.Id == "gemma4"), $"gemma4 not among {models.Count} models");
    }

    private static async Task ErrorNonStreamingAsync(CheckContext c)
    {
        using GreenPTChatClient client = c.Chat(fault: "status=400;message=the emulator refused this");
        GreenPTException error = await ExpectThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi")).ConfigureAwait(false);
        Expect(error.StatusCode == System.Net.HttpStatusCode.BadRequest, $"status {error.StatusCode}");
        Expect(error.Message.Contains("the emulator refused this"), $"the server's message is not in '{error.Message}'");
    }

    private static async Task ErrorStreamingAsync(CheckContext c)
    {
        using GreenPTChatClient client = c.Chat(o => o.MaxRetries = 0, fault: "status=503");
        GreenPTException error = await ExpectThrowsAsync<GreenPTException>(() => DrainAsync(client.GetStreamingResponseAsync("Hi"))).ConfigureAwait(false);
        Expect(error.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable, $"status {error.StatusCode}");
    }

    private static async Task ErrorEventAsync(CheckContext c)
    {
        using GreenPTChatClient client = c.Chat(fault: "error-event");
        var updates = new List<ChatResponseUpdate>();
        GreenPTException error = await ExpectThrowsAsync<GreenPTException>(() => DrainAsync(client.GetStreamingResponseAsync("Hi"), updates)).ConfigureAwait(false);
        Expect(error.Message.Contains("an error event inside the stream"), $"unexpected message '{error.Message}'");
        Expect(updates.Count == 1, $"{updates.Count} updates before the error event");
    }

    private static async Task ResponseTimeoutAsync(CheckContext c, string fault, Endpoint endpoint)
    {
        var clock = Stopwatch.StartNew();
        Func<Task> call;
        IDisposable owner;
        switch (endpoint)
        {
            case Endpoint.Embeddings:
                GreenPTEmbeddingGenerator generator = c.Embeddings(o => o.ResponseTimeout = Limit, fault);
                (owner, call) = (generator, () => generator.GenerateAsync(["one"]));
                break;
            case Endpoint.Models:
                GreenPTModelCatalog catalog = c.Models(o => o.ResponseTimeout = Limit, fault);
                (owner, call) = (catalog, () => catalog.ListAsync());
                break;
            default:
                GreenPTChatClient client = c.Chat(o => o.ResponseTimeout = Limit, fault);
                (owner, call) = (client, () => client.GetResponseAsync("Hi"));
                break;
        }

        using (owner)
        {
            TimeoutException timeout = await ExpectThrowsAsync<TimeoutException>(call).ConfigureAwait(false);
            Expect(timeout.Message.Contains("GreenPTClientOptions.ResponseTimeout"), $"the setting is not named in '{timeout.Message}'");
            ExpectPromptly(clock.Elapsed, Limit, "ResponseTimeout");
        }
    }

    private static async Task StreamIdleTimeoutAsync(CheckContext c)
    {
        using GreenPTChatClient client = c.Chat(o => o.StreamIdleTimeout = Limit, fault: "stall-mid-stream");
        Stopwatch? sinceFirst = null;
        var updates = new List<ChatResponseUpdate>();
        TimeoutException timeout = await ExpectThrowsAsync<TimeoutException>(() => DrainAsync(client.GetStreamingResponseAsync("Hi"), updates, () => sinceFirst = Stopwatch.StartNew())).ConfigureAwait(false);
        Expect(timeout.Message.Contains("GreenPTClientOptions.StreamIdleTimeout"), $"the setting is not named in '{timeout.Message}'");
        Expect(updates.Count == 1 && sinceFirst is not null, $"{updates.Count} updates before the stall");
        // The idle limit is checked every quarter of itself: it trips between 1 and 1.25 times the limit after the last event.
        ExpectPromptly(sinceFirst!.Elapsed, TimeSpan.FromTicks(Limit.Ticks * 5 / 4), "StreamIdleTimeout");
    }

    private static async Task CancellationNonStreamingAsync(CheckContext c, string fault)
    {
        using GreenPTChatClient client = c.Chat(o => o.ResponseTimeout = Timeout.InfiniteTimeSpan, fault);
        using var cancellation = new CancellationTokenSource();
        TimeSpan after = TimeSpan.FromMilliseconds(500);
        cancellation.CancelAfter(after);
        var clock = Stopwatch.StartNew();
        OperationCanceledException cancelled = await ExpectThrowsAsync<OperationCanceledException>(() => client.GetResponseAsync("Hi", cancellationToken: cancellation.Token)).ConfigureAwait(false);
        Expect(cancelled.CancellationToken == cancellation.Token || cancellation.IsCancellationRequested, "cancelled by something else");
        ExpectPromptly(clock.Elapsed, after, "the caller's cancellation");
    }

    private static async Task CancellationStreamingAsync(CheckContext c)
    {
        using GreenPTChatClient client = c.Chat(o => o.StreamIdleTimeout = Timeout.InfiniteTimeSpan, fault: "stall-mid-stream");
        using var cancellation = new CancellationTokenSource();
        TimeSpan after = TimeSpan.FromMilliseconds(300);
        Stopwatch? sinceFirst = null;
        var updates = new List<ChatResponseUpdate>();
        await ExpectThrowsAsync<OperationCanceledException>(() => DrainAsync(client.GetStreamingResponseAsync("Hi", cancellationToken: cancellation.Token), updates, () =>
        {
            sinceFirst = Stopwatch.StartNew();
            cancellation.CancelAfter(after);
        })).ConfigureAwait(false);
        Expect(updates.Count == 1 && sinceFirst is not null, $"{updates.Count} updates before the stall");
        ExpectPromptly(sinceFirst!.Elapsed, after, "the caller's cancellation");
    }

    private static async Task DropMidStreamAsync(CheckContext c)
    {
        using GreenPTChatClient client = c.Chat(fault: "drop-mid-stream");
        var updates = new List<ChatResponseUpdate>();
        GreenPTException error = await ExpectThrowsAsync<GreenPTException>(() => DrainAsync(client.GetStreamingResponseAsync("Hi"), updates)).ConfigureAwait(false);
        Expect(error.Message.Contains("interrupted before it was complete"), $"unexpected message '{error.Message}'");
        Expect(updates.Count <= 1, $"{updates.Count} updates before the drop");
    }

    private static async Task DropMidBodyAsync(CheckContext c)
    {
        using GreenPTChatClient client = c.Chat(fault: "drop-mid-stream");
        GreenPTException error = await ExpectThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi")).ConfigureAwait(false);
        Expect(error.Message.Contains("interrupted before it was complete"), $"unexpected message '{error.Message}'");
    }

    private static async Task ResponseTimeoutErrorBodyAsync(CheckContext c)
    {
        using var server = new StallingServer();
        using GreenPTChatClient client = c.Chat(o => (o.Endpoint, o.MaxRetries, o.ResponseTimeout) = (server.Endpoint, 0, Limit), endpoint: server.Endpoint);
        var clock = Stopwatch.StartNew();
        TimeoutException timeout = await ExpectThrowsAsync<TimeoutException>(() => client.GetResponseAsync("Hi")).ConfigureAwait(false);
        Expect(timeout.Message.Contains("GreenPTClientOptions.ResponseTimeout"), $"the setting is not named in '{timeout.Message}'");
        ExpectPromptly(clock.Elapsed, Limit, "ResponseTimeout");
    }

    private static async Task CancellationErrorBodyAsync(CheckContext c)
    {
        using var server = new StallingServer();
        using GreenPTChatClient client = c.Chat(o => (o.Endpoint, o.MaxRetries, o.ResponseTimeout) = (server.Endpoint, 0, Timeout.InfiniteTimeSpan), endpoint: server.Endpoint);
        using var cancellation = new CancellationTokenSource();
        TimeSpan after = TimeSpan.FromMilliseconds(500);
        cancellation.CancelAfter(after);
        var clock = Stopwatch.StartNew();
        await ExpectThrowsAsync<OperationCanceledException>(() => DrainAsync(client.GetStreamingResponseAsync("Hi", cancellationToken: cancellation.Token))).ConfigureAwait(false);
        ExpectPromptly(clock.Elapsed, after, "the caller's cancellation");
    }

    private static async Task UnreachableAsync(CheckContext c)
    {
        // A port nothing listens on (taken from the system, then closed): refused at once, so retried, then reported.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        using GreenPTChatClient client = c.Chat(o => (o.Endpoint, o.MaxRetries) = (new Uri($"http://127.0.0.1:{port}/v1/"), 1), endpoint: new Uri($"http://127.0.0.1:{port}/v1/"));
        GreenPTException error = await ExpectThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi")).ConfigureAwait(false);
        Expect(error.Message.StartsWith($"Could not reach GreenPT at http://127.0.0.1:{port} after 2 attempts", StringComparison.Ordinal), $"unexpected message '{error.Message}'");
        Expect(error.IsTransient, "not transient");
    }

    private static async Task DrainAsync(IAsyncEnumerable<ChatResponseUpdate> stream, List<ChatResponseUpdate>? updates = null, Action? onFirst = null)
    {
        await foreach (ChatResponseUpdate update in stream.ConfigureAwait(false))
        {
            updates?.Add(update);
            if (updates?.Count == 1)
            {
                onFirst?.Invoke();
            }
        }
    }

    private static string NewId() => "n" + Interlocked.Increment(ref _ids).ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);

    private static void Expect(bool condition, string failure)
    {
        if (!condition)
        {
            throw new CheckFailedException(failure);
        }
    }

    private static void ExpectPromptly(TimeSpan elapsed, TimeSpan due, string what) =>
        Expect(elapsed <= due + Promptly, $"{what} took effect after {elapsed.TotalMilliseconds:0} ms, more than a second after it was due at {due.TotalMilliseconds:0} ms");

    private static async Task<bool> WithinAsync(Task<bool> task, TimeSpan bound, string what)
    {
        if (await Task.WhenAny(task, Task.Delay(bound)).ConfigureAwait(false) != task)
        {
            throw new CheckFailedException($"waited {bound.TotalSeconds} s for {what}");
        }

        return await task.ConfigureAwait(false);
    }

    /// <summary>The exception of <typeparamref name="TException"/>'s exact kind (subclasses allowed); anything else fails the check.</summary>
    private static async Task<TException> ExpectThrowsAsync<TException>(Func<Task> action)
        where TException : Exception
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (TException expected)
        {
            return expected;
        }
#pragma warning disable CA1031 // the wrong exception is the failure being reported
        catch (Exception other)
#pragma warning restore CA1031
        {
            throw new CheckFailedException($"expected {typeof(TException).Name}, got {other.GetType().FullName}: {other.Message}" +
                (other.InnerException is { } inner ? $" (inner {inner.GetType().FullName}: {inner.Message})" : string.Empty));
        }

        throw new CheckFailedException($"expected {typeof(TException).Name}, nothing was thrown");
    }
}
