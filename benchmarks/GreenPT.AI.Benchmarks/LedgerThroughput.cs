using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GreenPT.AI.Redis;
using Microsoft.Extensions.AI;
using StackExchange.Redis;

namespace GreenPT.AI.Benchmarks;

/// <summary>
/// Calls per second through <see cref="GreenPTImpactTrackingChatClient"/> with the in-memory ledger and with the Redis ledger (a
/// redis-server started here on a free loopback port), recording only and with reservations; the inner client answers at once, so
/// the figure is the accounting's own cost. Run with <c>-- --ledgers</c>.
/// </summary>
internal static class LedgerThroughput
{
    private const int Concurrency = 32;
    private const int Warmup = 2_000;
    private const int Calls = 20_000;

    public static async Task<int> RunAsync(TextWriter output)
    {
        string? redisServer = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        if (redisServer is null)
        {
            output.WriteLine("redis-server is not installed (scripts/install-test-dependencies.sh installs it): cannot measure the Redis ledger.");
            return 1;
        }

        int port = FreePort();
        string dir = Path.Combine(Path.GetTempPath(), "greenpt-bench-redis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var start = new ProcessStartInfo(redisServer) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--dir", dir })
        {
            start.ArgumentList.Add(arg);
        }

        using Process server = Process.Start(start)!;
        try
        {
            while (await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)) is { } line && !line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
            }

            await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=false");
            using var redisLedger = new GreenPTRedisImpactLedger(redis);
            output.WriteLine($"Ledger throughput: {Calls:N0} calls, {Concurrency} at a time, through GreenPTImpactTrackingChatClient over an inner client that answers at once");
            output.WriteLine($"(redis-server {server.Id} on 127.0.0.1:{port}, one connection; {Environment.ProcessorCount} cores; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
            output.WriteLine();
            output.WriteLine("| ledger | budget | calls/s | µs per call |");
            output.WriteLine("|---|---|---:|---:|");
            foreach ((string name, Func<GreenPTImpactLedger> ledger) in new (string, Func<GreenPTImpactLedger>)[] { ("in-memory", () => new GreenPTInMemoryImpactLedger()), ("Redis (loopback)", () => redisLedger) })
            {
                foreach ((string budgetName, GreenPTCarbonBudget? budget) in new (string, GreenPTCarbonBudget?)[]
                {
                    ("none (record only)", null),
                    ("checked before each call", new GreenPTCarbonBudget { EnergyLimit = new(1e9, "Wh"), Window = GreenPTBudgetWindow.UtcDay }),
                    ("reserve and settle", new GreenPTCarbonBudget { EnergyLimit = new(1e9, "Wh"), Window = GreenPTBudgetWindow.UtcDay, ReserveBeforeSending = true, CallCeiling = new GreenPTImpact { Energy = new(526, "Wms") } }),
                })
                {
                    var tracker = new GreenPTImpactTracker("bench-" + Guid.NewGuid().ToString("N")) { Ledger = ledger(), Budget = budget };
                    using var client = new GreenPTImpactTrackingChatClient(new InstantClient(), tracker);
                    await RunCallsAsync(client, Warmup);
                    var clock = Stopwatch.StartNew();
                    await RunCallsAsync(client, Calls);
                    clock.Stop();
                    if (tracker.Total.Calls != Warmup + Calls)
                    {
                        output.WriteLine($"{name}: {tracker.Total.Calls} calls recorded, {Warmup + Calls} expected");
                        return 1;
                    }

                    double perSecond = Calls / clock.Elapsed.TotalSeconds;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {budgetName} | {perSecond:N0} | {1e6 / perSecond:N1} |"));
                }
            }

            return 0;
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task RunCallsAsync(IChatClient client, int calls)
    {
        int next = -1;
        var options = new ChatOptions { ModelId = "gemma4" };
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < calls)
            {
                await client.GetResponseAsync("Hi", options);
            }
        })));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class InstantClient : IChatClient
    {
        private static readonly GreenPTImpact Impact = new() { InferenceTime = new(850, "ms"), Energy = new(526, "Wms"), Emissions = new(47, "ugCO2e") };

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
            {
                ModelId = "gemma4",
                Usage = new UsageDetails { InputTokenCount = 12, OutputTokenCount = 30 },
                AdditionalProperties = new() { [GreenPTPropertyNames.Impact] = Impact },
            });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
