using System.Text.Json.Serialization.Metadata;
using GreenPT.AI.Diagnostics;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GreenPT.AI.Http;

/// <summary>
/// What every GreenPT client shares: its validated settings, the sender, the logger, service discovery, disposal, and one JSON
/// request exchanged for one JSON answer with the checks every answer gets (an empty body, an error object inside a success).
/// </summary>
internal sealed class GreenPTClientCore : IDisposable
{
    private readonly string _clientName;
    private int _disposed;

    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public GreenPTClientCore(GreenPTClientOptions options, HttpClient? httpClient, ILoggerFactory? loggerFactory, Type clientType)
    {
        Options = GreenPTOptionsValidator.ValidatedCopy(options, nameof(options));
        Sender = new GreenPTRequestSender(Options, httpClient);
        Logger = (ILogger?)loggerFactory?.CreateLogger(clientType) ?? NullLogger.Instance;
        _clientName = clientType.Name;
    }

    /// <summary>The validated copy of the settings the client was created with.</summary>
    public GreenPTClientOptions Options { get; }

    public GreenPTRequestSender Sender { get; }

    public ILogger Logger { get; }

    /// <summary>An endpoint's address under <see cref="GreenPTClientOptions.Endpoint"/>, for example <c>chat/completions</c>.</summary>
    public Uri Resolve(string path) => new(Options.Endpoint, path);

    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public void ThrowIfDisposed()
    {
#if NET
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, _clientName);
#else
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(_clientName);
        }
#endif
    }

    /// <summary>Starts following one request: its log line, metrics and span tags (see <see cref="RequestTelemetry"/>).</summary>
    /// <param name="operation">The GenAI operation name, for example <c>chat</c>.</param>
    /// <param name="model">The model the request names.</param>
    /// <param name="body">The request body (logged at Trace only when the caller opted in).</param>
    /// <param name="properties">The caller's <c>AdditionalProperties</c>, where <see cref="GreenPTPropertyNames.MetricsScope"/> may name a scope for the metrics.</param>
    public RequestTelemetry StartTelemetry(string operation, string model, ArraySegment<byte> body, AdditionalPropertiesDictionary? properties = null) =>
        new(Logger, operation, model, Options.LogMessageContents, body, GreenPTMetrics.ScopeOf(properties));

    /// <summary>
    /// Sends <paramref name="body"/> (or a GET without one), reads the JSON answer, refuses an empty body or an error object in it,
    /// and maps it while the response is still open (its headers are readable). Every outcome reaches <paramref name="telemetry"/>.
    /// </summary>
    public Task<TResult> ExchangeAsync<TAnswer, TResult>(
        Uri uri,
        ArraySegment<byte>? body,
        JsonTypeInfo<TAnswer> answerType,
        RequestTelemetry telemetry,
        Func<TAnswer, GreenPTResponse, RequestTelemetry, MappedAnswer<TResult>> map,
        CancellationToken cancellationToken)
        where TAnswer : class, IWireAnswer =>
        ExchangeAsync(uri, body, GreenPTRequestSender.JsonContentType, tokenAuth: false, answerType, telemetry, map, cancellationToken);

    /// <summary>
    /// As the JSON exchange, for a body of another media type (audio) and, when <paramref name="tokenAuth"/>, the key sent as
    /// <c>Authorization: Token &lt;key&gt;</c>; the answer is still JSON.
    /// </summary>
    public async Task<TResult> ExchangeAsync<TAnswer, TResult>(
        Uri uri,
        ArraySegment<byte>? body,
        string contentType,
        bool tokenAuth,
        JsonTypeInfo<TAnswer> answerType,
        RequestTelemetry telemetry,
        Func<TAnswer, GreenPTResponse, RequestTelemetry, MappedAnswer<TResult>> map,
        CancellationToken cancellationToken)
        where TAnswer : class, IWireAnswer
    {
        try
        {
            using GreenPTResponse response = await Sender.SendAsync(uri, body, contentType, tokenAuth, streaming: false, cancellationToken).ConfigureAwait(false);
            TAnswer answer = await response.ReadJsonAsync(answerType, cancellationToken).ConfigureAwait(false)
                ?? throw new GreenPTException("GreenPT returned an empty response body.") { StatusCode = response.Message.StatusCode, RequestId = response.RequestId };
            if (answer.Error is { } error)
            {
                throw GreenPTErrors.FromBodyError(error, answer.RequestId, Options.ApiKey, response.Message);
            }

            MappedAnswer<TResult> mapped;
            try
            {
                mapped = map(answer, response, telemetry);
            }
            catch (Exception ex) when (GreenPTErrors.IsUnreadableAnswer(ex))
            {
                throw GreenPTErrors.Unreadable("GreenPT returned an answer the client could not map", ex, response.Message, Options.ApiKey);
            }

            telemetry.Completed(response, mapped.ResponseId, mapped.ResponseModel, mapped.Impact);
            return mapped.Result;
        }
        catch (Exception ex) when (telemetry.Observe(ex))
        {
            throw; // never reached: Observe only records
        }
    }

    /// <summary>
    /// What the clients answer from <c>GetService</c>: their <paramref name="metadata"/>, the client itself, and a copy of the settings
    /// without the API key (so that middleware cannot read the key); nothing for a service key.
    /// </summary>
    public object? GetService(Type serviceType, object? serviceKey, object metadata, object client)
    {
        Throw.IfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == metadata.GetType() ? metadata
            : serviceType == typeof(GreenPTClientOptions) ? Options.CloneWithoutApiKey()
            : serviceType.IsInstanceOfType(client) ? client
            : null;
    }

    /// <summary>Describes the client without its API key.</summary>
    public string Describe(string? defaultModelId) => $"{_clientName} {{ Endpoint = {Options.Endpoint}, DefaultModelId = {defaultModelId} }}";

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Sender.Dispose();
        }
    }
}

/// <summary>A mapped answer and what telemetry records of it.</summary>
internal readonly record struct MappedAnswer<TResult>(TResult Result, string? ResponseId, string? ResponseModel, GreenPTImpact? Impact);
