using System.Diagnostics;
using System.Globalization;

namespace GreenPT.AI.Benchmarks;

/// <summary>
/// <c>--loop &lt;workload&gt; [&lt;seconds&gt;]</c>: runs one workload of one contender in a loop and prints its time per operation, for
/// a profiler to attach to (for example <c>DOTNET_PerfMapEnabled=1 perf record -g</c>). No BenchmarkDotNet, no checks.
/// </summary>
public static class ProfilingLoop
{
    /// <summary>
    /// The workloads <c>--loop</c> knows: <c>stream</c>, <c>reasoning</c>, <c>tools</c>, <c>complete</c>, <c>embed</c>, <c>concurrent</c>,
    /// <c>sequential</c> (1,000 streams of the concurrency check, all at once or one at a time), each optionally
    /// with <c>:sdk</c> or <c>:raw</c>; and <c>embed:pair</c>, ours and raw interleaved, printing the minimum, first quartile and median of each.
    /// </summary>
    public static async Task<int> RunAsync(string workload, double seconds, TextWriter log, bool allocations = false)
    {
        if (workload == "embed:pair")
        {
            // Ours and raw in alternating 20 ms slices in one process, so that the neighbours' load on a shared machine falls on
            // both alike: the ratio of their slice times is steadier than that of two runs, or of BenchmarkDotNet's short mode.
            // (When its pilot settles on a few dozen operations per iteration, the first benchmark is measured before tiering is done.)
            using var pair = new EmbeddingContenders();
            var times = new Dictionary<Contender, List<double>> { [Contender.GreenPT] = [], [Contender.RawLowerBound] = [] };
            var total = Stopwatch.StartNew();
            while (total.Elapsed.TotalSeconds < seconds)
            {
                foreach (Contender c in times.Keys)
                {
                    var sw = Stopwatch.StartNew();
                    int n = 0;
                    while (sw.ElapsedMilliseconds < 20)
                    {
                        await pair.RunAsync(c);
                        n++;
                    }

                    times[c].Add(sw.Elapsed.TotalMilliseconds * 1000 / n);
                }
            }

            foreach ((Contender c, List<double> t) in times)
            {
                t.Sort();
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c}: min {t[0]:N1} p25 {t[t.Count / 4]:N1} median {t[t.Count / 2]:N1} us/op ({t.Count} slices)"));
            }

            return 0;
        }

        string[] parts = workload.Split(':');
        Contender contender = parts.Length > 1 ? parts[1] switch
        {
            "sdk" => Contender.OpenAISdk,
            "raw" => Contender.RawLowerBound,
            _ => Contender.GreenPT,
        } : Contender.GreenPT;

        Func<Task>? operation = null;
        IDisposable? owner = null;
        switch (parts[0])
        {
            case "stream" or "reasoning" or "tools":
                StreamScenario scenario = parts[0] switch { "reasoning" => StreamScenario.Reasoning, "tools" => StreamScenario.ToolCalls, _ => StreamScenario.Content };
                byte[] bytes = Payloads.Stream(scenario);
                var streams = new Contenders(() => InMemoryHandler.Fixed(bytes, "text/event-stream"));
                owner = streams;
                operation = () => streams.StreamAsync(contender, readReasoning: scenario == StreamScenario.Reasoning);
                break;
            case "complete":
                byte[] answer = Payloads.CompletionResponse();
                var completions = new Contenders(() => InMemoryHandler.Fixed(answer, "application/json"));
                owner = completions;
                operation = () => completions.CompleteAsync(contender);
                break;
            case "embed":
                var embeddings = new EmbeddingContenders();
                owner = embeddings;
                operation = () => embeddings.RunAsync(contender);
                break;
            case "concurrent" or "sequential":
                (owner, operation) = GrowthChecks.ConcurrencyLoop(allAtOnce: parts[0] == "concurrent", raw: contender == Contender.RawLowerBound);
                break;
        }

        if (operation is null)
        {
            log.WriteLine($"--loop: unknown workload '{workload}' (stream, reasoning, tools, complete, embed, concurrent, sequential; add :sdk or :raw for a peer).");
            return 2;
        }

        using (owner)
        {
            if (allocations)
            {
                // Warm first, so that the samples are of the steady state and not of the JIT's and the first call's allocations.
                for (var warm = Stopwatch.StartNew(); warm.Elapsed < TimeSpan.FromSeconds(1);)
                {
                    await operation();
                }

                using var sampler = new AllocationSampler();
                long before = GC.GetTotalAllocatedBytes(precise: true);
                long count = 0;
                for (var run = Stopwatch.StartNew(); run.Elapsed.TotalSeconds < seconds; count++)
                {
                    await operation();
                }

                sampler.Report(log, (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / count);
                return 0;
            }

            var clock = Stopwatch.StartNew();
            long operations = 0;
            TimeSpan lastReport = TimeSpan.Zero;
            long operationsAtLastReport = 0;
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                await operation();
                operations++;
                if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(1))
                {
                    double us = (clock.Elapsed - lastReport).TotalMilliseconds * 1000 / (operations - operationsAtLastReport);
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{workload}: {us:N1} us/op"));
                    lastReport = clock.Elapsed;
                    operationsAtLastReport = operations;
                }
            }
        }

        return 0;
    }
}
