using System.Text;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Client;

/// <summary>How a stream may end, where usage and impact may ride, and what SSE framing the reader tolerates.</summary>
public sealed class ChatStreamingTests
{
    private const string Content = """{"id":"s","object":"chat.completion.chunk","created":1700000000,"model":"gemma4","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}""";
    private const string Finish = """{"id":"s","object":"chat.completion.chunk","model":"gemma4","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""";
    private const string UsageTrailer = """{"id":"s","object":"chat.completion.chunk","model":"gemma4","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6},"impact":{"inferenceTime":{"total":20,"unit":"ms"},"energy":{"total":3112097.5,"unit":"Wms"},"emissions":{"total":26311,"unit":"ugCO2e"},"version":"20250922"}}""";

    private static Task<List<ChatResponseUpdate>> StreamAsync(string sse) =>
        TestClients.StreamAsync(TestClients.Create(new ScriptedHandler(ScriptedHandler.Sse(sse))));

    private static string Events(params string[] data) => string.Concat(data.Select(d => $"data: {d}\n\n"));

    [Fact]
    public async Task UsageAndImpact_OnATrailingChunkWithNoChoices_AreReported()
    {
        List<ChatResponseUpdate> updates = await StreamAsync(Events(Content, Finish, UsageTrailer, "[DONE]"));

        ChatResponse response = updates.ToChatResponse();
        Assert.Equal("Hi", response.Text);
        Assert.Equal(6, response.Usage!.TotalTokenCount);
        Assert.Equal(new GreenPTMeasurement(3112097.5, "Wms"), response.GetGreenPTImpact()!.Energy);
        Assert.Equal(3_112_097_500, response.Usage.AdditionalCounts![GreenPTUsageCounts.EnergyMicrojoules]);
        Assert.Null(updates[^1].MessageId);
        Assert.Equal(updates[^1].GetGreenPTImpact(), response.GetGreenPTImpact());
    }

    [Fact]
    public async Task Usage_IsReportedOnce_EvenWhenSeveralChunksCarryIt()
    {
        string finishWithUsage = Finish.Replace("\"finish_reason\":\"stop\"}]", "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}", StringComparison.Ordinal);
        List<ChatResponseUpdate> updates = await StreamAsync(Events(Content, finishWithUsage, UsageTrailer, "[DONE]"));

        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(6, updates.ToChatResponse().Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task StreamEndingRightAfterFinishReason_WithoutDone_IsComplete()
    {
        List<ChatResponseUpdate> updates = await StreamAsync(Events(Content, Finish));
        Assert.Equal(ChatFinishReason.Stop, updates.ToChatResponse().FinishReason);
    }

    [Fact]
    public async Task StreamEndingWithDone_WithoutFinishReason_IsComplete()
    {
        List<ChatResponseUpdate> updates = await StreamAsync(Events(Content, "[DONE]"));
        Assert.Equal("Hi", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task StreamEndingBeforeFinishReasonOrDone_Throws()
    {
        var ex = await Assert.ThrowsAsync<GreenPTException>(() => StreamAsync(Events(Content)));
        Assert.Contains("ended before it was complete", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyStream_Throws()
    {
        await Assert.ThrowsAsync<GreenPTException>(() => StreamAsync(string.Empty));
    }

    [Fact]
    public async Task ErrorEventAfterA200_Throws_WithServerMessageAndRequestId()
    {
        var ex = await Assert.ThrowsAsync<GreenPTException>(() => StreamAsync(Events(
            Content,
            """{"error":{"code":500,"message":"The backend went away","type":"server_error","param":null},"requestId":"req_mid"}""")));

        Assert.Contains("The backend went away", ex.Message, StringComparison.Ordinal);
        Assert.Equal("req_mid", ex.RequestId);
        Assert.Equal("server_error", ex.ErrorType);
        Assert.Equal("500", ex.ErrorCode);
        Assert.Null(ex.StatusCode);
    }

    [Fact]
    public async Task NamedErrorEvent_Throws()
    {
        var ex = await Assert.ThrowsAsync<GreenPTException>(() => StreamAsync($"data: {Content}\n\nevent: error\ndata: {{\"message\":\"overloaded\"}}\n\n"));
        Assert.Contains("overloaded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedEvent_Throws()
    {
        var ex = await Assert.ThrowsAsync<GreenPTException>(() => StreamAsync(Events(Content, "{not json")));
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommentsBlankLinesCrLfAndDataWithoutSpace_AreTolerated()
    {
        string sse = ": keep-alive\r\n\r\n\r\ndata:" + Content + "\r\n\r\n: ping\r\n" + "data: " + Finish + "\r\n\r\ndata: [DONE]\r\n\r\n";
        List<ChatResponseUpdate> updates = await StreamAsync(sse);
        Assert.Equal("Hi", updates.ToChatResponse().Text);
        Assert.Equal(ChatFinishReason.Stop, updates.ToChatResponse().FinishReason);
    }

    [Fact]
    public async Task EventsAfterDone_AreIgnored()
    {
        List<ChatResponseUpdate> updates = await StreamAsync(Events(Content, "[DONE]", "{not json"));
        Assert.Equal("Hi", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task ChangingChunkIds_StayOneMessage()
    {
        List<ChatResponseUpdate> updates = await StreamAsync(Events(Content, Finish.Replace("\"id\":\"s\"", "\"id\":\"other\"", StringComparison.Ordinal), "[DONE]"));
        Assert.Single(updates.ToChatResponse().Messages);
    }

    [Fact]
    public async Task CreatedTime_IsKeptOnUpdatesAfterAChunkWithout()
    {
        List<ChatResponseUpdate> updates = await StreamAsync(Events(Content, Finish, "[DONE]"));
        Assert.All(updates, u => Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), u.CreatedAt));
    }

    [Fact]
    public async Task StreamIsReadLazily_FirstUpdateBeforeTheRestExists()
    {
        // A stream whose second read blocks until released: the first update must arrive before that.
        (GreenPTChatClient gatedClient, TaskCompletionSource gate) = ClientOverAGatedStream();
        using GreenPTChatClient client = gatedClient;

        await using IAsyncEnumerator<ChatResponseUpdate> e = client.GetStreamingResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await e.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal("Hi", e.Current.Text);
        Assert.False(gate.Task.IsCompleted);

        gate.SetResult();
        Assert.True(await e.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal(ChatFinishReason.Stop, e.Current.FinishReason);
    }

    [Fact]
    public async Task RequestBody_HoldsNoPooledBuffer_WhileTheStreamIsOpen()
    {
        // A stream can stay open for minutes; no pooled buffer of the request may stay rented with it, or a thousand open streams
        // empty the shared pool and every other rent allocates. Every buffer of the request's size rented for this call is returned
        // by the time the first update arrives, while the server has not sent the rest.
        (GreenPTChatClient gatedClient, TaskCompletionSource gate) = ClientOverAGatedStream();
        using GreenPTChatClient client = gatedClient;
        string question = new('q', 40_000);
        CancellationToken ct = TestContext.Current.CancellationToken;

        using var pool = new PoolEvents();
        await using IAsyncEnumerator<ChatResponseUpdate> e = pool.Track(() => client.GetStreamingResponseAsync(question, cancellationToken: ct).GetAsyncEnumerator(ct));
        Assert.True(await pool.Track(() => e.MoveNextAsync().AsTask()).WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.False(gate.Task.IsCompleted);

        int[] held = pool.StillRented(atLeast: question.Length);
        Assert.True(pool.RentedCount(atLeast: question.Length) > 0, "no buffer of the request's size was rented: the check saw nothing");
        Assert.Empty(held);

        gate.SetResult();
        Assert.True(await e.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Equal(ChatFinishReason.Stop, e.Current.FinishReason);
    }

    [Fact]
    public async Task RequestBody_TooLargeForACopy_KeepsItsPooledBuffer_AndReturnsItWhenTheStreamEnds()
    {
        // A long history (here 200 KB) is not copied to the large object heap: its pooled buffer is held while the stream is
        // open, and returned once the stream is over.
        (GreenPTChatClient gatedClient, TaskCompletionSource gate) = ClientOverAGatedStream();
        using GreenPTChatClient client = gatedClient;
        string question = new('q', 200_000);
        CancellationToken ct = TestContext.Current.CancellationToken;

        using var pool = new PoolEvents();
        IAsyncEnumerator<ChatResponseUpdate> e = pool.Track(() => client.GetStreamingResponseAsync(question, cancellationToken: ct).GetAsyncEnumerator(ct));
        Assert.True(await pool.Track(() => e.MoveNextAsync().AsTask()).WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Single(pool.StillRented(atLeast: question.Length));

        gate.SetResult();
        while (await pool.Track(() => e.MoveNextAsync().AsTask()).WaitAsync(TimeSpan.FromSeconds(10), ct))
        {
        }

        await pool.Track(() => e.DisposeAsync().AsTask());
        Assert.Empty(pool.StillRented(atLeast: question.Length));
    }

    /// <summary>
    /// The shared array pool's rents and returns made by one test's own calls (its async flow), from the runtime's
    /// <c>System.Buffers.ArrayPoolEventSource</c>, whose events are written on the renting thread.
    /// </summary>
    private sealed class PoolEvents : System.Diagnostics.Tracing.EventListener
    {
        private static readonly AsyncLocal<PoolEvents?> Tracking = new();
        private readonly object _lock = new();
        private readonly Dictionary<int, int> _rented = [];
        private readonly HashSet<int> _returned = [];

        public T Track<T>(Func<T> call)
        {
            Tracking.Value = this;
            try
            {
                return call();
            }
            finally
            {
                Tracking.Value = null;
            }
        }

        public int RentedCount(int atLeast)
        {
            lock (_lock)
            {
                return _rented.Count(r => r.Value >= atLeast);
            }
        }

        public int[] StillRented(int atLeast)
        {
            lock (_lock)
            {
                return [.. _rented.Where(r => r.Value >= atLeast && !_returned.Contains(r.Key)).Select(r => r.Key)];
            }
        }

        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource eventSource)
        {
            if (eventSource.Name == "System.Buffers.ArrayPoolEventSource")
            {
                EnableEvents(eventSource, System.Diagnostics.Tracing.EventLevel.Verbose);
            }
        }

        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs eventData)
        {
            if (!ReferenceEquals(Tracking.Value, this) || eventData.Payload is not { Count: >= 2 } payload || payload[0] is not int id || payload[1] is not int size)
            {
                return;
            }

            lock (_lock)
            {
                switch (eventData.EventName)
                {
                    case "BufferRented" or "BufferAllocated":
                        _rented[id] = size;
                        _returned.Remove(id);
                        break;
                    case "BufferReturned":
                        _returned.Add(id);
                        break;
                }
            }
        }
    }

    /// <summary>A client over a stream that sends a content chunk at once, and the finish chunk only when the gate opens.</summary>
    private static (GreenPTChatClient Client, TaskCompletionSource Gate) ClientOverAGatedStream()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = new GatedStream(Encoding.UTF8.GetBytes(Events(Content)), Encoding.UTF8.GetBytes(Events(Finish, "[DONE]")), gate.Task);
        return (TestClients.Create(new ScriptedHandler(ScriptedHandler.Sse(() => stream))), gate);
    }

    /// <summary>Returns the first part at once; the second only after the gate opens.</summary>
    private sealed class GatedStream(byte[] first, byte[] second, Task gate) : ReadOnlyTestStream
    {
        private int _part;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            switch (_part++)
            {
                case 0:
                    first.CopyTo(buffer);
                    return first.Length;
                case 1:
                    await gate.WaitAsync(cancellationToken);
                    second.CopyTo(buffer);
                    return second.Length;
                default:
                    return 0;
            }
        }
    }
}
