using System.Diagnostics;
using System.Globalization;

namespace GreenPT.AI.Benchmarks;

/// <summary>Time ratios measured in interleaved rounds: ours, the SDK and raw back to back, many times.</summary>
/// <param name="SdkOverOurs">Median over rounds of the SDK's time divided by ours (how many times faster we are).</param>
/// <param name="OursOverRaw">Median over rounds of our time divided by the raw lower bound's.</param>
public sealed record PairedRatios(string Workload, int Rounds, double SdkOverOurs, double OursOverRaw, double OursNs, double SdkNs, double RawNs);

/// <summary>
/// A cross-check of BenchmarkDotNet's time ratios that resists a noisy machine: BenchmarkDotNet measures one benchmark
/// after the other, so a burst of load elsewhere can land on one contender only. Here every round times all three
/// contenders back to back (in rotating order) for about 20 ms each, and the ratio is taken per round, then the median.
/// Informational: PASS/MISS comes from BenchmarkDotNet.
/// </summary>
public static class PairedCheck
{
    private const int Rounds = 15;
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(20);

    public static async Task<IReadOnlyList<PairedRatios>> RunAsync(TextWriter log)
    {
        var results = new List<PairedRatios>();

        byte[] stream = Payloads.Stream(StreamScenario.Content);
        using (var contenders = new Contenders(() => InMemoryHandler.Fixed(stream, "text/event-stream")))
        {
            results.Add(await MeasureAsync("(1) Streaming, 1,000 chunks", contender => contenders.StreamAsync(contender, readReasoning: false), log));
        }

        byte[] response = Payloads.CompletionResponse();
        using (var contenders = new Contenders(() => InMemoryHandler.Fixed(response, "application/json")))
        {
            results.Add(await MeasureAsync("(3) Non-streaming", contenders.CompleteAsync, log));
        }

        return results;
    }

    private static async Task<PairedRatios> MeasureAsync<T>(string workload, Func<Contender, Task<T>> run, TextWriter log)
    {
        Contender[] contenders = Enum.GetValues<Contender>();

        // Warm-up long enough for tiered compilation to finish, and a first estimate of each operation's time.
        var perOp = new Dictionary<Contender, double>();
        foreach (Contender contender in contenders)
        {
            var warmup = Stopwatch.StartNew();
            int ops = 0;
            while (warmup.Elapsed < TimeSpan.FromSeconds(2.5))
            {
                await run(contender);
                ops++;
            }

            perOp[contender] = warmup.Elapsed.TotalMilliseconds / ops;
        }

        var times = contenders.ToDictionary(c => c, _ => new List<double>());
        var sdkOverOurs = new List<double>();
        var oursOverRaw = new List<double>();
        for (int round = 0; round < Rounds; round++)
        {
            var roundTimes = new Dictionary<Contender, double>();
            for (int i = 0; i < contenders.Length; i++)
            {
                Contender contender = contenders[(round + i) % contenders.Length];
                int ops = Math.Max(1, (int)(Slice.TotalMilliseconds / perOp[contender]));
                long start = Stopwatch.GetTimestamp();
                for (int op = 0; op < ops; op++)
                {
                    await run(contender);
                }

                roundTimes[contender] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / ops;
                times[contender].Add(roundTimes[contender]);
            }

            sdkOverOurs.Add(roundTimes[Contender.OpenAISdk] / roundTimes[Contender.GreenPT]);
            oursOverRaw.Add(roundTimes[Contender.GreenPT] / roundTimes[Contender.RawLowerBound]);
        }

        var result = new PairedRatios(workload, Rounds, Median(sdkOverOurs), Median(oursOverRaw),
            Median(times[Contender.GreenPT]), Median(times[Contender.OpenAISdk]), Median(times[Contender.RawLowerBound]));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {workload}: ours {result.SdkOverOurs:N2}x faster than the SDK, {result.OursOverRaw:N2}x the raw time " +
            $"(medians of {Rounds} rounds; ours {Us(result.OursNs)}, SDK {Us(result.SdkNs)}, raw {Us(result.RawNs)} per operation)"));
        return result;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static string Us(double ns) => string.Create(CultureInfo.InvariantCulture, $"{ns / 1000:N1} us");
}
