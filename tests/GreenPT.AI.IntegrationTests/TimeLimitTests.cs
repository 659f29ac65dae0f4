using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.IntegrationTests;

/// <summary>ResponseTimeout and StreamIdleTimeout against a server that stalls; Timeout.InfiniteTimeSpan turns them off.</summary>
public sealed class TimeLimitTests
{
    private const string Prompt = "Are you there?";
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The <see cref="TimeoutException"/> thrown, or wrapped one level down; never a cancellation.</summary>
    private static TimeoutException AssertTimeout(Exception exception, string setting)
    {
        Assert.False(exception is OperationCanceledException, $"A time limit surfaced as a cancellation: {exception}");
        TimeoutException timeout = exception as TimeoutException
            ?? exception.InnerException as TimeoutException
            ?? throw new Xunit.Sdk.XunitException($"Expected a TimeoutException (or one as the inner exception), got {exception}");
        Assert.Contains(setting, timeout.Message, StringComparison.Ordinal);
        return timeout;
    }

    [Fact]
    public async Task ResponseTimeout_StalledHeaders_NonStreaming()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.ResponseTimeout = Short, fault: "stall-headers");

        Exception ex = await Bounded.ThrowsAsync<Exception>(() => client.GetResponseAsync(Prompt, cancellationToken: Ct));

        AssertTimeout(ex, "ResponseTimeout");
        Assert.True(harness.Emulator.RequestCount >= 1);
    }

    [Fact]
    public async Task ResponseTimeout_StalledHeaders_Streaming()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.ResponseTimeout = Short, fault: "stall-headers");
        var received = new List<ChatResponseUpdate>();

        Exception ex = await Bounded.ThrowsAsync<Exception>(() => Bounded.ConsumeAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct), received));

        AssertTimeout(ex, "ResponseTimeout");
        Assert.Empty(received);
    }

    [Fact]
    public async Task ResponseTimeout_BoundsTheWholeBody_NonStreaming()
    {
        // Non-streaming, stall-mid-stream sends half of the JSON body and then stalls.
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.ResponseTimeout = Short, fault: "stall-mid-stream");

        Exception ex = await Bounded.ThrowsAsync<Exception>(() => client.GetResponseAsync(Prompt, cancellationToken: Ct));

        AssertTimeout(ex, "ResponseTimeout");
    }

    [Fact]
    public async Task StreamIdleTimeout_StalledMidStream_Streaming()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.StreamIdleTimeout = Short, fault: "stall-mid-stream");
        var received = new List<ChatResponseUpdate>();

        Exception ex = await Bounded.ThrowsAsync<Exception>(() => Bounded.ConsumeAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct), received));

        AssertTimeout(ex, "StreamIdleTimeout");
        Assert.InRange(received.Count, 0, 1); // the first chunk, unless the machine was too busy to deliver it in time
        Assert.Equal(1, harness.Emulator.RequestCount);
    }

    [Fact]
    public async Task ResponseTimeout_DoesNotCutAStreamThatOutlastsIt_Streaming()
    {
        // For a stream, ResponseTimeout bounds only the wait for the headers. The server holds chunk 1 back until the
        // caller has had the first update and then a further ResponseTimeout has passed, so the whole stream certainly
        // lasts longer than ResponseTimeout. (The pause is the stimulus here, not a synchronisation.)
        TimeSpan responseTimeout = TimeSpan.FromSeconds(1);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using Harness harness = await Harness.StartAsync(o => o.BeforeStreamChunk = (chunk, ct) =>
            chunk.ChunkIndex == 1 ? new ValueTask(release.Task.WaitAsync(ct)) : ValueTask.CompletedTask);
        using GreenPTChatClient client = harness.CreateClient(o => o.ResponseTimeout = responseTimeout);

        IAsyncEnumerator<ChatResponseUpdate> updates = client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct).GetAsyncEnumerator(Ct);
        try
        {
            Assert.True(await Bounded.Within(updates.MoveNextAsync(), what: "The first update"));
            var received = new List<ChatResponseUpdate> { updates.Current };
            Task<bool> next = updates.MoveNextAsync().AsTask();
            await Task.Delay(responseTimeout + TimeSpan.FromMilliseconds(200), Ct);
            release.SetResult();

            Assert.True(await Bounded.Within(next, what: "The second update"));
            received.Add(updates.Current);
            while (await Bounded.Within(updates.MoveNextAsync(), what: "A later update"))
            {
                received.Add(updates.Current);
            }

            Assert.Equal(Answers.Content(Prompt), Answers.Text(received));
        }
        finally
        {
            release.TrySetResult();
            await Bounded.Within(updates.DisposeAsync().AsTask(), what: "Disposing the stream");
        }
    }

    [Fact]
    public async Task InfiniteTimeouts_AreAccepted_NonStreaming()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o =>
        {
            o.ResponseTimeout = Timeout.InfiniteTimeSpan;
            o.StreamIdleTimeout = Timeout.InfiniteTimeSpan;
        });

        ChatResponse response = await Bounded.Within(client.GetResponseAsync(Prompt, cancellationToken: Ct));

        Assert.Equal(Answers.Content(Prompt), response.Text);
        var options = Assert.IsType<GreenPTClientOptions>(client.GetService(typeof(GreenPTClientOptions)));
        Assert.Equal(Timeout.InfiniteTimeSpan, options.ResponseTimeout);
        Assert.Equal(Timeout.InfiniteTimeSpan, options.StreamIdleTimeout);
    }

    [Fact]
    public async Task InfiniteTimeouts_AreAccepted_Streaming()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateSelfContainedClient(o =>
        {
            o.ResponseTimeout = Timeout.InfiniteTimeSpan;
            o.StreamIdleTimeout = Timeout.InfiniteTimeSpan;
        });

        List<ChatResponseUpdate> updates = await Bounded.StreamAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct));

        Assert.Equal(Answers.Content(Prompt), Answers.Text(updates));
    }
}
