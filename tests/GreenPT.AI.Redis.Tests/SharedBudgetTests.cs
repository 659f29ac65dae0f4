using System.Diagnostics;
using GreenPT.AI.Tests.Accounting.Ledger;
using StackExchange.Redis;

namespace GreenPT.AI.Redis.Tests;

/// <summary>
/// Several instances of an app sharing one Redis: independent connections and trackers in this process, and separate processes.
/// </summary>
public sealed class SharedBudgetTests(RedisServer server) : IClassFixture<RedisServer>
{
    private const long CallMicrojoules = 526_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GreenPTCarbonBudget Budget(int room, bool reserve) => new()
    {
        EnergyLimit = new(room * CallMicrojoules / 1000.0, "Wms"),
        ReserveBeforeSending = reserve,
        CallCeiling = reserve ? new GreenPTImpact { Energy = new(CallMicrojoules / 1000.0, "Wms") } : null,
    };

    private async Task<(ConnectionMultiplexer[] Connections, GreenPTImpactTracker[] Trackers)> InstancesAsync(int count, string scope, GreenPTCarbonBudget budget)
    {
        var connections = new ConnectionMultiplexer[count];
        var trackers = new GreenPTImpactTracker[count];
        for (int i = 0; i < count; i++)
        {
            connections[i] = await server.ConnectAsync();
            trackers[i] = new GreenPTImpactTracker(scope) { Ledger = new GreenPTRedisImpactLedger(connections[i]), Budget = budget };
        }

        return (connections, trackers);
    }

    [Fact]
    public async Task ConcurrentCalls_FromFourInstancesOverRedis_SendAtMostTheRoom_WithReservations_AndAllWithout()
    {
        const int Calls = 200, Room = 10;
        string without = "without-" + Guid.NewGuid().ToString("N");
        string with = "with-" + Guid.NewGuid().ToString("N");
        (ConnectionMultiplexer[] c1, GreenPTImpactTracker[] plain) = await InstancesAsync(4, without, Budget(Room, reserve: false));
        (ConnectionMultiplexer[] c2, GreenPTImpactTracker[] reserving) = await InstancesAsync(4, with, Budget(Room, reserve: true));
        try
        {
            ConcurrentCalls.Outcome a = await ConcurrentCalls.RunAsync(plain, Calls, CallMicrojoules, Ct);
            ConcurrentCalls.Outcome b = await ConcurrentCalls.RunAsync(reserving, Calls, CallMicrojoules, Ct);

            TestContext.Current.TestOutputHelper?.WriteLine(a.Describe("Redis, 4 connections, without reservations", Room));
            TestContext.Current.TestOutputHelper?.WriteLine(b.Describe("Redis, 4 connections, with reservations (call ceiling)", Room));
            Assert.Equal(Calls, a.Sent);
            Assert.Equal(Room, b.Sent);
            Assert.Equal(Room, (await reserving[3].GetTotalsAsync(GreenPTBudgetWindow.AllTime, Ct)).Calls);
            Assert.Equal(Calls - Room, (await reserving[0].GetTotalsAsync(GreenPTBudgetWindow.UtcDay, Ct)).RefusedCalls);
            Assert.Equal(Calls * CallMicrojoules / 1e6, (await plain[1].GetTotalsAsync(GreenPTBudgetWindow.LastMinutes(5), Ct)).Impact.EnergyInJoules!.Value, 9);
        }
        finally
        {
            foreach (ConnectionMultiplexer c in c1.Concat(c2))
            {
                await c.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ConcurrentCalls_FromThreeSeparateProcesses_SendExactlyTheRoom_AndRedisHoldsTheirSum()
    {
        const int CallsPerProcess = 40, Room = 25;
        string scope = "procs-" + Guid.NewGuid().ToString("N");
        string client = Path.Combine(AppContext.BaseDirectory, "GreenPT.AI.Redis.TestClient.dll");
        Assert.True(File.Exists(client), "the separate-process client was not built beside the tests: " + client);

        Process[] processes = Enumerable.Range(0, 3).Select(_ =>
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (string arg in new[] { client, server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), scope, CallsPerProcess.ToString(System.Globalization.CultureInfo.InvariantCulture), Room.ToString(System.Globalization.CultureInfo.InvariantCulture), CallMicrojoules.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(arg);
            }

            return Process.Start(start)!;
        }).ToArray();
        string[] outputs = new string[3];
        try
        {
            foreach (Process p in processes)
            {
                // Each says "ready" once connected; then all are told "go" together, so their calls overlap.
                string? line = await p.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(60), Ct);
                if (line != "ready")
                {
                    p.Kill(entireProcessTree: true);
                    Assert.Fail($"a client process said '{line}' instead of 'ready': {await p.StandardError.ReadToEndAsync(Ct)}");
                }
            }

            foreach (Process p in processes)
            {
                await p.StandardInput.WriteLineAsync("go");
                await p.StandardInput.FlushAsync(Ct);
            }

            for (int i = 0; i < 3; i++)
            {
                Task<string> stdout = processes[i].StandardOutput.ReadToEndAsync(Ct);
                Task<string> stderr = processes[i].StandardError.ReadToEndAsync(Ct);
                await processes[i].WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(90), Ct);
                outputs[i] = (await stdout).Trim();
                Assert.True(processes[i].ExitCode == 0, $"process {i} exited with {processes[i].ExitCode}: {outputs[i]} {await stderr}");
            }
        }
        finally
        {
            foreach (Process p in processes)
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                }

                p.Dispose();
            }
        }

        int[] sent = outputs.Select(o => int.Parse(o.Split(' ')[0]["sent=".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine($"3 processes x {CallsPerProcess} calls, room for {Room}: sent per process [{string.Join(", ", sent)}] ({string.Join("; ", outputs)})");
        Assert.Equal(Room, sent.Sum());
        await using ConnectionMultiplexer redis = await server.ConnectAsync();
        using var ledger = new GreenPTRedisImpactLedger(redis);
        GreenPTLedgerReading reading = await ledger.ReadAsync(scope, GreenPTBudgetWindow.AllTime, DateTimeOffset.UtcNow, Ct);
        Assert.Equal(Room, reading.Total.Calls);
        Assert.Equal(Room * CallMicrojoules, reading.Total.EnergyMicrojoules);
        Assert.Equal(3 * CallsPerProcess - Room, reading.Total.RefusedCalls);
        Assert.Equal(0, reading.Reserved.EnergyMicrojoules);
    }
}
