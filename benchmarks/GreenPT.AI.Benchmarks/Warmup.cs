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
    /// Runs one benchmark's operation for a while in its [GlobalSetup], before BenchmarkDotNet's pilot stage: a pilot that times
    /// the first calls, while the JIT is still at work, picks too few operations per iteration and measures half-optimized code.
    /// </summary>
    public static void Before<T>(Func<Task<T>> operation) => LoopAsync(operation, TimeSpan.FromMilliseconds(500)).GetAwaiter().GetResult();

    private static async Task LoopAsync<T>(Func<Task<T>> operation, TimeSpan each)
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < each)
        {
            await operation();
        }
    }
}
