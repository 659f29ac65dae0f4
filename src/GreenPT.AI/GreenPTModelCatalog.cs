using GreenPT.AI.Diagnostics;
using GreenPT.AI.Http;
using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;
using Microsoft.Extensions.Logging;

namespace GreenPT.AI;

/// <summary>
/// Lists the models a GreenPT key can use (<c>GET /v1/models</c>), and knows what each accepts (<see cref="GetCapabilities"/>). GreenPT's
/// catalog changes often: ask it rather than hard-coding ids, and filter by <see cref="GreenPTModelInfo.Kind"/> for a chat or embedding picker.
/// </summary>
/// <remarks>
/// Capabilities come from a built-in table of the documented facts (<see cref="BuiltInCapabilities"/>), completed by what the server's
/// model list says (read by <see cref="ListAsync"/>: the context window, when the server sends one), and overridden by
/// <see cref="GreenPTClientOptions.ModelCapabilities"/>. <see cref="GreenPTChatClient"/> uses the built-in facts and the overrides to map
/// <c>ChatOptions.Reasoning</c> to an effort the model accepts, to refuse content the model cannot take before sending, and to decide whether
/// reasoning goes back (<see cref="GreenPTReasoningRoundTrip.Automatic"/>). A model nobody knows passes through untouched.
/// </remarks>
public sealed class GreenPTModelCatalog : IDisposable
{
    private readonly GreenPTClientCore _core;
    private readonly Uri _modelsUri;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, GreenPTModelCapabilities> _listed = new(StringComparer.OrdinalIgnoreCase);

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

    /// <summary>
    /// The built-in capability table, by model id (compared without regard to case): what GreenPT's documentation, third-party catalogues
    /// and live probes say of each model. It goes stale as GreenPT's catalog changes; correct it with <see cref="GreenPTClientOptions.ModelCapabilities"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, GreenPTModelCapabilities> BuiltInCapabilities => KnownModels.Table;

    /// <summary>
    /// What is known of a model: the built-in facts, what the server said of it in the last <see cref="ListAsync"/>, and this catalog's
    /// <see cref="GreenPTClientOptions.ModelCapabilities"/>, in that order of precedence from lowest to highest; <see langword="null"/> when
    /// nothing is known of it.
    /// </summary>
    /// <param name="modelId">A model id, for example <c>green-r</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="modelId"/> is <see langword="null"/>.</exception>
    public GreenPTModelCapabilities? GetCapabilities(string modelId)
    {
        Throw.IfNull(modelId);
        return _listed.TryGetValue(modelId, out GreenPTModelCapabilities? listed)
            ? listed
            : KnownModels.Find(modelId, _core.Options.ModelCapabilities);
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
            (list, _, _) => new(Remember(ModelMapper.FromModelList(list, _core.Options.ModelCapabilities)), ResponseId: null, ResponseModel: null, Impact: null),
            cancellationToken);
    }

    private List<GreenPTModelInfo> Remember(List<GreenPTModelInfo> models)
    {
        foreach (GreenPTModelInfo model in models)
        {
            if (model.Capabilities is { } capabilities)
            {
                _listed[model.Id] = capabilities;
            }
        }

        return models;
    }
}
