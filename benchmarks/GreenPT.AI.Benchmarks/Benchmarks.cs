using BenchmarkDotNet.Attributes;

namespace GreenPT.AI.Benchmarks;

/// <summary>
/// Workloads 1 and 2: one whole stream per operation, from request to <c>[DONE]</c>, for each contender over the same bytes.
/// Per-chunk figures are the per-operation ones divided by <see cref="Payloads.ChunkCount"/>.
/// </summary>
[MemoryDiagnoser]
public class StreamingBenchmarks
{
    private Contenders _contenders = null!;

    [Params(StreamScenario.Content, StreamScenario.Reasoning, StreamScenario.ToolCalls)]
    public StreamScenario Scenario { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        byte[] bytes = Payloads.Stream(Scenario);
        _contenders = new Contenders(() => InMemoryHandler.Fixed(bytes, "text/event-stream"));
    }

    [GlobalCleanup]
    public void Cleanup() => _contenders.Dispose();

    [Benchmark]
    public Task<StreamResult> GreenPT() => _contenders.OursStreamingAsync();

    [Benchmark(Baseline = true)]
    public Task<StreamResult> OpenAISdk() => _contenders.OpenAIStreamingAsync(readReasoning: Scenario == StreamScenario.Reasoning);

    [Benchmark]
    public Task<StreamResult> RawLowerBound() => _contenders.RawStreamingAsync();
}

/// <summary>Workload 3: a 21-message history and 3 function tools in, a 4 KB answer out.</summary>
[MemoryDiagnoser]
public class NonStreamingBenchmarks
{
    private Contenders _contenders = null!;

    [GlobalSetup]
    public void Setup()
    {
        byte[] bytes = Payloads.CompletionResponse();
        _contenders = new Contenders(() => InMemoryHandler.Fixed(bytes, "application/json"));
    }

    [GlobalCleanup]
    public void Cleanup() => _contenders.Dispose();

    [Benchmark]
    public Task<int> GreenPT() => _contenders.OursCompleteAsync();

    [Benchmark(Baseline = true)]
    public Task<int> OpenAISdk() => _contenders.OpenAICompleteAsync();

    [Benchmark]
    public Task<int> RawLowerBound() => _contenders.RawCompleteAsync();
}
