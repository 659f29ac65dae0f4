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
        IReadOnlyList<GrowthTable>? growth,
        ConcurrencyResult? concurrency,
        IReadOnlyList<LatencyResult>? latency,
        string modeDescription,
        string loadAverages)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"Run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {modeDescription}, {Environment.ProcessorCount} logical cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        text.AppendLine(Invariant, $"Load average (1 min) at start and end: {loadAverages}. Ratios use BenchmarkDotNet means; the median-based ratio is in brackets.");
        text.AppendLine();
        text.AppendLine("| Workload | Target | Measured | Result |");
        text.AppendLine("|---|---|---|---|");

        // The targets of issue 15, each next to the ratio measured for it.
        // (1) Streaming, content.
        BenchmarkResult? ours = Find(measurements, nameof(StreamingBenchmarks), "GreenPT", nameof(StreamScenario.Content));
        BenchmarkResult? sdk = Find(measurements, nameof(StreamingBenchmarks), "OpenAISdk", nameof(StreamScenario.Content));
        BenchmarkResult? raw = Find(measurements, nameof(StreamingBenchmarks), "RawLowerBound", nameof(StreamScenario.Content));
        int chunks = Payloads.ChunkCount(StreamScenario.Content);
        const string streaming = "(1) Streaming, 1,000 content chunks";
        if (ours is not null && raw is not null)
        {
            double ratio = ours.MeanNs / raw.MeanNs;
            Row(text, streaming, "time <= 1.15x raw",
                $"{ratio:N2}x [{ours.MedianNs / raw.MedianNs:N2}x] (ours {PerChunkNs(ours, chunks)}/chunk, raw {PerChunkNs(raw, chunks)}/chunk)", ratio <= 1.15);
            if (ours.AllocatedBytes is long o && raw.AllocatedBytes is long r && r > 0)
            {
                double bytes = (double)o / r;
                Row(text, streaming, "allocations <= 1.8x raw per chunk",
                    $"{bytes:N2}x (ours {PerChunkBytes(ours, chunks)}/chunk, raw {PerChunkBytes(raw, chunks)}/chunk; the ChatResponseUpdate with one TextContent that any IChatClient yields per chunk is {UpdateFloor.BytesPerUpdate():N0} B by itself)", bytes <= 1.8);
            }
        }
        else
        {
            Row(text, streaming, "vs raw", "not run (filtered out)", null);
        }

        if (ours is not null && sdk is not null)
        {
            Row(text, streaming, "(no target) vs the OpenAI SDK",
                $"{ours.MeanNs / sdk.MeanNs:N2}x the SDK's time, {AllocRatio(ours, sdk)}x its bytes (SDK {PerChunkNs(sdk, chunks)} and {PerChunkBytes(sdk, chunks)}/chunk)", null);
        }

        // (2) Reasoning and tool calls.
        foreach (StreamScenario scenario in new[] { StreamScenario.Reasoning, StreamScenario.ToolCalls })
        {
            BenchmarkResult? o = Find(measurements, nameof(StreamingBenchmarks), "GreenPT", scenario.ToString());
            BenchmarkResult? s = Find(measurements, nameof(StreamingBenchmarks), "OpenAISdk", scenario.ToString());
            BenchmarkResult? r = Find(measurements, nameof(StreamingBenchmarks), "RawLowerBound", scenario.ToString());
            string label = scenario == StreamScenario.Reasoning ? "(2a) Streaming, 500 reasoning + 500 content chunks" : "(2b) Streaming, 2 parallel tool calls x 50 fragments";
            if (o is not null && r is not null)
            {
                int n = Payloads.ChunkCount(scenario);
                double ratio = o.MeanNs / r.MeanNs;
                Row(text, label, "time <= 1.3x raw",
                    $"{ratio:N2}x [{o.MedianNs / r.MedianNs:N2}x] (ours {PerChunkNs(o, n)} and {PerChunkBytes(o, n)}/chunk, raw {PerChunkNs(r, n)} and {PerChunkBytes(r, n)}/chunk" +
                    (s is null ? ")" : $"; SDK {PerChunkNs(s, n)}/chunk, ours {o.MeanNs / s.MeanNs:N2}x its time)"), ratio <= 1.3);
            }
            else
            {
                Row(text, label, "time <= 1.3x raw", "not run (filtered out)", null);
            }
        }

        // (3) Non-streaming.
        BenchmarkResult? oursNs = Find(measurements, nameof(NonStreamingBenchmarks), "GreenPT", null);
        BenchmarkResult? sdkNs = Find(measurements, nameof(NonStreamingBenchmarks), "OpenAISdk", null);
        BenchmarkResult? rawNs = Find(measurements, nameof(NonStreamingBenchmarks), "RawLowerBound", null);
        const string nonStreaming = "(3) Non-streaming, 21 messages + 3 tools, 4 KB answer";
        if (oursNs is not null && sdkNs is not null && rawNs is not null)
        {
            double vsSdk = oursNs.MeanNs / sdkNs.MeanNs;
            double vsRaw = oursNs.MeanNs / rawNs.MeanNs;
            string figures = $"ours {Us(oursNs.MeanNs)} and {Bytes(oursNs.AllocatedBytes)}, SDK {Us(sdkNs.MeanNs)} and {Bytes(sdkNs.AllocatedBytes)}, raw {Us(rawNs.MeanNs)} and {Bytes(rawNs.AllocatedBytes)}";
            Row(text, nonStreaming, "time <= 0.6x the SDK's", $"{vsSdk:N2}x [{oursNs.MedianNs / sdkNs.MedianNs:N2}x] ({figures})", vsSdk <= 0.6);
            Row(text, nonStreaming, "time <= 1.15x raw", $"{vsRaw:N2}x [{oursNs.MedianNs / rawNs.MedianNs:N2}x]", vsRaw <= 1.15);
        }
        else
        {
            Row(text, nonStreaming, "vs the SDK and raw", "not run (filtered out)", null);
        }

        // (5) Embeddings.
        BenchmarkResult? oursE = Find(measurements, nameof(EmbeddingBenchmarks), "GreenPT", null);
        BenchmarkResult? sdkE = Find(measurements, nameof(EmbeddingBenchmarks), "OpenAISdk", null);
        BenchmarkResult? rawE = Find(measurements, nameof(EmbeddingBenchmarks), "RawLowerBound", null);
        const string embeddings = "(5) Embeddings, 100 inputs x 1,024 dimensions";
        if (oursE is not null && sdkE is not null && rawE is not null)
        {
            double vsSdk = oursE.MeanNs / sdkE.MeanNs;
            double vsRaw = oursE.MeanNs / rawE.MeanNs;
            Row(text, embeddings, "faster than the SDK (< 1.0x its time)",
                $"{vsSdk:N2}x [{oursE.MedianNs / sdkE.MedianNs:N2}x] (ours {Us(oursE.MeanNs)} and {Bytes(oursE.AllocatedBytes)}, SDK {Us(sdkE.MeanNs)} and {Bytes(sdkE.AllocatedBytes)}, raw {Us(rawE.MeanNs)} and {Bytes(rawE.AllocatedBytes)})", vsSdk < 1.0);
            Row(text, embeddings, "time <= 1.2x raw", $"{vsRaw:N2}x [{oursE.MedianNs / rawE.MedianNs:N2}x]", vsRaw <= 1.2);
        }
        else
        {
            Row(text, embeddings, "vs the SDK and raw", "not run (filtered out)", null);
        }

        // (6) Loopback latency: reported next to the SDK's, no threshold in the issue.
        if (latency is { Count: > 0 })
        {
            LatencyResult? o = latency.FirstOrDefault(l => l.Contender == Contender.GreenPT);
            LatencyResult? s = latency.FirstOrDefault(l => l.Contender == Contender.OpenAISdk);
            LatencyResult? r = latency.FirstOrDefault(l => l.Contender == Contender.RawLowerBound);
            if (o is not null && s is not null && r is not null)
            {
                Row(text, "(6) Loopback Kestrel, added latency", "(reported) first token, next to the SDK's",
                    $"ours {o.FirstTokenUs:N0} us, SDK {s.FirstTokenUs:N0} us, raw {r.FirstTokenUs:N0} us (median of {o.Streams} streams)", null);
                Row(text, "(6) Loopback Kestrel, added latency", "(reported) per token, next to the SDK's",
                    $"ours {o.PerTokenUs:N1} us, SDK {s.PerTokenUs:N1} us, raw {r.PerTokenUs:N1} us (median of {o.Streams * (o.Tokens - 1)} tokens)", null);
            }
        }

        // Growth.
        foreach (GrowthTable table in growth ?? [])
        {
            string target = table.MemoryRatio is null
                ? $"linear: cost per {table.Unit} at the largest size <= {GrowthChecks.LinearLimit}x that at the middle one"
                : $"linear time and memory proportional (each ratio <= {GrowthChecks.LinearLimit}x)";
            Row(text, $"(G) {table.Name}", target,
                table.MemoryRatio is double m ? $"time {table.MarginalRatio:N2}x, bytes per {table.Unit} {m:N2}x" : $"{table.MarginalRatio:N2}x", table.Linear);
        }

        if (concurrency is not null)
        {
            Row(text, $"(G) One client, {concurrency.Streams:N0} concurrent streams", $"per-stream cost <= {GrowthChecks.ConcurrencyLimit}x a single stream's",
                $"{concurrency.Ratio:N2}x ({GrowthChecks.Us(concurrency.ConcurrentNsPerStream)} against {GrowthChecks.Us(concurrency.SingleNsPerStream)} per 100-chunk stream, {concurrency.Clock}; raw bound {concurrency.RawRatio:N2}x; " +
                $"{concurrency.ConcurrentBytesPerStream:N0} B against {concurrency.SingleBytesPerStream:N0} B)",
                concurrency.Complete && concurrency.Ratio <= GrowthChecks.ConcurrencyLimit);
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
                    $"ours {1 / p.SdkOverOurs:N2}x the SDK's time, {p.OursOverRaw:N2}x the raw time (median of {p.Rounds} rounds; " +
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

    private static string Bytes(long? bytes) => bytes is long b ? Bytes(b) : "?";

    private static string Bytes(long bytes) => bytes >= 10_240
        ? bytes >= 10_485_760 ? string.Create(Invariant, $"{bytes / 1048576.0:N1} MB") : string.Create(Invariant, $"{bytes / 1024.0:N1} KB")
        : string.Create(Invariant, $"{bytes:N0} B");

    private static string Signed(long bytes) => string.Create(Invariant, $"{(bytes >= 0 ? "+" : "-")}{Math.Abs(bytes) / 1024.0:N1} KB");
}
