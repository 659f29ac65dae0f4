using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace GreenPT.AI.Benchmarks;

/// <summary>One benchmark's result, taken from BenchmarkDotNet's <see cref="Summary"/>.</summary>
/// <param name="MeanNs">Mean time per operation (already divided by OperationsPerInvoke), in nanoseconds.</param>
/// <param name="MedianNs">Median time per operation, shown next to the mean-based ratios as a check against noise.</param>
/// <param name="AllocatedBytes">Bytes allocated per operation, from the memory diagnoser.</param>
public sealed record BenchmarkResult(string Type, string Method, string? Scenario, double MeanNs, double MedianNs, long? AllocatedBytes);

/// <summary>The closing summary: every target next to the ratio measured for it, with PASS or MISS.</summary>
public static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static IReadOnlyList<BenchmarkResult> Collect(IEnumerable<Summary> summaries) =>
        summaries
            .SelectMany(s => s.Reports)
            .Where(r => r.ResultStatistics is not null)
            .Select(r => new BenchmarkResult(
                r.BenchmarkCase.Descriptor.Type.Name,
                r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                r.BenchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(StreamingBenchmarks.Scenario))?.Value?.ToString(),
                r.ResultStatistics!.Mean,
                r.ResultStatistics.Median,
                r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase)))
            .ToList();

    public static string Build(
        IReadOnlyList<BenchmarkResult> measurements,
        IReadOnlyList<MemoryRun>? memoryRuns,
        IReadOnlyList<FirstUpdateResult>? firstUpdates,
        IReadOnlyList<PairedRatios>? paired,
        string modeDescription,
        string loadAverages)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"Run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {modeDescription}, {Environment.ProcessorCount} logical cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        text.AppendLine(Invariant, $"Load average (1 min) at start and end: {loadAverages}. Ratios use BenchmarkDotNet means; the median-based ratio is in brackets.");
        text.AppendLine();
        text.AppendLine("| Workload | Target | Measured | Result |");
        text.AppendLine("|---|---|---|---|");

        // (1) Streaming.
        BenchmarkResult? ours = Find(measurements, nameof(StreamingBenchmarks), "GreenPT", nameof(StreamScenario.Content));
        BenchmarkResult? sdk = Find(measurements, nameof(StreamingBenchmarks), "OpenAISdk", nameof(StreamScenario.Content));
        BenchmarkResult? raw = Find(measurements, nameof(StreamingBenchmarks), "RawLowerBound", nameof(StreamScenario.Content));
        int chunks = Payloads.ChunkCount(StreamScenario.Content);
        if (ours is not null && sdk is not null)
        {
            double speedup = sdk.MeanNs / ours.MeanNs;
            Row(text, "(1) Streaming, 1,000 chunks", "time: ours >= 2.5x faster than the OpenAI SDK",
                $"{speedup:N2}x faster [{sdk.MedianNs / ours.MedianNs:N2}x] (ours {PerChunkNs(ours, chunks)}/chunk, SDK {PerChunkNs(sdk, chunks)}/chunk)", speedup >= 2.5);
            if (ours.AllocatedBytes is long oursBytes && sdk.AllocatedBytes is long sdkBytes && sdkBytes > 0)
            {
                double ratio = (double)oursBytes / sdkBytes;
                Row(text, "(1) Streaming, 1,000 chunks", "allocations: ours <= 1/3 of the SDK's bytes/chunk",
                    $"{ratio:N2} of the SDK's (ours {PerChunkBytes(ours, chunks)}/chunk, SDK {PerChunkBytes(sdk, chunks)}/chunk)", ratio <= 1.0 / 3.0);
            }
        }
        else
        {
            Row(text, "(1) Streaming, 1,000 chunks", "vs the OpenAI SDK", "not run (filtered out)", null);
        }

        if (ours is not null && raw is not null)
        {
            double ratio = ours.MeanNs / raw.MeanNs;
            Row(text, "(1) Streaming, 1,000 chunks", "time: ours within 1.5x of the raw lower bound",
                $"{ratio:N2}x the raw time [{ours.MedianNs / raw.MedianNs:N2}x] (ours {PerChunkNs(ours, chunks)}/chunk, raw {PerChunkNs(raw, chunks)}/chunk)", ratio <= 1.5);
        }

        // (2) Reasoning and tool calls: reported, no targets.
        foreach (StreamScenario scenario in new[] { StreamScenario.Reasoning, StreamScenario.ToolCalls })
        {
            BenchmarkResult? o = Find(measurements, nameof(StreamingBenchmarks), "GreenPT", scenario.ToString());
            BenchmarkResult? s = Find(measurements, nameof(StreamingBenchmarks), "OpenAISdk", scenario.ToString());
            BenchmarkResult? r = Find(measurements, nameof(StreamingBenchmarks), "RawLowerBound", scenario.ToString());
            if (o is not null && s is not null && r is not null)
            {
                int n = Payloads.ChunkCount(scenario);
                string label = scenario == StreamScenario.Reasoning ? "(2) Reasoning 500 + content 500" : "(2) 2 tool calls x 50 fragments";
                Row(text, label, "(no target) ours vs SDK and raw",
                    $"{s.MeanNs / o.MeanNs:N2}x faster than the SDK, {o.MeanNs / r.MeanNs:N2}x raw; {AllocRatio(o, s)} of the SDK's bytes " +
                    $"(ours {PerChunkNs(o, n)} and {PerChunkBytes(o, n)}/chunk)", null);
            }
        }

        // (3) Non-streaming.
        BenchmarkResult? oursNs = Find(measurements, nameof(NonStreamingBenchmarks), "GreenPT", null);
        BenchmarkResult? sdkNs = Find(measurements, nameof(NonStreamingBenchmarks), "OpenAISdk", null);
        BenchmarkResult? rawNs = Find(measurements, nameof(NonStreamingBenchmarks), "RawLowerBound", null);
        if (oursNs is not null && sdkNs is not null)
        {
            double speedup = sdkNs.MeanNs / oursNs.MeanNs;
            Row(text, "(3) Non-streaming, 21 messages + 3 tools, 4 KB answer", "time: ours >= 1.5x faster than the SDK",
                $"{speedup:N2}x faster [{sdkNs.MedianNs / oursNs.MedianNs:N2}x] (ours {Us(oursNs.MeanNs)}, SDK {Us(sdkNs.MeanNs)}{(rawNs is null ? string.Empty : $", raw {Us(rawNs.MeanNs)}")})", speedup >= 1.5);
            if (oursNs.AllocatedBytes is long o && sdkNs.AllocatedBytes is long s && s > 0)
            {
                double ratio = (double)o / s;
                Row(text, "(3) Non-streaming, 21 messages + 3 tools, 4 KB answer", "allocations: ours <= 0.8x the SDK's",
                    $"{ratio:N2}x (ours {Bytes(o)}, SDK {Bytes(s)}{(rawNs?.AllocatedBytes is long rb ? $", raw {Bytes(rb)}" : string.Empty)})", ratio <= 0.8);
            }
        }
        else
        {
            Row(text, "(3) Non-streaming", "vs the OpenAI SDK", "not run (filtered out)", null);
        }

        // (4) Long stream.
        if (memoryRuns is { Count: > 0 })
        {
            foreach (Contender contender in Enum.GetValues<Contender>())
            {
                (bool flat, long within, long across) = LongStreamCheck.Assess(memoryRuns, contender);
                MemoryRun longRun = memoryRuns.Single(r => r.Contender == contender && r.Chunks == LongStreamCheck.Lengths[^1]);
                MemoryRun shortRun = memoryRuns.Single(r => r.Contender == contender && r.Chunks == LongStreamCheck.Lengths[0]);
                string target = contender == Contender.GreenPT
                    ? "memory flat: live heap grows < 64 KB from 10k to 100k chunks"
                    : "(comparison) same check";
                Row(text, $"(4) Long stream, {contender}", target,
                    $"live heap {Signed(within)} from chunk 10,000 to 100,000 of the long run, {Signed(across)} vs the 10k run's end; " +
                    $"peak working set {LongStreamCheck.Mb(shortRun.PeakWorkingSet)} (10k) vs {LongStreamCheck.Mb(longRun.PeakWorkingSet)} (100k)",
                    contender == Contender.GreenPT ? flat : null, flat ? "flat" : "GROWS");
            }
        }

        // First update.
        if (firstUpdates is { Count: > 0 })
        {
            foreach (FirstUpdateResult result in firstUpdates)
            {
                Row(text, $"First update, {result.Contender}", result.Contender == Contender.GreenPT ? "yielded as soon as chunk 1 is parsed" : "(comparison) same check",
                    result.Detail, result.Contender == Contender.GreenPT ? result.Passed : null, result.Passed ? "unbuffered" : "BUFFERED");
            }
        }

        // The paired cross-check: informational, it does not decide PASS/MISS.
        if (paired is { Count: > 0 })
        {
            foreach (PairedRatios p in paired)
            {
                Row(text, $"{p.Workload}, paired cross-check", "(informational) same time ratios, interleaved rounds",
                    $"ours {p.SdkOverOurs:N2}x faster than the SDK, {p.OursOverRaw:N2}x the raw time (median of {p.Rounds} rounds; " +
                    $"ours {PairedCheck.Us(p.OursNs)}, SDK {PairedCheck.Us(p.SdkNs)}, raw {PairedCheck.Us(p.RawNs)}/op)", null);
            }
        }

        text.AppendLine();
        text.AppendLine("Raw results (BenchmarkDotNet means; per chunk = per operation / chunks; component rows are already per chunk):");
        text.AppendLine();
        text.AppendLine("| Class | Benchmark | Scenario | Mean/op | Median/op | Allocated/op | Mean/chunk | Allocated/chunk |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|");
        foreach (BenchmarkResult m in measurements)
        {
            int? n = m.Type == nameof(StreamingBenchmarks) && Enum.TryParse(m.Scenario, out StreamScenario scenario) ? Payloads.ChunkCount(scenario) : null;
            text.AppendLine(Invariant,
                $"| {m.Type} | {m.Method} | {m.Scenario ?? "-"} | {Us(m.MeanNs)} | {Us(m.MedianNs)} | {(m.AllocatedBytes is long b ? Bytes(b) : "?")} | " +
                $"{(n is int c ? PerChunkNs(m, c) : "-")} | {(n is int d ? PerChunkBytes(m, d) : "-")} |");
        }

        if (memoryRuns is { Count: > 0 })
        {
            text.AppendLine();
            text.AppendLine("Long stream (synthesized on the fly; live heap measured with GC.GetTotalMemory(forceFullCollection: true) during consumption):");
            text.AppendLine();
            text.AppendLine("| Contender | Chunks | Live heap at 10% | Live heap at 100% | Peak GC heap size | Peak working set | Allocated/chunk |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (MemoryRun r in memoryRuns)
            {
                text.AppendLine(Invariant,
                    $"| {r.Contender} | {r.Chunks:N0} | {LongStreamCheck.Kb(r.LiveAtFirstTenth)} | {LongStreamCheck.Kb(r.LiveAtEnd)} | {LongStreamCheck.Kb(r.PeakHeapSize)} | " +
                    $"{LongStreamCheck.Mb(r.PeakWorkingSet)} | {r.AllocatedPerChunk:N0} B |");
            }
        }

        return text.ToString();
    }

    private static BenchmarkResult? Find(IReadOnlyList<BenchmarkResult> measurements, string type, string method, string? scenario) =>
        measurements.FirstOrDefault(m => m.Type == type && m.Method == method && m.Scenario == scenario);

    private static void Row(StringBuilder text, string workload, string target, string measured, bool? pass, string? info = null) =>
        text.AppendLine(Invariant, $"| {workload} | {target} | {measured} | {(pass is bool p ? (p ? "PASS" : "MISS") : info ?? "-")} |");

    private static string AllocRatio(BenchmarkResult ours, BenchmarkResult sdk) =>
        ours.AllocatedBytes is long o && sdk.AllocatedBytes is long s && s > 0 ? ((double)o / s).ToString("N2", Invariant) : "?";

    private static string PerChunkNs(BenchmarkResult m, int chunks) => string.Create(Invariant, $"{m.MeanNs / chunks:N0} ns");

    private static string PerChunkBytes(BenchmarkResult m, int chunks) =>
        m.AllocatedBytes is long b ? string.Create(Invariant, $"{(double)b / chunks:N0} B") : "?";

    private static string Us(double ns) => ns >= 1_000_000
        ? string.Create(Invariant, $"{ns / 1_000_000:N2} ms")
        : ns >= 1_000 ? string.Create(Invariant, $"{ns / 1_000:N1} us") : string.Create(Invariant, $"{ns:N1} ns");

    private static string Bytes(long bytes) => bytes >= 10_240
        ? string.Create(Invariant, $"{bytes / 1024.0:N1} KB")
        : string.Create(Invariant, $"{bytes:N0} B");

    private static string Signed(long bytes) => string.Create(Invariant, $"{(bytes >= 0 ? "+" : "-")}{Math.Abs(bytes) / 1024.0:N1} KB");
}
