namespace GreenPT.AI;

/// <summary>Settings of a <see cref="GreenPTChatClient"/>, <see cref="GreenPTEmbeddingGenerator"/>, <see cref="GreenPTModelCatalog"/> or <see cref="GreenPTReranker"/>.</summary>
/// <remarks>A client takes a copy when it is created: later changes to this object do not affect it.</remarks>
public sealed class GreenPTClientOptions
{
    /// <summary>The base address of GreenPT's production API in the EU: <c>https://api.greenpt.ai/v1/</c>.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://api.greenpt.ai/v1/");

    /// <summary>
    /// The environment variable that, when set, replaces <see cref="DefaultEndpoint"/> as the default of <see cref="Endpoint"/>:
    /// <c>GREENPT_BASE_URL</c>, for example <c>http://127.0.0.1:5080/v1/</c> to point every client of an app at a local emulator
    /// without a code change. An <see cref="Endpoint"/> set in code or configuration wins over it.
    /// </summary>
    public const string EndpointEnvironmentVariable = "GREENPT_BASE_URL";

    /// <summary>The API key from account.greenpt.ai, sent as a bearer token. Never printed by this library.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The base address requests are sent to; <c>chat/completions</c> is resolved against it.
    /// Defaults to the <see cref="EndpointEnvironmentVariable"/> (<c>GREENPT_BASE_URL</c>) environment variable when it is set, else to
    /// <see cref="DefaultEndpoint"/>. Any OpenAI-compatible base works, for example <c>https://api.us.greenpt.ai/v1/</c> or a local emulator.
    /// </summary>
    public Uri Endpoint { get; set; } = GreenPTOptionsValidator.EndpointFromEnvironment() ?? DefaultEndpoint;

    /// <summary>
    /// The chat model used when <see cref="Microsoft.Extensions.AI.ChatOptions.ModelId"/> is not set. Defaults to
    /// <see cref="GreenPTModels.DefaultChat"/>; <see langword="null"/> requires every request to name one.
    /// </summary>
    public string? DefaultModelId { get; set; } = GreenPTModels.DefaultChat;

    /// <summary>
    /// The embedding model used when <see cref="Microsoft.Extensions.AI.EmbeddingGenerationOptions.ModelId"/> is not set. Defaults to
    /// <see cref="GreenPTModels.DefaultEmbedding"/>; <see langword="null"/> requires every request to name one.
    /// </summary>
    public string? DefaultEmbeddingModelId { get; set; } = GreenPTModels.DefaultEmbedding;

    /// <summary>The most inputs <see cref="GreenPTEmbeddingGenerator"/> sends in one request; more are split into batches. Defaults to 128.</summary>
    public int MaxEmbeddingBatchSize { get; set; } = 128;

    /// <summary>
    /// The reranking model <see cref="GreenPTReranker"/> uses when <see cref="GreenPTRerankOptions.ModelId"/> is not set. Defaults to
    /// <see cref="GreenPTReranker.DefaultModelId"/> (<c>green-rerank</c>); <see langword="null"/> requires every call to name one.
    /// </summary>
    public string? DefaultRerankModelId { get; set; } = GreenPTReranker.DefaultModelId;

    /// <summary>
    /// The most documents <see cref="GreenPTReranker"/> sends in one request; more are split into batches whose results are merged by
    /// score. Defaults to 1,000. GreenPT documents no limit of its own: this is the client's choice, lower it if the server refuses a
    /// request as too large.
    /// </summary>
    public int MaxRerankBatchSize { get; set; } = 1000;

    /// <summary>
    /// The speech-to-text model <see cref="GreenPTSpeechToTextClient"/> uses when <see cref="Microsoft.Extensions.AI.SpeechToTextOptions.ModelId"/>
    /// is not set. Defaults to <see cref="GreenPTSpeechToTextClient.DefaultModelId"/> (<c>green-s</c>); <see langword="null"/> requires every call to name one.
    /// </summary>
    public string? DefaultSpeechToTextModelId { get; set; } = GreenPTSpeechToTextClient.DefaultModelId;

    /// <summary>
    /// The <c>reasoning_effort</c> sent when a request does not say one, for example <c>"none"</c> to keep thinking off
    /// unless a caller asks for it. <see langword="null"/> (the default) sends nothing, leaving the model's default.
    /// </summary>
    public string? DefaultReasoningEffort { get; set; }

    /// <summary>
    /// Which earlier assistant turns send their reasoning back to the model as <c>reasoning_content</c>. Defaults to
    /// <see cref="GreenPTReasoningRoundTrip.Automatic"/>: on tool-call turns, for every model that is not known to refuse it. A request
    /// overrides it with <see cref="GreenPTPropertyNames.ReasoningRoundTrip"/>.
    /// </summary>
    public GreenPTReasoningRoundTrip ReasoningRoundTrip { get; set; }

    /// <summary>
    /// Capabilities that replace or complete the built-in ones (<see cref="GreenPTModelCatalog.BuiltInCapabilities"/>), by model id
    /// (compared without regard to case): a fact set here wins, a <see langword="null"/> keeps the built-in one. Use it when GreenPT's
    /// catalog changed before this library did, or for a model the library does not know. Empty by default.
    /// </summary>
    /// <example><c>options.ModelCapabilities["my-model"] = new() { ReasoningEffortValues = ["low", "high"], Vision = false };</c></example>
    public IDictionary<string, GreenPTModelCapabilities> ModelCapabilities { get; set; } =
        new Dictionary<string, GreenPTModelCapabilities>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Allows sending the API key over plain <c>http</c> to a host that is not loopback. Off by default: the key then
    /// only travels over HTTPS or to <c>localhost</c>/<c>127.0.0.0/8</c>/<c>[::1]</c>.
    /// </summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>
    /// The longest wait for a response: for a streaming request until its headers arrive, for a non-streaming one until its
    /// whole body has. Defaults to 5 minutes (thinking models can take long); <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// Exceeding it throws a <see cref="TimeoutException"/> that names this setting.
    /// </summary>
    /// <remarks>When you pass your own <see cref="HttpClient"/>, its <see cref="HttpClient.Timeout"/> (100 s unless changed) applies too.</remarks>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The longest silence between two events of a stream. Defaults to 2 minutes; <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// Exceeding it throws a <see cref="TimeoutException"/> that names this setting.
    /// </summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How many times a request is sent again after a connection failure or a 408, 429, 500, 502, 503 or 504 status
    /// (default 2; 0 disables). Never after any of a response body has reached the caller, and never for other statuses
    /// such as 400, 401 or 402.
    /// </summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The wait before the first retry; it doubles on each further one, with random jitter. Defaults to 0.5 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest wait between two tries. Defaults to 30 s. A server asking (<c>Retry-After</c>) for a longer wait is not retried
    /// early: the request fails at once with <see cref="GreenPTException.RetryAfter"/> set.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether request bodies and response text are logged, at <c>Trace</c> level. Off by default: they may hold personal data.
    /// The API key is never logged.
    /// </summary>
    public bool LogMessageContents { get; set; }

    /// <summary>Creates a copy of these settings.</summary>
    public GreenPTClientOptions Clone()
    {
        var copy = (GreenPTClientOptions)MemberwiseClone();
        if (ModelCapabilities is not null)
        {
            // Keys differing only in case (in a caller's case-sensitive dictionary): the last one wins, as in a lookup without regard to case.
            copy.ModelCapabilities = new Dictionary<string, GreenPTModelCapabilities>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, GreenPTModelCapabilities> entry in ModelCapabilities)
            {
                copy.ModelCapabilities[entry.Key ?? string.Empty] = entry.Value;
            }
        }

        return copy;
    }

    /// <summary>
    /// Checks the settings as a client does when it is created: throws an <see cref="ArgumentException"/> whose message names the
    /// first missing or invalid setting (never the key's value).
    /// </summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid.</exception>
    public void Validate() => GreenPTOptionsValidator.ValidatedCopy(this, parameterName: null);

    /// <summary>A copy without the API key: what clients hand out through <c>GetService</c>, so middleware cannot read the key.</summary>
    internal GreenPTClientOptions CloneWithoutApiKey()
    {
        GreenPTClientOptions copy = Clone();
        copy.ApiKey = null;
        return copy;
    }

    /// <summary>Describes the settings without the API key.</summary>
    public override string ToString() =>
        $"GreenPTClientOptions {{ Endpoint = {Endpoint}, DefaultModelId = {DefaultModelId}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(none)" : "(set)")} }}";
}
