using GreenPT.AI.Diagnostics;
using GreenPT.AI.Http;
using GreenPT.AI.Impact;
using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace GreenPT.AI;

/// <summary>
/// Reranks documents for a query with GreenPT's <c>POST /v1/rerank</c> (default model <c>green-rerank</c>) and reports the impact of
/// every call. MEAI has no reranking abstraction, so this is a small typed client.
/// </summary>
/// <remarks>
/// <para>GreenPT documents no limit on the number of documents per request. More than <see cref="GreenPTClientOptions.MaxRerankBatchSize"/>
/// are sent in batches, one after another, each asking for at most <c>topN</c> results; the results are merged by score (a reranker scores
/// each query and document pair on its own, so scores of different batches compare), with usage and impact summed.</para>
/// <para>Errors, retries, time limits, logging and metrics are those of <see cref="GreenPTChatClient"/>.</para>
/// </remarks>
public sealed class GreenPTReranker : IDisposable
{
    /// <summary>The reranking model GreenPT documents: <c>green-rerank</c>.</summary>
    public const string DefaultModelId = "green-rerank";

    private readonly GreenPTClientCore _core;
    private readonly Uri _rerankUri;

    /// <summary>Creates a reranker for GreenPT's production API with the default settings.</summary>
    /// <param name="apiKey">The API key from account.greenpt.ai.</param>
    /// <exception cref="ArgumentNullException"><paramref name="apiKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty or has white space around it.</exception>
    public GreenPTReranker(string apiKey)
        : this(new GreenPTClientOptions { ApiKey = Throw.IfInvalidKey(apiKey) })
    {
    }

    /// <summary>Creates a reranker from settings, which it copies.</summary>
    /// <param name="options">The settings; <see cref="GreenPTClientOptions.ApiKey"/> is required.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with; when <see langword="null"/> the reranker creates and owns one.</param>
    /// <param name="loggerFactory">Where to log one line per request; <see langword="null"/> for nowhere.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public GreenPTReranker(GreenPTClientOptions options, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
    {
        _core = new GreenPTClientCore(Throw.IfNull(options), httpClient, loggerFactory, typeof(GreenPTReranker));
        _rerankUri = _core.Resolve("rerank");
    }

    /// <summary>Ranks <paramref name="documents"/> by relevance to <paramref name="query"/>.</summary>
    /// <param name="query">What the documents are ranked for.</param>
    /// <param name="documents">The texts to rank; none may be null, empty or white space.</param>
    /// <param name="topN">How many of the most relevant documents to return (1 to the number of documents); <see langword="null"/> for all.</param>
    /// <param name="options">Per-call settings; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The documents, most relevant first, with their index in <paramref name="documents"/>, score and text, and the usage and impact.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> or <paramref name="documents"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The query is empty or white space, there are no documents, or a document is null, empty or white space; nothing was sent.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="topN"/> is below 1 or larger than the number of documents; nothing was sent.</exception>
    /// <exception cref="GreenPTException">GreenPT refused the request (with its message, status and request id) or returned an answer that cannot be used.</exception>
    /// <exception cref="TimeoutException">A time limit of <see cref="GreenPTClientOptions"/> elapsed.</exception>
    public async Task<GreenPTRerankResult> RerankAsync(
        string query, IEnumerable<string> documents, int? topN = null, GreenPTRerankOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<string> list = RerankMapper.Validate(query, documents, topN, options);
        _core.ThrowIfDisposed();
        string model = options?.ModelId ?? _core.Options.DefaultRerankModelId
            ?? throw new InvalidOperationException("No model: set GreenPTRerankOptions.ModelId or GreenPTClientOptions.DefaultRerankModelId.");

        var ranked = new List<GreenPTRankedDocument>(list.Count);
        UsageDetails? usage = null;
        GreenPTImpact? impact = null;
        string? responseModel = null;
        int batchSize = _core.Options.MaxRerankBatchSize;
        for (int start = 0; start < list.Count; start += batchSize)
        {
            List<string> batch = list.GetRange(start, Math.Min(batchSize, list.Count - start));
            RerankResponse response = await SendBatchAsync(
                RerankMapper.ToRequest(query, batch, topN, model), answer => RerankMapper.AddResults(ranked, answer, list, start, batch.Count), cancellationToken).ConfigureAwait(false);
            if (UsageMapper.FromUsage(response.Usage, response.Impact, out GreenPTImpact? batchImpact) is { } batchUsage)
            {
                (usage ??= new UsageDetails()).Add(batchUsage);
            }

            impact = batchImpact is null ? impact : impact?.Add(batchImpact) ?? batchImpact;
            responseModel ??= string.IsNullOrWhiteSpace(response.Model) ? null : response.Model;
        }

        return new GreenPTRerankResult(RerankMapper.Order(ranked, topN))
        {
            ModelId = responseModel ?? model,
            Usage = usage,
            Impact = impact,
        };
    }

    /// <inheritdoc />
    public void Dispose() => _core.Dispose();

    /// <summary>Describes the reranker without its API key.</summary>
    public override string ToString() => _core.Describe(_core.Options.DefaultRerankModelId);

    /// <summary>Sends one batch and reads its results with <paramref name="addResults"/> while the response is open, so that an unusable answer fails with its status and request id.</summary>
    private async Task<RerankResponse> SendBatchAsync(RerankRequest request, Action<RerankResponse> addResults, CancellationToken cancellationToken)
    {
        using PooledJsonBody body = PooledJsonBody.Serialize(request, GreenPTJsonContext.Writer.RerankRequest);
        RequestTelemetry telemetry = _core.StartTelemetry("rerank", request.Model, body.Bytes);
        string? apiKey = _core.Options.ApiKey;
        return await _core.ExchangeAsync(
            _rerankUri,
            body.Bytes,
            GreenPTJsonContext.Default.RerankResponse,
            telemetry,
            (answer, response, _) =>
            {
                try
                {
                    addResults(answer);
                }
                catch (GreenPTException ex)
                {
                    throw GreenPTErrors.Unreadable("GreenPT returned a rerank answer the client cannot use", ex, response.Message, apiKey);
                }

                return new MappedAnswer<RerankResponse>(answer, answer.Id, answer.Model, ImpactMapper.FromDto(answer.Impact));
            },
            cancellationToken).ConfigureAwait(false);
    }
}
