using System.Collections.Concurrent;
using GreenPT.AI.Emulator;
using Microsoft.Extensions.Logging;

namespace GreenPT.AI.IntegrationTests.Infrastructure;

/// <summary>
/// One in-process emulator (on 127.0.0.1) and the clients a test creates against it, all released on dispose.
/// Every client is made with <see cref="ApiKey"/>, a distinctive fake key that must never show up in an exception,
/// a log line or a <c>ToString()</c>. Clients log everything they can (Trace, with message contents) into <see cref="ClientLogs"/>;
/// those lines and the emulator's are checked for the key when the harness is disposed.
/// </summary>
internal sealed class Harness : IAsyncDisposable
{
    /// <summary>A fake, distinctive API key: tests assert it never leaks.</summary>
    public const string ApiKey = "sk-itest-SECRET-4f9a2c7e1b3d8a60";

    private readonly List<IDisposable> _owned = [];
    private int _clientSends;

    private Harness(GreenPTEmulator emulator, CapturingLoggerProvider logs)
    {
        Emulator = emulator;
        Logs = logs;
        _clientLoggerFactory = new CapturingLoggerFactory(ClientLogs);
    }

    private readonly CapturingLoggerFactory _clientLoggerFactory;

    public GreenPTEmulator Emulator { get; }

    /// <summary>Every line the emulator (and Kestrel) logged.</summary>
    public CapturingLoggerProvider Logs { get; }

    /// <summary>Every line the clients created by this harness logged.</summary>
    public CapturingLoggerProvider ClientLogs { get; } = new();

    /// <summary>How many HTTP requests the clients created by this harness sent (counted client-side, retries included).</summary>
    public int ClientSends => Volatile.Read(ref _clientSends);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts an emulator that accepts only <see cref="ApiKey"/> and logs into <see cref="Logs"/>.</summary>
    public static async Task<Harness> StartAsync(Action<GreenPTEmulatorOptions>? configure = null)
    {
        var logs = new CapturingLoggerProvider();
        var options = new GreenPTEmulatorOptions { ApiKey = ApiKey, LoggerProvider = logs };
        configure?.Invoke(options);
        GreenPTEmulator emulator = await GreenPTEmulator.StartAsync(options, Ct).WaitAsync(Bounded.Default, Ct);
        return new Harness(emulator, logs);
    }

    /// <summary>
    /// Creates a client for the emulator with <see cref="ApiKey"/>, quick retries (10 ms) and, when given, an
    /// <c>X-Emulator-Fault</c> header on every request. The client sends through an <see cref="HttpClient"/> owned by the harness.
    /// </summary>
    /// <param name="configure">Changes to the client options (after the defaults above).</param>
    /// <param name="fault">An <c>X-Emulator-Fault</c> header value for every request, or <see langword="null"/>.</param>
    /// <param name="maxConnections">Caps the connection pool, to prove that a connection is given back.</param>
    public GreenPTChatClient CreateClient(Action<GreenPTClientOptions>? configure = null, string? fault = null, int? maxConnections = null)
    {
        GreenPTClientOptions options = DefaultOptions();
        configure?.Invoke(options);

        var sockets = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (maxConnections is int max)
        {
            sockets.MaxConnectionsPerServer = max;
        }

        var http = new HttpClient(new CountingHandler(this, sockets)) { Timeout = Timeout.InfiniteTimeSpan };
        if (fault is not null)
        {
            http.DefaultRequestHeaders.Add(EmulatorFault.HeaderName, fault);
        }

        _owned.Add(http);
        return Track(new GreenPTChatClient(options, http, _clientLoggerFactory), options);
    }

    /// <summary>The loggers of the clients a test makes itself (the typed clients); their lines join <see cref="ClientLogs"/>.</summary>
    public ILoggerFactory ClientLoggerFactory => _clientLoggerFactory;

    /// <summary>The default client options for this emulator (<see cref="ApiKey"/>, quick retries), changed by <paramref name="configure"/>.</summary>
    public GreenPTClientOptions ClientOptions(Action<GreenPTClientOptions>? configure = null)
    {
        GreenPTClientOptions options = DefaultOptions();
        configure?.Invoke(options);
        return options;
    }

    /// <summary>An <see cref="HttpClient"/> owned by the harness that counts its sends and, when given, sends an <c>X-Emulator-Fault</c> header.</summary>
    public HttpClient CreateHttpClient(string? fault = null)
    {
        var http = new HttpClient(new CountingHandler(this, new SocketsHttpHandler())) { Timeout = Timeout.InfiniteTimeSpan };
        if (fault is not null)
        {
            http.DefaultRequestHeaders.Add(EmulatorFault.HeaderName, fault);
        }

        _owned.Add(http);
        return http;
    }

    /// <summary>Disposes <paramref name="client"/> with the harness and checks its <c>ToString()</c> for the key.</summary>
    public T Own<T>(T client)
        where T : IDisposable
    {
        _owned.Add(client);
        Secrets.AssertClean(client.ToString() ?? string.Empty, typeof(T).Name + ".ToString()");
        return client;
    }

    /// <summary>Creates a client that makes and owns its own <see cref="HttpClient"/>, as an application would.</summary>
    public GreenPTChatClient CreateSelfContainedClient(Action<GreenPTClientOptions>? configure = null)
    {
        GreenPTClientOptions options = DefaultOptions();
        configure?.Invoke(options);
        return Track(new GreenPTChatClient(options, httpClient: null, _clientLoggerFactory), options);
    }

    public async ValueTask DisposeAsync()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _owned.Clear();
        await Emulator.DisposeAsync().AsTask().WaitAsync(Bounded.Default, CancellationToken.None);
        foreach (string line in Logs.Lines)
        {
            Secrets.AssertClean(line, "an emulator log line");
        }

        foreach (string line in ClientLogs.Lines)
        {
            Secrets.AssertClean(line, "a client log line");
        }
    }

    private GreenPTClientOptions DefaultOptions() => new()
    {
        ApiKey = ApiKey,
        Endpoint = Emulator.BaseAddress,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromSeconds(1),
        LogMessageContents = true,
    };

    private GreenPTChatClient Track(GreenPTChatClient client, GreenPTClientOptions options)
    {
        _owned.Add(client);
        Secrets.AssertClean(client.ToString(), "GreenPTChatClient.ToString()");
        Secrets.AssertClean(options.ToString(), "GreenPTClientOptions.ToString()");
        Secrets.AssertClean(client.GetService(typeof(GreenPTClientOptions))?.ToString() ?? string.Empty, "the client's options ToString()");
        return client;
    }

    private sealed class CountingHandler(Harness owner, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref owner._clientSends);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Hands out loggers that write into a <see cref="CapturingLoggerProvider"/>.</summary>
internal sealed class CapturingLoggerFactory(CapturingLoggerProvider provider) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}

/// <summary>Collects every log line (with its exception), at every level.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(Lines, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
