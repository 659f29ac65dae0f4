using System.Diagnostics;
using System.Globalization;

namespace GreenPT.AI.Benchmarks;

/// <summary>One long-stream run: memory seen while a stream of <see cref="Chunks"/> chunks was being consumed.</summary>
/// <param name="LiveAtFirstTenth">Live managed heap (after a forced full GC) when a tenth of the chunks had been consumed.</param>
/// <param name="LiveAtEnd">Live managed heap (after a forced full GC) when the last content chunk had been consumed.</param>
/// <param name="PeakHeapSize">The largest <see cref="GCMemoryInfo.HeapSizeBytes"/> seen (every 1,000 chunks, no forced GC).</param>
/// <param name="PeakWorkingSet">The largest <see cref="Environment.WorkingSet"/> seen (every 1,000 chunks).</param>
/// <param name="AllocatedPerChunk">All bytes allocated during the run, per chunk.</param>
public sealed record MemoryRun(
    Contender Contender, int Chunks, long LiveAtFirstTenth, long LiveAtEnd, long PeakHeapSize, long PeakWorkingSet, double AllocatedPerChunk, bool ContentComplete);

/// <summary>Workload 4: a long stream, synthesized on the fly, consumed while sampling the managed heap.</summary>
public static class LongStreamCheck
{
    public static readonly int[] Lengths = [10_000, 100_000];

    /// <summary>Growth of the live heap above which a stream is not "flat".</summary>
    public const long FlatToleranceBytes = 64 * 1024;

    public static async Task<IReadOnlyList<MemoryRun>> RunAsync(TextWriter log)
    {
        var runs = new List<MemoryRun>();
        foreach (Contender contender in Enum.GetValues<Contender>())
        {
            int chunks = 1_000;
            using var contenders = new Contenders(() => new InMemoryHandler(() => new SyntheticSseStream(chunks), "text/event-stream"));

            // Warm up: JIT and first-use allocations are not the stream's.
            await contenders.StreamAsync(contender, readReasoning: false);

            foreach (int length in Lengths)
            {
                chunks = length;
                MemoryRun run = await MeasureAsync(contenders, contender, length);
                runs.Add(run);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {contender,-14} {length,7:N0} chunks: live heap {Kb(run.LiveAtFirstTenth),9} at {length / 10:N0}, {Kb(run.LiveAtEnd),9} at {length:N0}; " +
                    $"peak heap {Kb(run.PeakHeapSize)}, peak working set {Mb(run.PeakWorkingSet)}; {run.AllocatedPerChunk:N0} B allocated/chunk"));
            }
        }

        return runs;
    }

    private static async Task<MemoryRun> MeasureAsync(Contenders contenders, Contender contender, int length)
    {
        int sampleEvery = length / 10;
        long liveAtFirstTenth = 0;
        long liveAtEnd = 0;
        long peakHeap = 0;
        long peakWorkingSet = 0;

        void OnUpdate(int count)
        {
            if (count % 1_000 == 0)
            {
                peakHeap = Math.Max(peakHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
                peakWorkingSet = Math.Max(peakWorkingSet, Environment.WorkingSet);
            }

            if (count == sampleEvery)
            {
                liveAtFirstTenth = GC.GetTotalMemory(forceFullCollection: true);
            }
            else if (count == length)
            {
                liveAtEnd = GC.GetTotalMemory(forceFullCollection: true);
            }
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        StreamResult result = await contenders.StreamAsync(contender, readReasoning: false, OnUpdate);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        int expectedChars = Payloads.Word(0).Length + ((length - 1) * SyntheticSseStream.MiddleWord.Length);
        return new MemoryRun(contender, length, liveAtFirstTenth, liveAtEnd, peakHeap, peakWorkingSet, (double)allocated / length,
            result.Updates == length && result.ContentChars == expectedChars);
    }

    /// <summary>Flat: the live heap neither grows from the 10% mark to the end of the long run, nor from the short run's end to the long run's.</summary>
    public static (bool Flat, long GrowthWithinRun, long GrowthAcrossRuns) Assess(IReadOnlyList<MemoryRun> runs, Contender contender)
    {
        MemoryRun shortRun = runs.Single(r => r.Contender == contender && r.Chunks == Lengths[0]);
        MemoryRun longRun = runs.Single(r => r.Contender == contender && r.Chunks == Lengths[^1]);
        long within = longRun.LiveAtEnd - longRun.LiveAtFirstTenth;
        long across = longRun.LiveAtEnd - shortRun.LiveAtEnd;
        bool flat = within < FlatToleranceBytes && across < FlatToleranceBytes && shortRun.ContentComplete && longRun.ContentComplete;
        return (flat, within, across);
    }

    public static string Kb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:N1} KB");

    public static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):N1} MB");
}

/// <summary>The outcome of the first-update check for one contender.</summary>
public sealed record FirstUpdateResult(Contender Contender, bool Passed, string Detail);

/// <summary>
/// Is the first update yielded as soon as its event is parsed? The server sends chunk 1 and then blocks (as a model that is
/// still thinking would): a client that buffers never yields anything.
/// </summary>
public static class FirstUpdateCheck
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    public static async Task<IReadOnlyList<FirstUpdateResult>> RunAsync(TextWriter log)
    {
        var results = new List<FirstUpdateResult>();
        foreach (Contender contender in Enum.GetValues<Contender>())
        {
            FirstUpdateResult result = await CheckAsync(contender);
            results.Add(result);
            log.WriteLine($"  {contender,-14} {(result.Passed ? "PASS" : "MISS")}: {result.Detail}");
        }

        return results;
    }

    private static async Task<FirstUpdateResult> CheckAsync(Contender contender)
    {
        byte[] firstEvent = Payloads.ContentEvent(0);
        var streams = new List<FirstEventThenBlockStream>();
        using var contenders = new Contenders(() => new InMemoryHandler(
            () =>
            {
                var stream = new FirstEventThenBlockStream(firstEvent);
                lock (streams)
                {
                    streams.Add(stream);
                }

                return stream;
            },
            "text/event-stream"));

        using var cancellation = new CancellationTokenSource();
        IAsyncEnumerator<string> updates = contenders.StreamTextsAsync(contender, cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        var stopwatch = Stopwatch.StartNew();
        Task<bool> first = updates.MoveNextAsync().AsTask();
        Task winner = await Task.WhenAny(first, Task.Delay(Limit));
        stopwatch.Stop();

        FirstUpdateResult result;
        if (winner == first && first.IsCompletedSuccessfully && first.Result)
        {
            string text = updates.Current;
            bool blocked = streams.Count == 1 && !streams[0].IsReleased;
            bool passed = text == Payloads.Word(0) && blocked;
            result = new FirstUpdateResult(contender, passed, string.Create(CultureInfo.InvariantCulture,
                $"first update \"{text}\" arrived after {stopwatch.Elapsed.TotalMilliseconds:N1} ms while the server was still blocked after chunk 1 " +
                $"({streams.Sum(s => s.BlockedReads)} read(s) waiting)"));
        }
        else if (first.IsFaulted)
        {
            result = new FirstUpdateResult(contender, false, $"the stream failed: {first.Exception!.InnerException!.Message}");
        }
        else
        {
            result = new FirstUpdateResult(contender, false, $"no update within {Limit.TotalSeconds} s although chunk 1 had been sent: the client buffers");
        }

        await cancellation.CancelAsync();
        foreach (FirstEventThenBlockStream stream in streams)
        {
            stream.Release();
        }

        try
        {
            if (!first.IsCompleted)
            {
                await first;
            }

            await updates.DisposeAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or GreenPTException)
        {
            // Cancelled on purpose.
        }

        return result;
    }
}
