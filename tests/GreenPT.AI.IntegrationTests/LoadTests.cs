using System.Runtime.CompilerServices;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.IntegrationTests;

/// <summary>Tests that measure the whole process (open sockets, managed memory) run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(ProcessWideState), DisableParallelization = true)]
public sealed class ProcessWideState;

/// <summary>Hundreds of concurrent streams through one client: no cross-talk, and nothing left behind.</summary>
[Collection(nameof(ProcessWideState))]
public sealed class LoadTests
{
    private const int Streams = 500;
    private const int SocketTolerance = 6;
    private const long MemoryTolerance = 50L * 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FiveHundredConcurrentStreams_EachGetsItsOwnAnswer_AndSocketsAndMemoryAreReleased()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Counts open sockets through /proc/self/fd.");
        ForceGc();
        int socketsBefore = OpenSockets();
        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

        int peakSockets = await RunLoadAsync();

        // The client and the emulator are disposed: every socket they opened must close again.
        Assert.True(peakSockets >= socketsBefore + Streams, $"Expected at least {Streams} more sockets under load; before {socketsBefore}, peak {peakSockets}.");
        int socketsAfter = int.MaxValue;
        await Bounded.UntilAsync(
            () => (socketsAfter = OpenSockets()) <= socketsBefore + SocketTolerance,
            $"open sockets to return to {socketsBefore} (+{SocketTolerance})",
            TimeSpan.FromSeconds(15),
            ForceGc);

        ForceGc();
        long memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Sockets: before {socketsBefore}, peak {peakSockets}, after {socketsAfter}. Managed memory: before {memoryBefore:N0}, after {memoryAfter:N0} bytes.");
        Assert.True(
            memoryAfter - memoryBefore < MemoryTolerance,
            $"Managed memory grew from {memoryBefore:N0} to {memoryAfter:N0} bytes (sockets {socketsBefore} -> {socketsAfter}).");
    }

    /// <summary>Runs the load; returns the number of open sockets while all streams were open. Kept apart so nothing it made stays reachable.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<int> RunLoadAsync()
    {
        // Every stream is held before its second chunk until all of them have arrived there: proof that they are all open at once.
        int arrived = 0;
        int peakSockets = 0;
        var allOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using Harness harness = await Harness.StartAsync(o => o.BeforeStreamChunk = (chunk, ct) =>
        {
            if (chunk.ChunkIndex != 1)
            {
                return ValueTask.CompletedTask;
            }

            if (Interlocked.Increment(ref arrived) == Streams)
            {
                peakSockets = OpenSockets();
                allOpen.TrySetResult();
            }

            return new ValueTask(allOpen.Task.WaitAsync(ct));
        });

        // The client creates and owns its HttpClient, as an application's would; disposing it must close its connections.
        using (GreenPTChatClient client = harness.CreateSelfContainedClient())
        {
            string[] prompts = [.. Enumerable.Range(0, Streams).Select(i => $"load {i:D3} {Guid.NewGuid():N}")];

            async Task<List<ChatResponseUpdate>> StreamOne(string prompt)
            {
                var updates = new List<ChatResponseUpdate>();
                await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(prompt, cancellationToken: Ct))
                {
                    updates.Add(update);
                }

                return updates;
            }

            List<ChatResponseUpdate>[] results = await Bounded.Within(
                Task.WhenAll(prompts.Select(p => Task.Run(() => StreamOne(p), Ct))), TimeSpan.FromSeconds(30), $"{Streams} concurrent streams");

            Assert.Equal(Streams, Volatile.Read(ref arrived));
            Assert.Equal(Streams, harness.Emulator.RequestCount);
            var responseIds = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < Streams; i++)
            {
                List<ChatResponseUpdate> updates = results[i];
                Assert.Equal(Answers.Content(prompts[i]), Answers.Text(updates));
                Assert.Equal(Answers.Reasoning(prompts[i]), Answers.ReasoningText(updates));
                string? id = updates[0].ResponseId;
                Assert.NotNull(id);
                Assert.All(updates, u => Assert.Equal(id, u.ResponseId));
                Assert.True(responseIds.Add(id), $"Two streams shared the response id {id}.");
                Assert.NotNull(updates[^1].GetGreenPTImpact());
            }
        }

        return peakSockets;
    }

    private static void ForceGc()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>The entries of /proc/self/fd that are sockets.</summary>
    internal static int OpenSockets()
    {
        int count = 0;
        foreach (string entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(entry).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true)
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // The descriptor closed while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return count;
    }
}
