using System.Diagnostics;

namespace GreenPT.AI.Benchmarks;

/// <summary>Runs every workload of every contender for a while, so that tiered compilation is done before anything is measured.</summary>
public static class Warmup
{
    public static async Task RunAsync(TimeSpan each)
    {
        foreach (StreamScenario scenario in Enum.GetValues<StreamScenario>())
        {
            byte[] bytes = Payloads.Stream(scenario);
            using var contenders = new Contenders(() => InMemoryHandler.Fixed(bytes, "text/event-stream"));
            foreach (Contender contender in Enum.GetValues<Contender>())
            {
                await LoopAsync(() => contenders.StreamAsync(contender, readReasoning: scenario == StreamScenario.Reasoning), each);
            }
        }

        byte[] response = Payloads.CompletionResponse();
        using (var contenders = new Contenders(() => InMemoryHandler.Fixed(response, "application/json")))
        {
            foreach (Contender contender in Enum.GetValues<Contender>())
            {
                await LoopAsync(() => contenders.CompleteAsync(contender), each);
            }
        }

        using var embeddings = new EmbeddingContenders();
        foreach (Contender contender in Enum.GetValues<Contender>())
        {
            await LoopAsync(() => embeddings.RunAsync(contender), each);
        }
    }

    /// <summary>
    /// Runs one benchmark's operation in its [GlobalSetup], before BenchmarkDotNet's pilot stage, until it stops getting faster: a
    /// pilot that times the first calls, while the JIT is still at work, picks too few operations per iteration and measures
    /// half-optimized code. On two cores the tiering of a non-streaming call takes seconds (its pilot fell from 100 to 15 us per
    /// call over three seconds after a fixed half-second warm-up, with plateaus of half a second on the way), so the warm-up runs
    /// in 100 ms slices until ten slices in a row are not 3% faster than the best one before them, for at least two seconds and
    /// at most ten.
    /// </summary>
    public static void Before<T>(Func<Task<T>> operation) => UntilSteadyAsync(operation).GetAwaiter().GetResult();

    private static async Task UntilSteadyAsync<T>(Func<Task<T>> operation)
    {
        var total = Stopwatch.StartNew();
        double best = double.MaxValue;
        int slicesWithoutGain = 0;
        while (total.Elapsed < TimeSpan.FromSeconds(10) && (total.Elapsed < TimeSpan.FromSeconds(2) || slicesWithoutGain < 10))
        {
            var slice = Stopwatch.StartNew();
            int operations = 0;
            while (slice.Elapsed < TimeSpan.FromMilliseconds(100))
            {
                await operation();
                operations++;
            }

            double perOperation = slice.Elapsed.TotalNanoseconds / operations;
            if (perOperation < best * 0.97)
            {
                slicesWithoutGain = 0;
            }
            else
            {
                slicesWithoutGain++;
            }

            best = Math.Min(best, perOperation);
        }

        // In BenchmarkDotNet's log, next to the pilot stage it precedes.
        Console.WriteLine($"// Warm-up until steady: {total.Elapsed.TotalSeconds:N1} s, best slice {best / 1_000:N1} us/op");
    }

    private static async Task LoopAsync<T>(Func<Task<T>> operation, TimeSpan each)
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < each)
        {
            await operation();
        }
    }
}
