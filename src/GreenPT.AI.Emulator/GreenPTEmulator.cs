using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GreenPT.AI.Emulator.Internal;
using GreenPT.AI.Emulator.Internal.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace GreenPT.AI.Emulator;

/// <summary>
/// A local, deterministic emulator of the GreenPT inference API (<c>/v1/chat/completions</c> with JSON and SSE,
/// <c>/v1/embeddings</c>, <c>/v1/models</c>) running on Kestrel. Answers, usage and impact figures are simulated.
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
public sealed partial class GreenPTEmulator : IAsyncDisposable
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] DoneEvent = "data: [DONE]\n\n"u8.ToArray();
    private static readonly byte[] ModelsBody = ResponseBuilders.Models();

    private const string ProxyHtml502 =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<RecordedRequest> _chatRequests = [];
    private readonly List<RecordedRequest> _embeddingRequests = [];
    private readonly Queue<QueuedFault> _faultQueue = new();
    private readonly ConcurrentDictionary<string, int> _faultCounters = new(StringComparer.Ordinal);
    private int _requestCount;
    private int _disposed;

    private sealed class QueuedFault(EmulatorFault fault)
    {
        public EmulatorFault Fault { get; } = fault;

        public int Remaining { get; set; } = fault.Times ?? 1;
    }

    private GreenPTEmulator(WebApplication app, GreenPTEmulatorOptions options)
    {
        _app = app;
        Options = options;
        _logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GreenPT.AI.Emulator");
        BaseAddress = new Uri("http://127.0.0.1/v1/");
    }

    /// <summary>The API root, <c>http://127.0.0.1:{port}/v1/</c> (with a trailing slash, so relative paths such as <c>chat/completions</c> resolve under it).</summary>
    public Uri BaseAddress { get; private set; }

    /// <summary>The options this emulator runs with. Changes apply to requests that arrive afterwards (logging settings excepted).</summary>
    public GreenPTEmulatorOptions Options { get; }

    /// <summary>The number of requests that reached any <c>/v1</c> endpoint, including rejected and faulted ones. Thread-safe.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>A snapshot of the raw JSON bodies received on <c>/v1/chat/completions</c>, in arrival order (including rejected requests). Thread-safe.</summary>
    public IReadOnlyList<string> ChatRequests
    {
        get
        {
            lock (_lock)
            {
                return _chatRequests.ConvertAll(r => r.Body);
            }
        }
    }

    /// <summary>A snapshot of the requests (body and headers) received on <c>/v1/chat/completions</c>, in arrival order. Thread-safe.</summary>
    public IReadOnlyList<RecordedRequest> ChatRequestDetails
    {
        get
        {
            lock (_lock)
            {
                return [.. _chatRequests];
            }
        }
    }

    /// <summary>A snapshot of the requests (body and headers) received on <c>/v1/embeddings</c>, in arrival order. Thread-safe.</summary>
    public IReadOnlyList<RecordedRequest> EmbeddingRequests
    {
        get
        {
            lock (_lock)
            {
                return [.. _embeddingRequests];
            }
        }
    }

    /// <summary>
    /// Queues a fault for the next authenticated chat/embeddings request(s) that carry no <c>X-Emulator-Fault</c> header
    /// (a header fault takes precedence and leaves the queue alone). The fault applies to the next
    /// <see cref="EmulatorFault.Times"/> such requests (1 when not set); <see cref="EmulatorFault.Key"/> is ignored here.
    /// Queued faults are used in order.
    /// </summary>
    /// <param name="fault">The fault to queue.</param>
    public void EnqueueFault(EmulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_lock)
        {
            _faultQueue.Enqueue(new QueuedFault(fault));
        }
    }

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

        var app = EmulatorHost.Build(options, urls);
        var emulator = new GreenPTEmulator(app, options);
        app.Run(emulator.HandleAsync);
        await EmulatorHost.StartAsync(app, cancellationToken).ConfigureAwait(false);
        emulator.BaseAddress = EmulatorHost.BaseAddressOf(app);
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

    private sealed class RequestState(string requestId)
    {
        public string RequestId { get; set; } = requestId;

        public string? Model { get; set; }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            var notFound = new ApiError(404, "not_found_error", "Not found. The GreenPT API lives under /v1.", null);
            await WriteJsonAsync(context, 404, notFound.ToJson("req_" + TextTokens.NewHex(16)), fault: null, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _requestCount);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _shutdown.Token);
        var ct = linked.Token;
        var state = new RequestState("req_" + TextTokens.NewHex(16));
        response.Headers["x-request-id"] = state.RequestId;
        response.Headers["x-credits-remaining"] = Options.CreditsRemaining;
        response.Headers["x-greenpt-emulator"] = "simulated";

        try
        {
            await DispatchAsync(context, state, ct).ConfigureAwait(false);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The client went away (nothing more to send) or the emulator is stopping (drop the connection, as a server going away would).
            if (_shutdown.IsCancellationRequested)
            {
                context.Abort();
            }
        }
        catch (Exception ex)
        {
            LogUnhandled(_logger, request.Method, request.Path.Value ?? string.Empty, ex);
            if (!response.HasStarted)
            {
                var error = new ApiError(500, "server_error", "The emulator failed to handle the request.", null);
                await WriteErrorAsync(context, error, state, ct: CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                context.Abort();
            }
        }

        LogRequest(_logger, request.Method, request.Path.Value ?? string.Empty, response.StatusCode, state.Model ?? "-");
    }

    private async Task DispatchAsync(HttpContext context, RequestState state, CancellationToken ct)
    {
        var request = context.Request;
        string path = request.Path.Value!.TrimEnd('/');
        bool isChat = string.Equals(path, "/v1/chat/completions", StringComparison.Ordinal);
        bool isEmbeddings = string.Equals(path, "/v1/embeddings", StringComparison.Ordinal);
        bool isModels = string.Equals(path, "/v1/models", StringComparison.Ordinal);

        string body = string.Empty;
        if ((isChat || isEmbeddings) && HttpMethods.IsPost(request.Method))
        {
            body = await ReadBodyAsync(request, ct).ConfigureAwait(false);
            var recorded = new RecordedRequest(request.Method, path, body, SnapshotHeaders(request.Headers));
            lock (_lock)
            {
                (isChat ? _chatRequests : _embeddingRequests).Add(recorded);
            }
        }

        if (!IsAuthorized(request, out string authMessage))
        {
            await WriteErrorAsync(context, new ApiError(401, "authentication_error", authMessage, null), state, ct).ConfigureAwait(false);
            return;
        }

        bool knownRoute = isChat || isEmbeddings || isModels;
        bool methodOk = isModels ? HttpMethods.IsGet(request.Method) : HttpMethods.IsPost(request.Method);

        // Faults: header first; the queue only serves chat/embeddings requests without a header.
        EmulatorFault? fault = null;
        var header = request.Headers[EmulatorFault.HeaderName];
        if (!StringValues.IsNullOrEmpty(header))
        {
            if (!EmulatorFault.TryParse(header.ToString(), out fault, out string? parseError))
            {
                await WriteErrorAsync(context, ApiError.BadRequest($"Invalid {EmulatorFault.HeaderName} header: {parseError}", EmulatorFault.HeaderName), state, ct).ConfigureAwait(false);
                return;
            }

            if (fault.Times is { } times)
            {
                string key = fault.Key ?? fault.Format(includeRequestId: false);
                int seen = _faultCounters.AddOrUpdate(key, 1, static (_, n) => n + 1);
                if (seen > times)
                {
                    fault = fault with { Kind = EmulatorFaultKind.None };
                }
            }
        }
        else if ((isChat || isEmbeddings) && methodOk)
        {
            fault = TakeQueuedFault();
        }

        if (fault is not null)
        {
            ApplyFaultHeaders(context.Response, fault, state);
            switch (fault.Kind)
            {
                case EmulatorFaultKind.Status:
                    string message = fault.Message
                        ?? $"Simulated {fault.StatusCode} {ReasonPhrases.GetReasonPhrase(fault.StatusCode)} (emulator fault).".Replace("  ", " ", StringComparison.Ordinal);
                    await WriteErrorAsync(context, new ApiError(fault.StatusCode, ApiError.TypeForStatus(fault.StatusCode), message, null), state, ct).ConfigureAwait(false);
                    return;
                case EmulatorFaultKind.Html502:
                    var response = context.Response;
                    response.StatusCode = 502;
                    response.ContentType = "text/html";
                    byte[] html = Encoding.UTF8.GetBytes(ProxyHtml502);
                    response.ContentLength = html.Length;
                    await response.Body.WriteAsync(html, ct).ConfigureAwait(false);
                    return;
                case EmulatorFaultKind.StallHeaders:
                    await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                    return;
                default:
                    break;
            }
        }

        if (!knownRoute)
        {
            var notFound = new ApiError(404, "not_found_error", $"Unknown endpoint: {request.Method} {path}.", null);
            await WriteErrorAsync(context, notFound, state, ct).ConfigureAwait(false);
            return;
        }

        if (!methodOk)
        {
            context.Response.Headers.Allow = isModels ? "GET" : "POST";
            var notAllowed = new ApiError(405, "invalid_request_error", $"Method {request.Method} is not allowed on {path}.", null);
            await WriteErrorAsync(context, notAllowed, state, ct).ConfigureAwait(false);
            return;
        }

        if (isModels)
        {
            await WriteJsonAsync(context, 200, ModelsBody, fault, ct, state).ConfigureAwait(false);
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException ex)
        {
            string detail = ex.Message.Split(" Path:", 2)[0];
            await WriteErrorAsync(context, ApiError.BadRequest($"Invalid JSON in the request body: {detail}", null), state, ct).ConfigureAwait(false);
            return;
        }

        if (isEmbeddings)
        {
            byte[]? result;
            ApiError? embeddingError;
            using (document)
            {
                result = ResponseBuilders.Embeddings(document.RootElement, Options.DefaultEmbeddingDimensions, out string? model, out embeddingError);
                state.Model = model;
            }

            if (embeddingError is not null)
            {
                await WriteErrorAsync(context, embeddingError, state, ct).ConfigureAwait(false);
                return;
            }

            await WriteJsonAsync(context, 200, result!, fault, ct, state).ConfigureAwait(false);
            return;
        }

        ChatPlan? plan;
        ApiError? error;
        using (document)
        {
            string reasoningField = string.IsNullOrEmpty(Options.ReasoningFieldName) ? "reasoning_content" : Options.ReasoningFieldName;
            plan = ChatPlanner.TryPlan(document.RootElement, Options.Script, reasoningField, out error);
        }

        if (plan is null)
        {
            await WriteErrorAsync(context, error!, state, ct).ConfigureAwait(false);
            return;
        }

        state.Model = plan.Model;
        string id = "cmpl-" + TextTokens.NewHex(24);
        long created = ResponseBuilders.UnixNow();
        if (plan.Stream)
        {
            await StreamAsync(context, plan, id, created, fault, state, ct).ConfigureAwait(false);
        }
        else
        {
            await WriteJsonAsync(context, 200, ResponseBuilders.Completion(plan, id, created), fault, ct, state).ConfigureAwait(false);
        }
    }

    private EmulatorFault? TakeQueuedFault()
    {
        lock (_lock)
        {
            if (!_faultQueue.TryPeek(out var next))
            {
                return null;
            }

            if (--next.Remaining <= 0)
            {
                _faultQueue.Dequeue();
            }

            return next.Fault;
        }
    }

    private static void ApplyFaultHeaders(HttpResponse response, EmulatorFault fault, RequestState state)
    {
        if (fault.Credits is { } credits)
        {
            response.Headers["x-credit-balance"] = credits;
            response.Headers["x-credits-remaining"] = credits;
        }

        if (fault.RequestId is { } requestId)
        {
            state.RequestId = requestId;
            response.Headers["x-request-id"] = requestId;
        }

        if (fault.RetryAfterSeconds is { } seconds && fault.Kind != EmulatorFaultKind.None)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private bool IsAuthorized(HttpRequest request, out string message)
    {
        string? value = request.Headers.Authorization;
        if (string.IsNullOrEmpty(value))
        {
            message = "Missing API key. Send it as 'Authorization: Bearer <key>'.";
            return false;
        }

        const string Scheme = "Bearer ";
        if (!value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || value.AsSpan(Scheme.Length).Trim().IsEmpty)
        {
            message = "Invalid Authorization header. Send the API key as 'Authorization: Bearer <key>'.";
            return false;
        }

        string key = value[Scheme.Length..].Trim();
        if (Options.ApiKey is { } expected
            && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(expected)))
        {
            message = "Invalid API key provided.";
            return false;
        }

        message = string.Empty;
        return true;
    }

    private static Dictionary<string, string> SnapshotHeaders(IHeaderDictionary headers)
    {
        var snapshot = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            if (string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                string raw = values.ToString();
                int space = raw.IndexOf(' ', StringComparison.Ordinal);
                snapshot[name] = (space > 0 ? raw[..space] + " " : string.Empty) + "***";
            }
            else
            {
                snapshot[name] = values.ToString();
            }
        }

        return snapshot;
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024, leaveOpen: true);
        return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
    }

    private static Task WriteErrorAsync(HttpContext context, ApiError error, RequestState state, CancellationToken ct)
        => WriteJsonAsync(context, error.Status, error.ToJson(state.RequestId), fault: null, ct);

    /// <summary>Writes a JSON body, applying the non-streaming variant of a mid-response fault.</summary>
    private static async Task WriteJsonAsync(HttpContext context, int status, byte[] body, EmulatorFault? fault, CancellationToken ct, RequestState? state = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        var kind = fault?.Kind ?? EmulatorFaultKind.None;
        switch (kind)
        {
            case EmulatorFaultKind.StallMidStream:
                await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), ct).ConfigureAwait(false);
                await response.Body.FlushAsync(ct).ConfigureAwait(false);
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                return;
            case EmulatorFaultKind.DropMidStream:
                await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), ct).ConfigureAwait(false);
                await response.Body.FlushAsync(ct).ConfigureAwait(false);
                await DropConnectionAsync(context, ct).ConfigureAwait(false);
                return;
            case EmulatorFaultKind.MalformedEvent:
                await response.Body.WriteAsync("{not json"u8.ToArray(), ct).ConfigureAwait(false);
                return;
            case EmulatorFaultKind.ErrorEvent:
                var error = new ApiError(500, "server_error", fault!.Message ?? "Simulated server error (emulator fault).", null);
                await response.Body.WriteAsync(error.ToJson(state?.RequestId ?? "req_" + TextTokens.NewHex(16)), ct).ConfigureAwait(false);
                return;
            case EmulatorFaultKind.Truncate:
                await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), ct).ConfigureAwait(false);
                return;
            default:
                response.ContentLength = body.Length;
                await response.Body.WriteAsync(body, ct).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>
    /// Aborts the connection after giving the transport a moment to put what was flushed on the wire
    /// (Kestrel discards output still queued in its transport pipe when a connection is aborted).
    /// </summary>
    private static async Task DropConnectionAsync(HttpContext context, CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(false);
        context.Abort();
    }

    private async Task StreamAsync(HttpContext context, ChatPlan plan, string id, long created, EmulatorFault? fault, RequestState state, CancellationToken ct)
    {
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(ct).ConfigureAwait(false);

        PipeWriter pipe = response.BodyWriter;
        using var json = new Utf8JsonWriter(pipe, JsonDefaults.WriterOptions);
        var units = plan.Units;
        int count = Math.Max(1, units.Count);
        var kind = fault?.Kind ?? EmulatorFaultKind.None;

        for (int i = 0; i < count; i++)
        {
            Unit? unit = units.Count > 0 ? units[i] : null;
            if (i > 0)
            {
                await BeforeChunkAsync(i, KindOf(unit), plan, id, ct).ConfigureAwait(false);
            }

            pipe.Write(DataPrefix);
            json.Reset(pipe);
            ResponseBuilders.DeltaChunk(json, id, created, plan, unit, first: i == 0);
            json.Flush();
            pipe.Write(EventEnd);
            if (!await FlushAsync(pipe, ct).ConfigureAwait(false))
            {
                return;
            }

            if (i == 0)
            {
                switch (kind)
                {
                    case EmulatorFaultKind.StallMidStream:
                        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                        return;
                    case EmulatorFaultKind.DropMidStream:
                        await DropConnectionAsync(context, ct).ConfigureAwait(false);
                        return;
                    case EmulatorFaultKind.MalformedEvent:
                        pipe.Write("data: {not json\n\n"u8);
                        await FlushAsync(pipe, ct).ConfigureAwait(false);
                        return;
                    case EmulatorFaultKind.ErrorEvent:
                        pipe.Write(DataPrefix);
                        json.Reset(pipe);
                        ApiError.Write(json, 500, "server_error", fault!.Message ?? "Simulated server error (emulator fault).", null, state.RequestId);
                        json.Flush();
                        pipe.Write(EventEnd);
                        await FlushAsync(pipe, ct).ConfigureAwait(false);
                        return;
                    default:
                        break;
                }
            }
        }

        if (kind == EmulatorFaultKind.Truncate)
        {
            return;
        }

        int chunkIndex = count;
        await BeforeChunkAsync(chunkIndex++, StreamChunkKind.Finish, plan, id, ct).ConfigureAwait(false);
        pipe.Write(DataPrefix);
        json.Reset(pipe);
        ResponseBuilders.FinishChunk(json, id, created, plan);
        json.Flush();
        pipe.Write(EventEnd);
        if (!await FlushAsync(pipe, ct).ConfigureAwait(false))
        {
            return;
        }

        if (plan.IncludeUsage)
        {
            await BeforeChunkAsync(chunkIndex, StreamChunkKind.Usage, plan, id, ct).ConfigureAwait(false);
            pipe.Write(DataPrefix);
            json.Reset(pipe);
            ResponseBuilders.UsageChunk(json, id, created, plan);
            json.Flush();
            pipe.Write(EventEnd);
            if (!await FlushAsync(pipe, ct).ConfigureAwait(false))
            {
                return;
            }
        }

        pipe.Write(DoneEvent);
        await FlushAsync(pipe, ct).ConfigureAwait(false);
    }

    private static StreamChunkKind KindOf(Unit? unit) => unit?.Kind switch
    {
        UnitKind.Reasoning => StreamChunkKind.Reasoning,
        UnitKind.ToolCallStart or UnitKind.ToolCallArguments => StreamChunkKind.ToolCall,
        _ => StreamChunkKind.Content,
    };

    private async ValueTask BeforeChunkAsync(int index, StreamChunkKind kind, ChatPlan plan, string id, CancellationToken ct)
    {
        var delay = Options.TokenDelay;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, ct).ConfigureAwait(false);
        }

        if (Options.BeforeStreamChunk is { } hook)
        {
            await hook(new StreamChunkContext(index, kind, plan.LastUserText, plan.Model, id), ct).ConfigureAwait(false);
        }

        ct.ThrowIfCancellationRequested();
    }

    /// <summary>Flushes one event to the client; false when the client has gone.</summary>
    private static async ValueTask<bool> FlushAsync(PipeWriter pipe, CancellationToken ct)
    {
        var result = await pipe.FlushAsync(ct).ConfigureAwait(false);
        return !result.IsCanceled && !result.IsCompleted;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} -> {StatusCode} (model {Model})")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, string model);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, Exception exception);
}
