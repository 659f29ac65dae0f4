using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GreenPT.AI.Benchmarks;

/// <summary>One contender's latency over real loopback sockets (medians, in microseconds).</summary>
/// <param name="FirstTokenUs">From the call to the first update, minus the server's own time between the request's arrival and its first flush.</param>
/// <param name="PerTokenUs">From the server's flush of a token's event to the update reaching the consumer.</param>
public sealed record LatencyResult(Contender Contender, double FirstTokenUs, double PerTokenUs, int Streams, int Tokens);

/// <summary>
/// The client's added latency over real sockets: a minimal Kestrel server on 127.0.0.1 streams one token at a time and sends
/// the next only when the consumer has seen the previous one (ping-pong), so each token's latency is measured alone, not
/// hidden in a batch. The server stamps each flush, the consumer each update, on the same clock.
/// </summary>
public static class LoopbackLatency
{
    private const int Tokens = 40;
    private const int Rounds = 12;
    private static readonly TimeSpan GateLimit = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyList<LatencyResult>> RunAsync(TextWriter log)
    {
        byte[][] events = Enumerable.Range(0, Tokens).Select(Payloads.ContentEvent).ToArray();
        byte[] tail = Payloads.ContentStreamTail(Tokens);
        Run? current = null;

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using WebApplication app = builder.Build();
        app.Run(async context =>
        {
            Run run = current ?? throw new InvalidOperationException("No run is open.");
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            run.Arrived = Stopwatch.GetTimestamp();
            context.Response.ContentType = "text/event-stream";
            await context.Response.StartAsync(context.RequestAborted);
            for (int i = 0; i < Tokens; i++)
            {
                await context.Response.Body.WriteAsync(events[i], context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                run.Sent[i] = Stopwatch.GetTimestamp();
                if (!await run.Gate.WaitAsync(GateLimit, context.RequestAborted))
                {
                    throw new TimeoutException($"The consumer did not see token {i} within {GateLimit.TotalSeconds} s.");
                }
            }

            await context.Response.Body.WriteAsync(tail, context.RequestAborted);
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var endpoint = new Uri($"{address.TrimEnd('/')}/v1/");

        using var contenders = new Contenders(() => new SocketsHttpHandler(), endpoint);
        var firstToken = Enum.GetValues<Contender>().ToDictionary(c => c, _ => new List<double>());
        var perToken = Enum.GetValues<Contender>().ToDictionary(c => c, _ => new List<double>());
        Contender[] order = Enum.GetValues<Contender>();
        for (int round = -3; round < Rounds; round++) // three warm-up rounds (connections, JIT)
        {
            for (int i = 0; i < order.Length; i++)
            {
                Contender contender = order[(Math.Max(round, 0) + i) % order.Length];
                var run = new Run();
                current = run;
                long start = Stopwatch.GetTimestamp();
                StreamResult result = await contenders.StreamAsync(contender, readReasoning: false, onUpdate: n =>
                {
                    run.Received[n - 1] = Stopwatch.GetTimestamp();
                    run.Gate.Release();
                });
                if (result.Updates != Tokens)
                {
                    throw new InvalidOperationException($"{contender} saw {result.Updates} of {Tokens} tokens over loopback.");
                }

                if (round < 0)
                {
                    continue;
                }

                firstToken[contender].Add(Us((run.Received[0] - start) - (run.Sent[0] - run.Arrived)));
                for (int t = 1; t < Tokens; t++)
                {
                    perToken[contender].Add(Us(run.Received[t] - run.Sent[t]));
                }
            }
        }

        await app.StopAsync();
        var results = order.Select(c => new LatencyResult(c, Median(firstToken[c]), Median(perToken[c]), Rounds, Tokens)).ToList();
        foreach (LatencyResult r in results)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Contender,-14} first token {r.FirstTokenUs,7:N1} us, per token {r.PerTokenUs,6:N1} us (medians of {Rounds} streams x {Tokens} tokens)"));
        }

        return results;
    }

    private static double Us(long ticks) => ticks * 1e6 / Stopwatch.Frequency;

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed class Run
    {
        public long Arrived { get; set; }

        public long[] Sent { get; } = new long[Tokens];

        public long[] Received { get; } = new long[Tokens];

        public SemaphoreSlim Gate { get; } = new(0);
    }
}
