using System.Runtime.CompilerServices;
using GreenPT.AI.Emulator;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.IntegrationTests;

/// <summary>
/// One client, a thousand concurrent streams over loopback, some cancelled by their caller and some cut by the server, chosen by a
/// seeded random: every answer that survives is whole and is the one for its own prompt, every other ends in the exception it should,
/// and afterwards open sockets, managed memory and thread-pool threads are back where they were.
/// </summary>
[Collection(nameof(ProcessWideState))]
public sealed class SoakTests
{
    private const int Streams = 1000;
    private const int Seed = 20261201;
    private const int SocketTolerance = 6;
    private const long MemoryTolerance = 50L * 1024 * 1024;
    private const string DropMarker = "[drop]";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private enum Fate
    {
        Completes,
        CancelledByTheCaller,
        DroppedByTheServer,
    }

    [Fact]
    public async Task AThousandConcurrentStreams_WithSeededCancellationsAndDrops_LeaveNothingBehind()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Counts open sockets through /proc/self/fd.");
        ForceGc();
        int socketsBefore = LoadTests.OpenSockets();
        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        int threadsBefore = ThreadPool.ThreadCount;

        (Outcome outcome, TimeSpan elapsed) = await RunAsync();

        int socketsAfter = int.MaxValue;
        await Bounded.UntilAsync(
            () => (socketsAfter = LoadTests.OpenSockets()) <= socketsBefore + SocketTolerance,
            $"open sockets to return to {socketsBefore} (+{SocketTolerance})",
            TimeSpan.FromSeconds(15),
            ForceGc);
        ForceGc();
        long memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        int threadsAfter = ThreadPool.ThreadCount;
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Streams} streams in {elapsed.TotalSeconds:F1} s: {outcome.Completed} completed, {outcome.Cancelled} cancelled, {outcome.Dropped} dropped. " +
            $"Sockets: before {socketsBefore}, peak {outcome.PeakSockets}, after {socketsAfter}. " +
            $"Managed memory: before {memoryBefore:N0}, after {memoryAfter:N0} bytes. " +
            $"Thread-pool threads: before {threadsBefore}, peak {outcome.PeakThreads}, after {threadsAfter}."));

        Assert.True(outcome.PeakSockets >= socketsBefore + Streams, $"Expected {Streams} streams open at once; sockets before {socketsBefore}, peak {outcome.PeakSockets}.");
        Assert.True(memoryAfter - memoryBefore < MemoryTolerance, $"Managed memory grew from {memoryBefore:N0} to {memoryAfter:N0} bytes.");

        // Nothing blocks a pool thread (every wait is asynchronous), so the pool never needed more than a few threads per core,
        // and it did not keep more than it had before.
        int threadBound = threadsBefore + (4 * Environment.ProcessorCount) + 8;
        Assert.True(outcome.PeakThreads <= threadBound, $"The thread pool grew to {outcome.PeakThreads} threads (from {threadsBefore}).");
        Assert.True(threadsAfter <= threadBound, $"The thread pool kept {threadsAfter} threads (from {threadsBefore}).");
    }

    /// <summary>Runs the load; kept apart so that nothing it made stays reachable for the measurements after it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<(Outcome Outcome, TimeSpan Elapsed)> RunAsync()
    {
        var random = new Random(Seed);
        Fate[] fates = [.. Enumerable.Range(0, Streams).Select(_ => random.Next(100) switch { < 70 => Fate.Completes, < 85 => Fate.CancelledByTheCaller, _ => Fate.DroppedByTheServer })];
        int[] cancelAfter = [.. Enumerable.Range(0, Streams).Select(_ => 2 + random.Next(4))]; // updates received before cancelling
        string[] prompts = [.. Enumerable.Range(0, Streams).Select(i => $"soak {i:D4} {Guid.NewGuid():N}{(fates[i] == Fate.DroppedByTheServer ? " " + DropMarker : string.Empty)}")];
        int held = fates.Count(f => f != Fate.DroppedByTheServer); // a dropped stream ends after its first chunk

        // Every stream that is not dropped is held before its second chunk until all of them are there: proof that they are all
        // open at once, and the moment to count sockets and threads. No caller cancels before its second update, which comes after.
        int arrived = 0;
        var outcome = new Outcome();
        var allOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using Harness harness = await Harness.StartAsync(o => o.BeforeStreamChunk = (chunk, ct) =>
        {
            if (chunk.ChunkIndex != 1)
            {
                return ValueTask.CompletedTask;
            }

            if (Interlocked.Increment(ref arrived) == held)
            {
                outcome.PeakSockets = LoadTests.OpenSockets();
                outcome.PeakThreads = ThreadPool.ThreadCount;
                allOpen.TrySetResult();
            }

            return new ValueTask(allOpen.Task.WaitAsync(ct));
        });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var http = new HttpClient(new DropByPrompt(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })) { Timeout = Timeout.InfiniteTimeSpan })
        using (var client = new GreenPTChatClient(new GreenPTClientOptions { ApiKey = Harness.ApiKey, Endpoint = harness.Emulator.BaseAddress, MaxRetries = 0 }, http))
        {
            async Task<(List<ChatResponseUpdate> Updates, Exception? Error)> StreamOne(int i)
            {
                var updates = new List<ChatResponseUpdate>();
                using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
                try
                {
                    await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(prompts[i], cancellationToken: cancel.Token))
                    {
                        updates.Add(update);
                        if (fates[i] == Fate.CancelledByTheCaller && updates.Count == cancelAfter[i])
                        {
                            await cancel.CancelAsync();
                        }
                    }

                    return (updates, null);
                }
#pragma warning disable CA1031 // Each outcome is checked below.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    return (updates, ex);
                }
            }

            (List<ChatResponseUpdate> Updates, Exception? Error)[] results = await Bounded.Within(
                Task.WhenAll(Enumerable.Range(0, Streams).Select(i => Task.Run(() => StreamOne(i), Ct))), TimeSpan.FromSeconds(60), $"{Streams} concurrent streams");

            Assert.Equal(held, Volatile.Read(ref arrived));
            Assert.Equal(Streams, harness.Emulator.RequestCount); // one send each: nothing that reached the server was sent again
            var responseIds = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < Streams; i++)
            {
                (List<ChatResponseUpdate> updates, Exception? error) = results[i];
                string received = Answers.ReasoningText(updates) + "|" + Answers.Text(updates);
                string whole = Answers.Reasoning(prompts[i]) + "|" + Answers.Content(prompts[i]);
                switch (fates[i])
                {
                    case Fate.Completes:
                        Assert.True(error is null, $"Stream {i} failed: {error}");
                        Assert.Equal(whole, received);
                        Assert.NotNull(updates[^1].GetGreenPTImpact());
                        Assert.True(responseIds.Add(updates[0].ResponseId!), $"Two streams shared the response id {updates[0].ResponseId}.");
                        outcome.Completed++;
                        break;
                    case Fate.CancelledByTheCaller:
                        Assert.True(error is OperationCanceledException, $"Stream {i} should have been cancelled: {error}");
                        Assert.Equal(cancelAfter[i], updates.Count);
                        Assert.StartsWith(Answers.ReasoningText(updates), Answers.Reasoning(prompts[i]), StringComparison.Ordinal);
                        outcome.Cancelled++;
                        break;
                    default:
                        // Cut after its first chunk: "interrupted", "ended before it was complete" (a clean close), or, when the
                        // connection broke before the client had read the headers, "failed during the request"; never sent again.
                        Assert.IsType<GreenPTException>(error);
                        Assert.StartsWith(Answers.ReasoningText(updates), Answers.Reasoning(prompts[i]), StringComparison.Ordinal);
                        outcome.Dropped++;
                        break;
                }
            }
        }

        return (outcome, clock.Elapsed);
    }

    private static void ForceGc()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private sealed class Outcome
    {
        public int Completed { get; set; }

        public int Cancelled { get; set; }

        public int Dropped { get; set; }

        public int PeakSockets { get; set; }

        public int PeakThreads { get; set; }
    }

    /// <summary>Asks the emulator to cut the connection after the first chunk of every request whose prompt carries the drop marker.</summary>
    private sealed class DropByPrompt(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content && (await content.ReadAsStringAsync(cancellationToken)).Contains(DropMarker, StringComparison.Ordinal))
            {
                request.Headers.Add(EmulatorFault.HeaderName, "drop-mid-stream");
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
