using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Benchmarks;

/// <summary>One size of a growth table: the cost of one operation at that size.</summary>
public sealed record GrowthPoint(int Size, double NsPerOp, double BytesPerOp, double RawNsPerOp);

/// <summary>A growth table and its verdict.</summary>
/// <param name="MarginalRatio">
/// The cost per unit at the largest size divided by that at the middle size (10x smaller): at most about 1 when the cost is linear
/// in the size (fixed costs only lower it), about 10 for a quadratic one.
/// </param>
public sealed record GrowthTable(string Name, string Unit, IReadOnlyList<GrowthPoint> Points, double MarginalRatio, double? MemoryRatio, bool Linear, string Detail);

/// <summary>The outcome of the concurrency check.</summary>
public sealed record ConcurrencyResult(int Streams, double SingleNsPerStream, double ConcurrentNsPerStream, double SingleBytesPerStream, double ConcurrentBytesPerStream, bool Complete, string Clock)
{
    public double Ratio => ConcurrentNsPerStream / SingleNsPerStream;

    /// <summary>The raw bound's same ratio: what concurrency costs any client on this runtime and machine.</summary>
    public double RawRatio { get; init; }
}

/// <summary>
/// How cost grows with the work (plain loops, not BenchmarkDotNet): request cost against history length and tool count,
/// tool-call arguments of up to 1 MB in 10,000 fragments, and one client shared by 1,000 concurrent streams.
/// </summary>
public static class GrowthChecks
{
    /// <summary>Above this ratio of per-unit costs (largest size against the middle one) a table is not linear (a quadratic cost gives about 10).</summary>
    public const double LinearLimit = 1.5;

    /// <summary>The concurrency target: per-stream cost of 1,000 concurrent streams within 1.2x of a single stream's.</summary>
    public const double ConcurrencyLimit = 1.2;

    private static readonly byte[] SmallAnswer = Payloads.CompletionResponse();

    public static async Task<IReadOnlyList<GrowthTable>> RunAsync(TextWriter log, bool cpuTime)
    {
        var tables = new List<GrowthTable>
        {
            await HistoryAsync(cpuTime),
            await ToolsAsync(cpuTime),
            await ToolArgumentsAsync(cpuTime),
        };
        foreach (GrowthTable table in tables)
        {
            log.WriteLine($"  {table.Name}: {table.Detail}");
        }

        return tables;
    }

    // ---------------- History length ----------------

    private static async Task<GrowthTable> HistoryAsync(bool cpuTime)
    {
        int[] sizes = [10, 100, 1_000];
        var points = new List<GrowthPoint>();
        using var contenders = new Contenders(() => InMemoryHandler.Fixed(SmallAnswer, "application/json"));
        foreach (int size in sizes)
        {
            List<ChatMessage> history = History(size);
            (double ns, double bytes) = await MeasureAsync(() => contenders.Ours.GetResponseAsync(history), cpuTime);
            (double rawNs, _) = await MeasureAsync(() => contenders.RawCompleteAsync(w => WriteRawHistory(w, history, tools: null)), cpuTime);
            points.Add(new GrowthPoint(size, ns, bytes, rawNs));
        }

        return Verdict("Request cost against history length", "message", points, memoryPerUnit: null);
    }

    private static List<ChatMessage> History(int messages)
    {
        var history = new List<ChatMessage>(messages) { new(ChatRole.System, "You answer questions about the energy of language models.") };
        for (int i = 1; i < messages; i++)
        {
            history.Add(new ChatMessage(i % 2 == 1 ? ChatRole.User : ChatRole.Assistant, Text(i, i % 2 == 1 ? 25 : 60)));
        }

        return history;
    }

    private static string Text(int seed, int words)
    {
        var text = new StringBuilder();
        for (int i = 0; i < words; i++)
        {
            text.Append(i == 0 ? string.Empty : " ").Append(Payloads.Word(seed + (i * 7)).Trim() is { Length: > 0 } w ? w : "energy");
        }

        return text.ToString();
    }

    private static void WriteRawHistory(Utf8JsonWriter w, List<ChatMessage> history, IReadOnlyList<AIFunction>? tools)
    {
        w.WriteStartObject();
        w.WriteString("model"u8, Payloads.Model);
        w.WriteStartArray("messages"u8);
        foreach (ChatMessage message in history)
        {
            w.WriteStartObject();
            w.WriteString("role"u8, message.Role.Value);
            w.WriteString("content"u8, message.Text);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (tools is not null)
        {
            w.WriteStartArray("tools"u8);
            foreach (AIFunction tool in tools)
            {
                w.WriteStartObject();
                w.WriteString("type"u8, "function"u8);
                w.WriteStartObject("function"u8);
                w.WriteString("name"u8, tool.Name);
                w.WriteString("description"u8, tool.Description);
                w.WritePropertyName("parameters"u8);
                tool.JsonSchema.WriteTo(w);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    // ---------------- Tool count ----------------

    private static async Task<GrowthTable> ToolsAsync(bool cpuTime)
    {
        int[] sizes = [1, 10, 100];
        var points = new List<GrowthPoint>();
        using var contenders = new Contenders(() => InMemoryHandler.Fixed(SmallAnswer, "application/json"));
        List<ChatMessage> history = History(3);
        IReadOnlyList<AIFunction> templates = RequestData.Instance.Functions;
        foreach (int size in sizes)
        {
            AIFunction[] tools = Enumerable.Range(0, size)
                .Select(i => (AIFunction)new RenamedFunction(templates[i % templates.Count], string.Create(CultureInfo.InvariantCulture, $"{templates[i % templates.Count].Name}_{i}")))
                .ToArray();
            var options = new ChatOptions { Tools = [.. tools] };
            (double ns, double bytes) = await MeasureAsync(() => contenders.Ours.GetResponseAsync(history, options), cpuTime);
            (double rawNs, _) = await MeasureAsync(() => contenders.RawCompleteAsync(w => WriteRawHistory(w, history, tools)), cpuTime);
            points.Add(new GrowthPoint(size, ns, bytes, rawNs));
        }

        return Verdict("Request cost against tool count", "tool", points, memoryPerUnit: null);
    }

    /// <summary>A function under another name, with the same schema (the request needs distinct tool names).</summary>
    private sealed class RenamedFunction(AIFunction inner, string name) : DelegatingAIFunction(inner)
    {
        public override string Name => name;
    }

    // ---------------- Tool-call arguments ----------------

    private static async Task<GrowthTable> ToolArgumentsAsync(bool cpuTime)
    {
        (int Bytes, int Fragments)[] sizes = [(10_000, 100), (100_000, 1_000), (1_000_000, 10_000)];
        var points = new List<GrowthPoint>();
        foreach ((int bytes, int fragments) in sizes)
        {
            string arguments = Arguments(bytes);
            byte[] stream = ToolArgumentStream(arguments, fragments);
            using var contenders = new Contenders(() => InMemoryHandler.Fixed(stream, "text/event-stream"));
            StreamResult check = await contenders.OursStreamingAsync();
            StreamResult rawCheck = await contenders.RawStreamingAsync();
            if (check.ToolCalls != 1 || check.ToolArgumentProperties != 2 || rawCheck != check)
            {
                throw new InvalidOperationException($"The {bytes:N0}-byte arguments were not read back whole: {check} vs raw {rawCheck}.");
            }

            (double ns, double allocated) = await MeasureAsync(() => contenders.OursStreamingAsync(), cpuTime, minOps: 3);
            (double rawNs, _) = await MeasureAsync(() => contenders.RawStreamingAsync(), cpuTime, minOps: 3);
            points.Add(new GrowthPoint(bytes, ns, allocated, rawNs));
        }

        return Verdict("Tool-call arguments, 100-byte fragments", "argument byte", points, memoryPerUnit: true);
    }

    /// <summary>JSON arguments of about <paramref name="bytes"/> bytes: <c>{"query":"...","rows":[{"id":0,"text":"..."},...]}</c>.</summary>
    private static string Arguments(int bytes)
    {
        var json = new StringBuilder(bytes + 64).Append("""{"query":"energy per token","rows":[""");
        for (int i = 0; json.Length < bytes - 2; i++)
        {
            json.Append(i == 0 ? string.Empty : ",").Append(CultureInfo.InvariantCulture, $$"""{"id":{{i}},"text":"{{Payloads.Word(i).Trim().Replace("\"", string.Empty, StringComparison.Ordinal)}} row"}""");
        }

        return json.Append("]}").ToString();
    }

    private static byte[] ToolArgumentStream(string arguments, int fragments)
    {
        var sse = new MemoryStream();
        void Event(ReadOnlySpan<byte> json)
        {
            sse.Write("data: "u8);
            sse.Write(json);
            sse.Write("\n\n"u8);
        }

        Event(Encoding.UTF8.GetBytes(
            $$$"""{"id":"{{{Payloads.ResponseId}}}","object":"chat.completion.chunk","created":{{{Payloads.Created}}},"model":"{{{Payloads.Model}}}","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_big0001","type":"function","function":{"name":"store_rows","arguments":""}}]},"finish_reason":null}]}"""));
        foreach (string piece in Payloads.Split(arguments, fragments))
        {
            Event(Payloads.ToolFragmentChunkJson(0, piece));
        }

        Event(Encoding.UTF8.GetBytes(
            $$$"""{"id":"{{{Payloads.ResponseId}}}","object":"chat.completion.chunk","created":{{{Payloads.Created}}},"model":"{{{Payloads.Model}}}","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":10,"completion_tokens":{{{fragments}}},"total_tokens":{{{10 + fragments}}}}}"""));
        Event("[DONE]"u8);
        return sse.ToArray();
    }

    // ---------------- Concurrency ----------------

    /// <summary>
    /// One client, <paramref name="streams"/> concurrent 100-chunk streams, against the same client running them one at a time; the
    /// raw bound's same ratio shows what the runtime (thread pool, caches) adds to any client.
    /// </summary>
    public static async Task<ConcurrencyResult> ConcurrencyAsync(TextWriter log, bool cpuTime, int streams = 1_000)
    {
        const int Chunks = ConcurrencyChunks;
        using Contenders contenders = ConcurrencyContenders();
        (double singleNs, double singleBytes, double concurrentNs, double concurrentBytes, bool complete) =
            await ConcurrencyOfAsync(() => contenders.OursStreamingAsync(), Chunks, streams, cpuTime);
        (double rawSingleNs, _, double rawConcurrentNs, _, bool rawComplete) =
            await ConcurrencyOfAsync(() => contenders.RawStreamingAsync(), Chunks, streams, cpuTime);

        var result = new ConcurrencyResult(streams, singleNs, concurrentNs, singleBytes, concurrentBytes, complete && rawComplete, cpuTime ? "process CPU time" : "wall time")
        {
            RawRatio = rawConcurrentNs / rawSingleNs,
        };
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {streams:N0} concurrent {Chunks}-chunk streams on one client: {Us(concurrentNs)} and {concurrentBytes:N0} B per stream, " +
            $"against {Us(singleNs)} and {singleBytes:N0} B one at a time ({result.Ratio:N2}x; raw {Us(rawConcurrentNs)} against {Us(rawSingleNs)}, {result.RawRatio:N2}x; {result.Clock}){(result.Complete ? string.Empty : "; SOME STREAMS INCOMPLETE")}"));
        return result;
    }

    private static async Task<(double SingleNs, double SingleBytes, double ConcurrentNs, double ConcurrentBytes, bool Complete)> ConcurrencyOfAsync(
        Func<Task<StreamResult>> stream, int chunks, int streams, bool cpuTime)
    {
        Func<long> clock = cpuTime ? ProcessCpuClock.Instance.GetTimestamp : Stopwatch.GetTimestamp;
        double toNs = cpuTime ? 1.0 : 1e9 / Stopwatch.Frequency;

        // Warm-up (both ways), then one at a time.
        for (int i = 0; i < 200; i++)
        {
            await stream();
        }

        await Task.WhenAll(Enumerable.Range(0, streams / 4).Select(_ => Task.Run(stream)));

        // Five rounds of both, one at a time and then all at once, and the median of each: one round of each is a single
        // sample of a few hundred milliseconds, and a collection or a neighbour's burst in one of them moved the ratio by 0.1
        // to 0.4 (three rounds still gave 0.79x, 0.93x and 1.42x in three runs on a busy afternoon).
        const int Rounds = 5;
        bool complete = true;
        var single = new List<(double Ns, double Bytes)>();
        var concurrent = new List<(double Ns, double Bytes)>();
        for (int round = 0; round < Rounds; round++)
        {
            ForceGc();
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            long start = clock();
            for (int i = 0; i < streams; i++)
            {
                complete &= (await stream()).Updates == chunks;
            }

            single.Add(((clock() - start) * toNs / streams, (double)(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / streams));

            // All at once: every read yields, so the streams interleave on the thread pool.
            ForceGc();
            allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            start = clock();
            StreamResult[] results = await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => Task.Run(stream)));
            concurrent.Add(((clock() - start) * toNs / streams, (double)(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / streams));
            complete &= results.All(r => r.Updates == chunks);
        }

        static double Median(IEnumerable<double> values) => values.Order().ElementAt(Rounds / 2);
        return (Median(single.Select(s => s.Ns)), Median(single.Select(s => s.Bytes)), Median(concurrent.Select(c => c.Ns)), Median(concurrent.Select(c => c.Bytes)), complete);
    }

    /// <summary>
    /// For <c>--loop concurrent</c> and <c>--loop sequential</c> (add <c>:raw</c> for the bound): 1,000 streams of 100 chunks, all
    /// at once or one at a time, over the yielding body of the concurrency check.
    /// </summary>
    public static (IDisposable Owner, Func<Task> Operation) ConcurrencyLoop(bool allAtOnce, bool raw, int streams = 1_000)
    {
        Contenders contenders = ConcurrencyContenders();
        Func<Task<StreamResult>> stream = raw ? () => contenders.RawStreamingAsync() : () => contenders.OursStreamingAsync();
        return (contenders, allAtOnce
            ? () => Task.WhenAll(Enumerable.Range(0, streams).Select(_ => Task.Run(stream)))
            : async () =>
            {
                for (int i = 0; i < streams; i++)
                {
                    await stream();
                }
            });
    }

    private const int ConcurrencyChunks = 100;

    /// <summary>The contenders of the concurrency check: each stream is <see cref="ConcurrencyChunks"/> chunks over a yielding body.</summary>
    private static Contenders ConcurrencyContenders()
    {
        byte[] bytes = Payloads.ContentStream(ConcurrencyChunks);
        return new Contenders(() => new InMemoryHandler(() => new YieldingStream(bytes), "text/event-stream"));
    }

    /// <summary>Serves fixed bytes 1 KB per read, yielding to the scheduler before each read, as a socket that waits for data would.</summary>
    private sealed class YieldingStream(byte[] bytes) : ReadOnlyStream
    {
        private int _offset;

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(buffer.Length, 1024), bytes.Length - _offset);
            bytes.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            return Read(buffer.Span);
        }
    }

    // ---------------- Measurement ----------------

    /// <summary>Time and allocations per operation: a warm-up, then operations for about 300 ms (at least <paramref name="minOps"/>).</summary>
    private static async Task<(double Ns, double Bytes)> MeasureAsync<T>(Func<Task<T>> operation, bool cpuTime, int minOps = 20)
    {
        Func<long> clock = cpuTime ? ProcessCpuClock.Instance.GetTimestamp : Stopwatch.GetTimestamp;
        double toNs = cpuTime ? 1.0 : 1e9 / Stopwatch.Frequency;
        var warmup = Stopwatch.StartNew();
        int warmupOps = 0;
        while (warmup.Elapsed < TimeSpan.FromMilliseconds(600) || warmupOps < minOps)
        {
            await operation();
            warmupOps++;
        }

        double estimate = warmup.Elapsed.TotalMilliseconds / warmupOps;
        int ops = Math.Max(minOps, (int)(300 / Math.Max(estimate, 0.001)));
        ForceGc();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long start = clock();
        for (int i = 0; i < ops; i++)
        {
            await operation();
        }

        double ns = (clock() - start) * toNs / ops;
        return (ns, (double)(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / ops);
    }

    private static void ForceGc()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static GrowthTable Verdict(string name, string unit, List<GrowthPoint> points, bool? memoryPerUnit)
    {
        // Per-unit cost at the largest size against that at the middle one: fixed costs only lower it, so a linear cost gives at
        // most about 1 and a quadratic one about 10 (sizes are 10x apart).
        double ratio = (points[2].NsPerOp / points[2].Size) / (points[1].NsPerOp / points[1].Size);
        double? memoryRatio = null;
        bool linear = ratio <= LinearLimit;
        if (memoryPerUnit == true)
        {
            memoryRatio = (points[2].BytesPerOp / points[2].Size) / (points[1].BytesPerOp / points[1].Size);
            linear &= memoryRatio <= LinearLimit;
        }

        var detail = new StringBuilder();
        foreach (GrowthPoint p in points)
        {
            detail.Append(CultureInfo.InvariantCulture, $"{p.Size:N0} -> {Us(p.NsPerOp)} ({Us(p.NsPerOp / p.Size)}/{unit}, {p.BytesPerOp / p.Size:N1} B/{unit}; raw {Us(p.RawNsPerOp)}); ");
        }

        detail.Append(CultureInfo.InvariantCulture, $"cost per {unit} at {points[2].Size:N0} / at {points[1].Size:N0} = {ratio:N2}");
        if (memoryRatio is double m)
        {
            detail.Append(CultureInfo.InvariantCulture, $", bytes per {unit} at 1 MB / at 100 KB = {m:N2}");
        }

        return new GrowthTable(name, unit, points, ratio, memoryRatio, linear, detail.ToString());
    }

    public static string Us(double ns) => ns >= 1_000_000
        ? string.Create(CultureInfo.InvariantCulture, $"{ns / 1_000_000:N2} ms")
        : ns >= 1_000 ? string.Create(CultureInfo.InvariantCulture, $"{ns / 1_000:N1} us") : string.Create(CultureInfo.InvariantCulture, $"{ns:N1} ns");
}
