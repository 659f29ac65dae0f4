using GreenPT.AI.Emulator;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.IntegrationTests;

/// <summary>
/// The caller's token stops a request promptly, with an <see cref="OperationCanceledException"/>, and gives its
/// connection back. The clients here have a pool of one connection, so a request after the cancelled one can only
/// succeed if the cancelled one released it.
/// </summary>
/// <remarks>
/// Before cancelling a request that a queued fault stalls, the tests wait until the emulator has recorded its body
/// (<c>ChatRequests</c>): the emulator takes the queued fault synchronously right after recording, so the fault cannot be
/// left in the queue for the request that follows. (<c>RequestCount</c> is counted before the body is read, too early.)
/// </remarks>
public sealed class CancellationTests
{
    private const string Prompt = "Cancel me";

    /// <summary>Long enough that a hang is caught, far shorter than any default time limit of the client (minutes).</summary>
    private static readonly TimeSpan CancelBound = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CallerCancels_BeforeHeaders_NonStreaming()
    {
        await using Harness harness = await Harness.StartAsync();
        harness.Emulator.EnqueueFault(new EmulatorFault { Kind = EmulatorFaultKind.StallHeaders });
        using GreenPTChatClient client = harness.CreateClient(maxConnections: 1);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        Task<ChatResponse> call = client.GetResponseAsync(Prompt, cancellationToken: cts.Token);
        await Bounded.UntilAsync(() => harness.Emulator.ChatRequests.Count == 1, "the emulator to read the request (and take the queued fault)");
        Assert.False(call.IsCompleted);
        await cts.CancelAsync();

        await Bounded.ThrowsAsync<OperationCanceledException>(() => call, CancelBound);
        await AssertConnectionReleasedAsync(harness, client, streaming: false);
    }

    [Fact]
    public async Task CallerCancels_BeforeHeaders_Streaming()
    {
        await using Harness harness = await Harness.StartAsync();
        harness.Emulator.EnqueueFault(new EmulatorFault { Kind = EmulatorFaultKind.StallHeaders });
        using GreenPTChatClient client = harness.CreateClient(maxConnections: 1);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var received = new List<ChatResponseUpdate>();

        Task call = Bounded.ConsumeAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: cts.Token), received);
        await Bounded.UntilAsync(() => harness.Emulator.ChatRequests.Count == 1, "the emulator to read the request (and take the queued fault)");
        Assert.False(call.IsCompleted);
        await cts.CancelAsync();

        await Bounded.ThrowsAsync<OperationCanceledException>(() => call, CancelBound);
        Assert.Empty(received);
        await AssertConnectionReleasedAsync(harness, client, streaming: true);
    }

    [Fact]
    public async Task CallerCancels_MidStream_StalledServer_Streaming()
    {
        await using Harness harness = await Harness.StartAsync();
        harness.Emulator.EnqueueFault(new EmulatorFault { Kind = EmulatorFaultKind.StallMidStream });
        using GreenPTChatClient client = harness.CreateClient(maxConnections: 1);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        IAsyncEnumerator<ChatResponseUpdate> updates = client.GetStreamingResponseAsync(Prompt, cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        try
        {
            Assert.True(await Bounded.Within(updates.MoveNextAsync(), what: "The first update"));
            Task<bool> next = updates.MoveNextAsync().AsTask();
            Assert.False(next.IsCompleted);
            await cts.CancelAsync();

            await Bounded.ThrowsAsync<OperationCanceledException>(() => next, CancelBound);
        }
        finally
        {
            await Bounded.Within(updates.DisposeAsync().AsTask(), what: "Disposing the stream");
        }

        await AssertConnectionReleasedAsync(harness, client, streaming: true);
    }

    [Fact]
    public async Task CallerCancels_MidStream_ServerSeesTheDisconnect_Streaming()
    {
        var serverToken = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverSawAbort = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using Harness harness = await Harness.StartAsync(o => o.BeforeStreamChunk = async (chunk, ct) =>
        {
            if (chunk.ChunkIndex == 1)
            {
                using CancellationTokenRegistration _ = ct.Register(() => serverSawAbort.TrySetResult());
                serverToken.TrySetResult(ct);
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            }
        });
        using GreenPTChatClient client = harness.CreateClient(maxConnections: 1);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        IAsyncEnumerator<ChatResponseUpdate> updates = client.GetStreamingResponseAsync(Prompt, cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        try
        {
            Assert.True(await Bounded.Within(updates.MoveNextAsync(), what: "The first update"));
            CancellationToken held = await Bounded.Within(serverToken.Task, what: "The server holding chunk 1");
            Assert.False(held.IsCancellationRequested);
            Task<bool> next = updates.MoveNextAsync().AsTask();
            await cts.CancelAsync();

            await Bounded.ThrowsAsync<OperationCanceledException>(() => next, CancelBound);
        }
        finally
        {
            await Bounded.Within(updates.DisposeAsync().AsTask(), what: "Disposing the stream");
        }

        // The server's request token fires only when the connection is closed under it.
        await Bounded.Within(serverSawAbort.Task, what: "The server seeing the client go away");
        harness.Emulator.Options.BeforeStreamChunk = null;
        await AssertConnectionReleasedAsync(harness, client, streaming: true);
    }

    [Fact]
    public async Task CallerCancels_DuringRetryBackoff_NonStreaming()
    {
        // The server asks for a one-hour pause before the retry; the client would honour up to an hour.
        await using Harness harness = await Harness.StartAsync();
        harness.Emulator.EnqueueFault(EmulatorFault.Status(503, retryAfterSeconds: 3600));
        using GreenPTChatClient client = harness.CreateClient(o => o.MaxRetryDelay = TimeSpan.FromHours(1), maxConnections: 1);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        Task<ChatResponse> call = client.GetResponseAsync(Prompt, cancellationToken: cts.Token);
        await Bounded.UntilAsync(() => harness.Emulator.ChatRequests.Count == 1, "the emulator to read the first attempt (and take the queued fault)");
        await cts.CancelAsync();

        await Bounded.ThrowsAsync<OperationCanceledException>(() => call, CancelBound);
        Assert.Equal(1, harness.Emulator.RequestCount);
        await AssertConnectionReleasedAsync(harness, client, streaming: false);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AlreadyCancelledToken_SendsNothing(bool streaming)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await cts.CancelAsync();

        await Bounded.ThrowsAsync<OperationCanceledException>(() => streaming
            ? Bounded.ConsumeAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: cts.Token), [])
            : client.GetResponseAsync(Prompt, cancellationToken: cts.Token));

        Assert.Equal(0, harness.Emulator.RequestCount);
    }

    /// <summary>With a pool of one connection, a further request can only get through if the cancelled one gave its connection back.</summary>
    private static async Task AssertConnectionReleasedAsync(Harness harness, GreenPTChatClient client, bool streaming)
    {
        int before = harness.Emulator.RequestCount;
        string text = streaming
            ? Answers.Text(await Bounded.StreamAsync(client.GetStreamingResponseAsync("Next", cancellationToken: Ct)))
            : (await Bounded.Within(client.GetResponseAsync("Next", cancellationToken: Ct), what: "The request after the cancelled one")).Text;
        Assert.Equal(Answers.Content("Next"), text);
        Assert.Equal(before + 1, harness.Emulator.RequestCount);
    }
}
