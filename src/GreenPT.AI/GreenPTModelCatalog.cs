using GreenPT.AI.Http;
using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;

namespace GreenPT.AI;

/// <summary>
/// Lists the models a GreenPT key can use (<c>GET /v1/models</c>). GreenPT's catalog changes often: ask it rather than
/// hard-coding ids, and filter by <see cref="GreenPTModelInfo.Kind"/> for a chat or embedding picker.
/// </summary>
public sealed class GreenPTModelCatalog : IDisposable
{
    private readonly GreenPTRequestSender _sender;
    private readonly Uri _modelsUri;

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
    {
        GreenPTClientOptions validated = GreenPTOptionsValidator.ValidatedCopy(Throw.IfNull(options));
        _modelsUri = new Uri(validated.Endpoint, "models");
        _sender = new GreenPTRequestSender(validated, httpClient);
    }

    /// <summary>Every model the server lists, in its order.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyList<GreenPTModelInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        using GreenPTResponse response = await _sender.SendAsync(_modelsUri, body: null, streaming: false, cancellationToken).ConfigureAwait(false);
        ModelListResponse? list = await response.ReadJsonAsync(GreenPTJsonContext.Default.ModelListResponse, cancellationToken).ConfigureAwait(false);
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
