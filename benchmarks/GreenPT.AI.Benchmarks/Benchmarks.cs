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

    [GlobalSetup(Target = nameof(GreenPT))]
    public void SetupGreenPT() => Warmup.Before(() => Setup().OursStreamingAsync());

    [GlobalSetup(Target = nameof(OpenAISdk))]
    public void SetupOpenAISdk() => Warmup.Before(() => Setup().OpenAIStreamingAsync(readReasoning: Scenario == StreamScenario.Reasoning));

    [GlobalSetup(Target = nameof(RawLowerBound))]
    public void SetupRawLowerBound() => Warmup.Before(() => Setup().RawStreamingAsync());

    private Contenders Setup()
    {
        if (_contenders is null)
        {
            byte[] bytes = Payloads.Stream(Scenario);
            _contenders = new Contenders(() => InMemoryHandler.Fixed(bytes, "text/event-stream"));
        }

        return _contenders;
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

    [GlobalSetup(Target = nameof(GreenPT))]
    public void SetupGreenPT() => Warmup.Before(Setup().OursCompleteAsync);

    [GlobalSetup(Target = nameof(OpenAISdk))]
    public void SetupOpenAISdk() => Warmup.Before(Setup().OpenAICompleteAsync);

    [GlobalSetup(Target = nameof(RawLowerBound))]
    public void SetupRawLowerBound() => Warmup.Before(Setup().RawCompleteAsync);

    private Contenders Setup()
    {
        if (_contenders is null)
        {
            byte[] bytes = Payloads.CompletionResponse();
            _contenders = new Contenders(() => InMemoryHandler.Fixed(bytes, "application/json"));
        }

        return _contenders;
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
