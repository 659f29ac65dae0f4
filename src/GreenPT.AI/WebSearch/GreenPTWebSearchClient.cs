using GreenPT.AI.Diagnostics;
using GreenPT.AI.Http;
using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace GreenPT.AI;

/// <summary>
/// GreenPT's two web searches, as a typed client and as <see cref="AIFunction"/>s an agent can call: <c>POST /v1/tools/websearch</c>
/// (LLM-ready results: each page's relevant content) and <c>POST /v1/tools/search/web</c> (raw links, with result count, page and country).
/// </summary>
/// <remarks>
/// <para>The functions (<see cref="AsWebSearchFunction"/>, <see cref="AsLinkSearchFunction"/>, <see cref="AsTools"/>) work with MEAI's
/// <c>UseFunctionInvocation()</c>, Semantic Kernel (<c>AsKernelFunction()</c>) and Agent Framework agents. They return the sources numbered
/// from 1 as JSON and ask the model to cite them as <c>[n]</c>; <see cref="GreenPTCitationExtensions.AddGreenPTCitations(ChatResponse)"/>
/// then marks the citations in the answer as <see cref="CitationAnnotation"/>s.</para>
/// <para>GreenPT documents only <c>query</c> for the LLM-ready search, and <c>query</c>, <c>maxResults</c>, <c>page</c> and <c>country</c> for the
/// raw links; a language option is documented for neither, so none is offered. Errors, retries, time limits, logging and metrics are
/// those of <see cref="GreenPTChatClient"/>.</para>
/// </remarks>
public sealed class GreenPTWebSearchClient : IDisposable
{
    /// <summary>The name of the LLM-ready search function: <c>greenpt_web_search</c>.</summary>
    public const string WebSearchFunctionName = "greenpt_web_search";

    /// <summary>The name of the raw-links search function: <c>greenpt_search_links</c>.</summary>
    public const string LinkSearchFunctionName = "greenpt_search_links";

    private readonly GreenPTClientCore _core;
    private readonly Uri _webSearchUri;
    private readonly Uri _linkSearchUri;

    /// <summary>Creates a search client for GreenPT's production API with the default settings.</summary>
    /// <param name="apiKey">The API key from account.greenpt.ai.</param>
    /// <exception cref="ArgumentNullException"><paramref name="apiKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty or has white space around it.</exception>
    public GreenPTWebSearchClient(string apiKey)
        : this(new GreenPTClientOptions { ApiKey = Throw.IfInvalidKey(apiKey) })
    {
    }

    /// <summary>Creates a search client from settings, which it copies.</summary>
    /// <param name="options">The settings; <see cref="GreenPTClientOptions.ApiKey"/> is required.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with; when <see langword="null"/> the client creates and owns one.</param>
    /// <param name="loggerFactory">Where to log one line per request; <see langword="null"/> for nowhere.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public GreenPTWebSearchClient(GreenPTClientOptions options, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
    {
        _core = new GreenPTClientCore(Throw.IfNull(options), httpClient, loggerFactory, typeof(GreenPTWebSearchClient));
        _webSearchUri = _core.Resolve("tools/websearch");
        _linkSearchUri = _core.Resolve("tools/search/web");
    }

    /// <summary>Searches the web with GreenPT's LLM-ready search (<c>POST /v1/tools/websearch</c>).</summary>
    /// <param name="query">What to search for.</param>
    /// <param name="maxResults">At most this many sources (1 or more), cut by the client since GreenPT documents no count for this search; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The sources, numbered from 1, with their relevant content, GreenPT's note and the impact if one was reported.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="query"/> is empty or white space; nothing was sent.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxResults"/> is below 1; nothing was sent.</exception>
    /// <exception cref="GreenPTException">GreenPT refused the request (with its message, status and request id) or returned an answer that cannot be used.</exception>
    /// <exception cref="TimeoutException">A time limit of <see cref="GreenPTClientOptions"/> elapsed.</exception>
    public async Task<GreenPTWebSearchResult> SearchAsync(string query, int? maxResults = null, CancellationToken cancellationToken = default)
    {
        WebSearchMapper.ValidateQuery(query);
        if (maxResults is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxResults), maxResults, $"maxResults must be at least 1; it was {maxResults}.");
        }

        _core.ThrowIfDisposed();
        using PooledJsonBody body = PooledJsonBody.Serialize(new WebSearchRequest { Query = query }, GreenPTJsonContext.Writer.WebSearchRequest);
        return await ExchangeAsync(_webSearchUri, "websearch", body, query, maxResults, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Searches the web for links with GreenPT's raw search (<c>POST /v1/tools/search/web</c>).</summary>
    /// <param name="query">What to search for.</param>
    /// <param name="options">The result count, page and country; <see langword="null"/> for GreenPT's defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The links, numbered from 1, with their titles and snippets, and the impact if one was reported.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="query"/> is empty or white space, or the country is blank; nothing was sent.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The count or page is below 1; nothing was sent.</exception>
    /// <exception cref="GreenPTException">GreenPT refused the request (with its message, status and request id) or returned an answer that cannot be used.</exception>
    /// <exception cref="TimeoutException">A time limit of <see cref="GreenPTClientOptions"/> elapsed.</exception>
    public async Task<GreenPTWebSearchResult> SearchLinksAsync(string query, GreenPTLinkSearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        WebSearchMapper.ValidateQuery(query);
        WebSearchMapper.ValidateLinkOptions(options);
        _core.ThrowIfDisposed();
        using PooledJsonBody body = PooledJsonBody.Serialize(WebSearchMapper.ToLinkRequest(query, options), GreenPTJsonContext.Writer.LinkSearchRequest);
        return await ExchangeAsync(_linkSearchUri, "search_web", body, query, options?.MaxResults, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The LLM-ready search as a function named <see cref="WebSearchFunctionName"/>, with parameters <c>query</c> (required) and
    /// <c>max_results</c>. It returns the sources as JSON, numbered from 1, and asks the model to cite them as <c>[n]</c>.
    /// </summary>
    public AIFunction AsWebSearchFunction() => new GreenPTWebSearchFunction(this, links: false);

    /// <summary>
    /// The raw-links search as a function named <see cref="LinkSearchFunctionName"/>, with parameters <c>query</c> (required),
    /// <c>max_results</c>, <c>page</c> and <c>country</c>. It returns the links as JSON, numbered from 1.
    /// </summary>
    public AIFunction AsLinkSearchFunction() => new GreenPTWebSearchFunction(this, links: true);

    /// <summary>Both functions, for <c>ChatOptions.Tools</c>.</summary>
    public IList<AITool> AsTools() => [AsWebSearchFunction(), AsLinkSearchFunction()];

    /// <inheritdoc />
    public void Dispose() => _core.Dispose();

    /// <summary>Describes the client without its API key.</summary>
    public override string ToString() => $"GreenPTWebSearchClient {{ Endpoint = {_core.Options.Endpoint} }}";

    private async Task<GreenPTWebSearchResult> ExchangeAsync(Uri uri, string operation, PooledJsonBody body, string query, int? maxResults, CancellationToken cancellationToken)
    {
        RequestTelemetry telemetry = _core.StartTelemetry(operation, operation, body.Bytes);
        return await _core.ExchangeAsync(
            uri,
            body.Bytes,
            GreenPTJsonContext.Default.WebSearchResponse,
            telemetry,
            (answer, _, _) =>
            {
                GreenPTWebSearchResult result = WebSearchMapper.FromResponse(answer, query, maxResults);
                return new MappedAnswer<GreenPTWebSearchResult>(result, ResponseId: null, ResponseModel: null, result.Impact);
            },
            cancellationToken).ConfigureAwait(false);
    }
}
