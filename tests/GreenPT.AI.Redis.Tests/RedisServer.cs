using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace GreenPT.AI.Redis.Tests;

/// <summary>
/// A real <c>redis-server</c> (Debian's package, installed by scripts/install-test-dependencies.sh) on a free loopback port, in a
/// temporary directory: <c>--bind 127.0.0.1 --save "" --appendonly no</c>, or with an fsync'd append-only file for the restart tests.
/// Started when created, stopped and its directory deleted when disposed. Fails with a clear message if redis-server is missing.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(20);
    private readonly bool _appendOnly;
    private Process? _process;

    public RedisServer()
        : this(appendOnly: false)
    {
    }

    private RedisServer(bool appendOnly)
    {
        _appendOnly = appendOnly;
        Port = FreePort();
        Directory = Path.Combine(Path.GetTempPath(), "greenpt-redis-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>A server that fsyncs every write to an append-only file, so a kill loses nothing acknowledged (not yet started).</summary>
    public static RedisServer WithAppendOnlyFile() => new(appendOnly: true);

    public int Port { get; }

    public string Directory { get; }

    /// <summary>A connection string for StackExchange.Redis: background (re)connection, failing fast while disconnected, short time limits.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=3000,asyncTimeout=3000,connectRetry=1";

    public static string Executable()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/bin").Append("/usr/sbin"))
        {
            string candidate = Path.Combine(dir, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "redis-server is not installed: the Redis ledger tests need a real Redis (Debian package redis-server). " +
            "Run scripts/install-test-dependencies.sh (./test.sh does) or apt-get install redis-server.");
    }

    public async ValueTask InitializeAsync() => await StartAsync();

    /// <summary>Starts (or restarts, on the same port and directory) the server and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        foreach (string arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--dir", Directory })
        {
            start.ArgumentList.Add(arg);
        }

        if (_appendOnly)
        {
            foreach (string arg in new[] { "--appendonly", "yes", "--appendfsync", "always" })
            {
                start.ArgumentList.Add(arg);
            }
        }
        else
        {
            start.ArgumentList.Add("--appendonly");
            start.ArgumentList.Add("no");
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Process process = new() { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("redis-server exited before it was ready:\n" + string.Join("\n", output)));
                return;
            }

            output.Enqueue(e.Data);
            if (e.Data.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await ready.Task.WaitAsync(StartBound);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"redis-server did not say it was ready within {StartBound}:\n" + string.Join("\n", output));
        }
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would, and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(StartBound);
        }

        _process?.Dispose();
        _process = null;
    }

    public async Task<ConnectionMultiplexer> ConnectAsync()
    {
        ConfigurationOptions options = ConfigurationOptions.Parse(Configuration);
        options.BacklogPolicy = BacklogPolicy.FailFast;
        ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(options);
        if (!redis.IsConnected)
        {
            await redis.DisposeAsync();
            throw new InvalidOperationException($"Could not connect to the test redis-server on 127.0.0.1:{Port}.");
        }

        return redis;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temporary-file cleaning.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
