using GreenPT.AI.Diagnostics;
using GreenPT.AI.Http;
using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;
using Microsoft.Extensions.Logging;

namespace GreenPT.AI;

/// <summary>
/// Lists the models a GreenPT key can use (<c>GET /v1/models</c>). GreenPT's catalog changes often: ask it rather than
/// hard-coding ids, and filter by <see cref="GreenPTModelInfo.Kind"/> for a chat or embedding picker.
/// </summary>
public sealed class GreenPTModelCatalog : IDisposable
{
    private readonly GreenPTClientCore _core;
    private readonly Uri _modelsUri;

    /// <summary>Creates a catalog for GreenPT's production API.</summary>
    /// <param name="apiKey">The API key from account.greenpt.ai.</param>
    /// <exception cref="ArgumentNullException"><paramref name="apiKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty or has white space around it.</exception>
    public GreenPTModelCatalog(string apiKey)
        : this(new GreenPTClientOptions { ApiKey = Throw.IfInvalidKey(apiKey) })
    {
    }

    /// <summary>Creates a catalog from settings, which it copies.</summary>
    /// <param name="options">The settings; <see cref="GreenPTClientOptions.ApiKey"/> is required.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with; when <see langword="null"/> the catalog creates and owns one.</param>
    /// <param name="loggerFactory">Where to log one line per request; <see langword="null"/> for nowhere.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public GreenPTModelCatalog(GreenPTClientOptions options, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
    {
        _core = new GreenPTClientCore(Throw.IfNull(options), httpClient, loggerFactory, typeof(GreenPTModelCatalog));
        _modelsUri = _core.Resolve("models");
    }

    /// <summary>The models the server lists, in its order: all of them, or those of one kind (for example <see cref="GreenPTModelKind.Chat"/> for a chat model picker).</summary>
    /// <param name="kind">The kind to keep; <see langword="null"/> for every model.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyList<GreenPTModelInfo>> ListAsync(GreenPTModelKind? kind = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<GreenPTModelInfo> models = await ListAllAsync(cancellationToken).ConfigureAwait(false);
        return kind is { } wanted ? [.. models.Where(m => m.Kind == wanted)] : models;
    }

    /// <inheritdoc />
    public void Dispose() => _core.Dispose();

    /// <summary>Describes the catalog without its API key.</summary>
    public override string ToString() => _core.Describe(defaultModelId: null);

    private Task<IReadOnlyList<GreenPTModelInfo>> ListAllAsync(CancellationToken cancellationToken)
    {
        _core.ThrowIfDisposed();
        RequestTelemetry telemetry = _core.StartTelemetry("models", "-", body: default);
        return _core.ExchangeAsync<ModelListResponse, IReadOnlyList<GreenPTModelInfo>>(
            _modelsUri,
            body: null,
            GreenPTJsonContext.Default.ModelListResponse,
            telemetry,
            static (list, _, _) => new(ModelMapper.FromModelList(list), ResponseId: null, ResponseModel: null, Impact: null),
            cancellationToken);
    }
}
