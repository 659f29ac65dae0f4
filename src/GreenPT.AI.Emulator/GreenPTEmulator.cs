using GreenPT.AI.Emulator.Internal.Dispatch;
using GreenPT.AI.Emulator.Internal.Faults;
using GreenPT.AI.Emulator.Internal.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GreenPT.AI.Emulator;

/// <summary>
/// A local, deterministic emulator of the GreenPT inference API (<c>/v1/chat/completions</c> with JSON and SSE,
/// <c>/v1/embeddings</c>, <c>/v1/models</c>, <c>/v1/rerank</c>, <c>/v1/tools/websearch</c>, <c>/v1/tools/search/web</c>, <c>/v1/listen</c>) running on Kestrel. Answers, usage and impact figures are simulated.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await GreenPTEmulator.StartAsync(new GreenPTEmulatorOptions { ApiKey = "test-key" });
/// using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
/// http.DefaultRequestHeaders.Authorization = new("Bearer", "test-key");
/// var response = await http.PostAsync("chat/completions", new StringContent(
///     """{"model":"green-l","messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json"));
/// </code>
/// </example>
public sealed class GreenPTEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly RequestRecorder _recorder = new();
    private readonly FaultSchedule _faults = new();
    private int _disposed;

    private GreenPTEmulator(WebApplication app, GreenPTEmulatorOptions options)
    {
        _app = app;
        Options = options;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GreenPT.AI.Emulator");
        var router = new Router(options, _recorder, _faults);
        var handler = new RequestHandler(options, router, _recorder, logger, _shutdown.Token);
        app.UseWebSockets(); // the live /v1/listen protocol
        app.Run(handler.HandleAsync);
    }

    /// <summary>The API root, <c>http://127.0.0.1:{port}/v1/</c> (with a trailing slash, so relative paths such as <c>chat/completions</c> resolve under it).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/v1/");

    /// <summary>The options this emulator runs with. Changes apply to requests that arrive afterwards (logging settings excepted).</summary>
    public GreenPTEmulatorOptions Options { get; }

    /// <summary>The number of requests that reached any <c>/v1</c> endpoint, including rejected and faulted ones. Thread-safe.</summary>
    public int RequestCount => _recorder.Count;

    /// <summary>A snapshot of the raw JSON bodies received on <c>/v1/chat/completions</c>, in arrival order (including rejected requests). Thread-safe.</summary>
    public IReadOnlyList<string> ChatRequests => [.. _recorder.Chat().Select(r => r.Body)];

    /// <summary>A snapshot of the requests (body and headers) received on <c>/v1/chat/completions</c>, in arrival order. Thread-safe.</summary>
    public IReadOnlyList<RecordedRequest> ChatRequestDetails => _recorder.Chat();

    /// <summary>A snapshot of the requests (body and headers) received on <c>/v1/embeddings</c>, in arrival order. Thread-safe.</summary>
    public IReadOnlyList<RecordedRequest> EmbeddingRequests => _recorder.Embeddings();

    /// <summary>A snapshot of the requests (body and headers) received on <c>/v1/rerank</c>, in arrival order. Thread-safe.</summary>
    public IReadOnlyList<RecordedRequest> RerankRequests => _recorder.Of(Endpoint.Rerank);

    /// <summary>A snapshot of the requests received on <c>/v1/tools/websearch</c> and <c>/v1/tools/search/web</c>, in arrival order per endpoint (LLM-ready first). Thread-safe.</summary>
    public IReadOnlyList<RecordedRequest> SearchRequests => [.. _recorder.Of(Endpoint.WebSearch), .. _recorder.Of(Endpoint.LinkSearch)];

    /// <summary>
    /// A snapshot of the requests received on <c>/v1/listen</c>, in arrival order. Their <see cref="RecordedRequest.Body"/> is the query
    /// string (the options); the audio's length is in the <c>Content-Length</c> header. Thread-safe.
    /// </summary>
    public IReadOnlyList<RecordedRequest> ListenRequests => _recorder.Of(Endpoint.Listen);

    /// <summary>
    /// Queues a fault for the next authenticated chat/embeddings/rerank/search/listen request(s) that carry no <c>X-Emulator-Fault</c> header
    /// (a header fault takes precedence and leaves the queue alone). The fault applies to the next
    /// <see cref="EmulatorFault.Times"/> such requests (1 when not set); <see cref="EmulatorFault.Key"/> is ignored here.
    /// Queued faults are used in order.
    /// </summary>
    /// <param name="fault">The fault to queue.</param>
    /// <exception cref="ArgumentException"><see cref="EmulatorFault.Corruption"/> does not go with <see cref="EmulatorFault.Kind"/>.</exception>
    public void EnqueueFault(EmulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (FaultGrammar.CheckCombination(fault) is { } mismatch)
        {
            throw new ArgumentException(mismatch, nameof(fault));
        }

        _faults.Enqueue(fault);
    }

    /// <summary>
    /// A snapshot of the faults still queued by <see cref="EnqueueFault"/>, in the order they will be used. In each entry
    /// <see cref="EmulatorFault.Times"/> is the number of requests that fault will still apply to (so a fault queued with
    /// <c>Times = 3</c> shows 3, then 2, then 1, then is gone). Thread-safe.
    /// </summary>
    public IReadOnlyList<EmulatorFault> QueuedFaults => _faults.Queued();

    /// <summary>
    /// Removes every queued fault and resets the <c>times=</c> counters of header faults, so that the next fault probe on
    /// this emulator starts clean. A request already being answered keeps the fault it took. Thread-safe.
    /// </summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>
    /// Forgets the recorded requests (<see cref="ChatRequests"/>, <see cref="ChatRequestDetails"/>,
    /// <see cref="EmbeddingRequests"/>) and sets <see cref="RequestCount"/> back to 0. Thread-safe.
    /// </summary>
    public void ClearRecordedRequests() => _recorder.Clear();

    /// <summary>
    /// Starts an emulator on a free loopback port (<c>http://127.0.0.1:0</c>; it never listens on any other interface).
    /// </summary>
    /// <param name="options">Settings; <see langword="null"/> for the defaults (any bearer key accepted, no delay, silent).</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    public static Task<GreenPTEmulator> StartAsync(GreenPTEmulatorOptions? options = null, CancellationToken cancellationToken = default)
        => StartCoreAsync(options ?? new GreenPTEmulatorOptions(), urls: null, cancellationToken);

    internal static async Task<GreenPTEmulator> StartCoreAsync(GreenPTEmulatorOptions options, string? urls, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DefaultEmbeddingDimensions, 32, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.DefaultEmbeddingDimensions, 2560, nameof(options));

        var emulator = new GreenPTEmulator(EmulatorHost.Build(options, urls), options);
        await EmulatorHost.StartAsync(emulator._app, cancellationToken).ConfigureAwait(false);
        emulator.BaseAddress = EmulatorHost.BaseAddressOf(emulator._app);
        return emulator;
    }

    /// <summary>Stops the emulator: in-flight streams and stalled requests are ended, then Kestrel shuts down.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        await EmulatorHost.StopAsync(_app).ConfigureAwait(false);
        _shutdown.Dispose();
    }
}
