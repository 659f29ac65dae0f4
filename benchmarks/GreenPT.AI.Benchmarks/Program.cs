using System.Diagnostics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GreenPT.AI.Benchmarks;
using Perfolizer.Horology;

// Usage:
//   dotnet run -c Release --project benchmarks/GreenPT.AI.Benchmarks                 full run (BenchmarkDotNet default job)
//   dotnet run -c Release --project benchmarks/GreenPT.AI.Benchmarks -- --short      short run (1 launch, automatic warm-up, 5 x 250 ms iterations)
//   ... -- --checks-only     only the equivalence check, the long stream (4) and the first-update check: no BenchmarkDotNet
//   ... -- --no-components   skip the per-component breakdown benchmarks (the default in short mode)
//   ... -- --components      run them in short mode too
//   ... -- --no-growth       skip the growth tables, the concurrency check and the loopback latency
//   ... -- --cpu-time        measure process CPU time instead of wall time (in-process; for a machine busy with other work)
//   ... -- --ledgers         only the accounting: calls per second through the in-memory and the Redis ledger (starts a redis-server)
//   ... -- --paired          only the paired cross-check of the time ratios (about 40 s)
//   ... -- --loop stream[:sdk|:raw] [seconds]   one workload in a loop, for a profiler (stream, reasoning, tools, complete, embed, concurrent, sequential)
//   ... -- --loop complete 5 --allocations     the same, printing what it allocates per operation, by type (sampled)
// Any other argument goes to BenchmarkDotNet (for example --filter *Streaming*).
if (Array.IndexOf(args, "--loop") is int loopAt and >= 0)
{
    string workload = loopAt + 1 < args.Length ? args[loopAt + 1] : "stream";
    double seconds = loopAt + 2 < args.Length && double.TryParse(args[loopAt + 2], System.Globalization.CultureInfo.InvariantCulture, out double s) ? s : 20;
    return await ProfilingLoop.RunAsync(workload, seconds, Console.Out, allocations: args.Contains("--allocations"));
}

if (args.Contains("--paired"))
{
    Console.WriteLine("Paired cross-check of the time ratios: the three contenders timed back to back in interleaved rounds");
    await PairedCheck.RunAsync(Console.Out);
    return 0;
}

if (args.Contains("--ledgers"))
{
    return await LedgerThroughput.RunAsync(Console.Out);
}

var total = Stopwatch.StartNew();
string loadAtStart = LoadAverage();
bool shortMode = args.Contains("--short");
bool checksOnly = args.Contains("--checks-only");
// Short mode leaves the per-component breakdown out (19 more benchmarks) so that the whole run stays under 5 minutes.
bool noComponents = args.Contains("--no-components") || (shortMode && !args.Contains("--components"));
bool noGrowth = args.Contains("--no-growth");
bool cpuTime = args.Contains("--cpu-time");
string[] benchmarkArgs = args.Where(a => a is not ("--short" or "--checks-only" or "--no-components" or "--components" or "--no-growth" or "--cpu-time")).ToArray();
if (!benchmarkArgs.Any(a => a is "--filter" or "-f"))
{
    benchmarkArgs = [.. benchmarkArgs, "--filter", "*"];
}

if (cpuTime && !ProcessCpuClock.Instance.IsAvailable)
{
    Console.WriteLine("--cpu-time needs Linux clock_gettime(CLOCK_PROCESS_CPUTIME_ID); measuring wall time instead.");
    cpuTime = false;
}

string mode = (shortMode ? "short mode (1 launch, automatic warm-up, 5 x 250 ms iterations)" : "full mode (BenchmarkDotNet default job)")
    + (cpuTime ? ", clock: process CPU time, in-process" : ", clock: wall time");
Console.WriteLine($"GreenPT.AI benchmarks, {mode}");
Console.WriteLine();
Console.WriteLine("Equivalence check: every contender reads the same thing from the same bytes and sends an equivalent request");
if (!await Validation.RunAsync(Console.Out))
{
    Console.WriteLine("The contenders do not read the same thing: fix that before timing anything.");
    return 1;
}

IReadOnlyList<BenchmarkResult> measurements = [];
if (!checksOnly && cpuTime)
{
    // In-process with the CPU-time clock, the JIT's background threads count: warm every workload of every contender first, so
    // that tier-1 compilation of the shared code is not billed to whichever benchmark happens to run first.
    Console.WriteLine();
    Console.WriteLine("Warm-up of every workload (process CPU time counts the JIT's background threads)");
    await Warmup.RunAsync(TimeSpan.FromMilliseconds(400));
}

if (!checksOnly)
{
    // Short mode: like ShortRun (1 launch, few iterations: 5 of 250 ms), but the warm-up is BenchmarkDotNet's automatic
    // one (6 to 30 iterations, until the times stop falling) instead of ShortRun's fixed 3: tiered compilation and dynamic
    // PGO of the SDK's and our larger code paths take seconds on 2 busy cores, and 3 warm-ups measured half-jitted code.
    // Full mode: BenchmarkDotNet's default job.
    Job job = shortMode
        ? Job.Default.WithId("Short").WithLaunchCount(1).WithIterationCount(5).WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithMinWarmupCount(6).WithMaxWarmupCount(30)
        : Job.Default;
    if (cpuTime)
    {
        // --cpu-time: the process's CPU time instead of wall time, so that waiting for a core on a busy machine does not count.
        job = job.WithToolchain(InProcessEmitToolchain.Instance).WithClock(ProcessCpuClock.Instance);
    }

    IConfig config = DefaultConfig.Instance
        .AddJob(job)
        .AddDiagnoser(MemoryDiagnoser.Default)
        .WithArtifactsPath(ArtifactsPath());

    Type[] types = noComponents
        ? [typeof(StreamingBenchmarks), typeof(NonStreamingBenchmarks), typeof(EmbeddingBenchmarks)]
        : [typeof(StreamingBenchmarks), typeof(NonStreamingBenchmarks), typeof(EmbeddingBenchmarks), typeof(StreamingComponents), typeof(NonStreamingComponents)];
    IEnumerable<Summary> summaries = BenchmarkSwitcher.FromTypes(types).Run(benchmarkArgs, config);
    measurements = Report.Collect(summaries);
}

Console.WriteLine();
Console.WriteLine("Long stream (4): managed memory while consuming 10,000 and 100,000 synthesized chunks");
IReadOnlyList<MemoryRun> memoryRuns = await LongStreamCheck.RunAsync(Console.Out);

Console.WriteLine();
Console.WriteLine("First update: the server sends chunk 1 and then blocks");
IReadOnlyList<FirstUpdateResult> firstUpdates = await FirstUpdateCheck.RunAsync(Console.Out);

IReadOnlyList<GrowthTable> growth = [];
ConcurrencyResult? concurrency = null;
IReadOnlyList<LatencyResult> latency = [];
if (!noGrowth)
{
    Console.WriteLine();
    Console.WriteLine($"Growth: cost against size (ours, raw for reference; {(cpuTime ? "process CPU time" : "wall time")})");
    growth = await GrowthChecks.RunAsync(Console.Out, cpuTime);

    Console.WriteLine();
    Console.WriteLine("Concurrency: one client, 1,000 streams at once against the same streams one at a time");
    concurrency = await GrowthChecks.ConcurrencyAsync(Console.Out, ProcessCpuClock.Instance.IsAvailable);

    Console.WriteLine();
    Console.WriteLine("Loopback latency: a minimal Kestrel server on 127.0.0.1 sends one token per event, the next when the consumer saw the last");
    latency = await LoopbackLatency.RunAsync(Console.Out);
}

Console.WriteLine();
Console.WriteLine("Paired cross-check of the time ratios: the three contenders timed back to back in interleaved rounds");
IReadOnlyList<PairedRatios> paired = await PairedCheck.RunAsync(Console.Out);

string summary = Report.Build(measurements, memoryRuns, firstUpdates, paired, growth, concurrency, latency, mode, $"{loadAtStart} and {LoadAverage()}");
Console.WriteLine();
Console.WriteLine("==================== GreenPT.AI performance targets ====================");
Console.WriteLine(summary);
Console.WriteLine($"Total time: {total.Elapsed:mm\\:ss}");

string summaryFile = Path.Combine(ArtifactsPath(), "results", "GreenPT-targets.md");
Directory.CreateDirectory(Path.GetDirectoryName(summaryFile)!);
await File.WriteAllTextAsync(summaryFile, summary + $"\nTotal time: {total.Elapsed:mm\\:ss}\n");
Console.WriteLine($"Summary written to {summaryFile}");
return 0;

// The 1-minute load average (Linux), to judge how noisy the machine was.
static string LoadAverage()
{
    try
    {
        return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
    }
    catch (IOException)
    {
        return "n/a";
    }
}

// BenchmarkDotNet's artifacts go next to this project (ignored by git), wherever the command is run from.
static string ArtifactsPath([CallerFilePath] string sourceFile = "")
{
    string? projectDirectory = Path.GetDirectoryName(sourceFile);
    return projectDirectory is not null && Directory.Exists(projectDirectory)
        ? Path.Combine(projectDirectory, "BenchmarkDotNet.Artifacts")
        : Path.Combine(Environment.CurrentDirectory, "BenchmarkDotNet.Artifacts");
}
