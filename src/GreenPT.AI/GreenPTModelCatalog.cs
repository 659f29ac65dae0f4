using GreenPT.AI.Diagnostics;
using GreenPT.AI.Http;
using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GreenPT.AI;

/// <summary>
/// Lists the models a GreenPT key can use (<c>GET /v1/models</c>). GreenPT's catalog changes often: ask it rather than
/// hard-coding ids, and filter by <see cref="GreenPTModelInfo.Kind"/> for a chat or embedding picker.
/// </summary>
public sealed class GreenPTModelCatalog : IDisposable
{
    private readonly GreenPTRequestSender _sender;
    private readonly Uri _modelsUri;
    private readonly ILogger _logger;

    /// <summary>Creates a catalog for GreenPT's production API.</summary>
    /// <param name="apiKey">The API key from account.greenpt.ai.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with; when <see langword="null"/> the catalog creates and owns one.</param>
    public GreenPTModelCatalog(string apiKey, HttpClient? httpClient = null)
        : this(new GreenPTClientOptions { ApiKey = apiKey }, httpClient)
    {
    }

    /// <summary>Creates a catalog from settings, which it copies.</summary>
    /// <param name="options">The settings; <see cref="GreenPTClientOptions.ApiKey"/> is required.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with; when <see langword="null"/> the catalog creates and owns one.</param>
    public GreenPTModelCatalog(GreenPTClientOptions options, HttpClient? httpClient = null)
        : this(options, httpClient, loggerFactory: null)
    {
    }

    /// <summary>Creates a catalog from settings, which it copies, that logs one line per request through <paramref name="loggerFactory"/>.</summary>
    /// <param name="options">The settings; <see cref="GreenPTClientOptions.ApiKey"/> is required.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with; when <see langword="null"/> the catalog creates and owns one.</param>
    /// <param name="loggerFactory">Where to log; <see langword="null"/> for nowhere.</param>
    public GreenPTModelCatalog(GreenPTClientOptions options, HttpClient? httpClient, ILoggerFactory? loggerFactory)
    {
        GreenPTClientOptions validated = GreenPTOptionsValidator.ValidatedCopy(Throw.IfNull(options));
        _modelsUri = new Uri(validated.Endpoint, "models");
        _sender = new GreenPTRequestSender(validated, httpClient);
        _logger = (ILogger?)loggerFactory?.CreateLogger<GreenPTModelCatalog>() ?? NullLogger.Instance;
    }

    /// <summary>Every model the server lists, in its order.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyList<GreenPTModelInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var telemetry = new RequestTelemetry(_logger, "models", "-", logContents: false, requestBody: default);
        ModelListResponse? list;
        try
        {
            using GreenPTResponse response = await _sender.SendAsync(_modelsUri, body: null, streaming: false, cancellationToken).ConfigureAwait(false);
            list = await response.ReadJsonAsync(GreenPTJsonContext.Default.ModelListResponse, cancellationToken).ConfigureAwait(false);
            telemetry.Completed(response, responseId: null, responseModel: null, impact: null);
        }
        catch (Exception ex) when (telemetry.Observe(ex))
        {
            throw; // never reached: Observe only records
        }

        var models = new List<GreenPTModelInfo>(list?.Data?.Count ?? 0);
        foreach (ModelDto model in list?.Data ?? [])
        {
            if (!string.IsNullOrEmpty(model.Id))
            {
                models.Add(new GreenPTModelInfo(model.Id!, model.OwnedBy, GreenPTModelInfo.KindOf(model.Id!))
                {
                    CreatedAt = ChatResponseMapper.FromUnixSeconds(model.Created),
                });
            }
        }

        return models;
    }

    /// <summary>The models of one kind, for example <see cref="GreenPTModelKind.Chat"/> for a chat model picker.</summary>
    /// <param name="kind">The kind to keep.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyList<GreenPTModelInfo>> ListAsync(GreenPTModelKind kind, CancellationToken cancellationToken = default) =>
        [.. (await ListAsync(cancellationToken).ConfigureAwait(false)).Where(m => m.Kind == kind)];

    /// <inheritdoc />
    public void Dispose() => _sender.Dispose();
}
