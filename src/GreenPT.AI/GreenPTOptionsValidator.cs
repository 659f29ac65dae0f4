namespace GreenPT.AI;

/// <summary>One setting that is missing or invalid, and what is wrong with it, in words that follow the setting's name.</summary>
internal readonly struct GreenPTOptionsProblem(string setting, string problem)
{
    /// <summary>The property name, for example <c>ResponseTimeout</c>.</summary>
    public string Setting { get; } = setting;

    /// <summary>What is wrong, for example <c>must be positive (and under 24 days) or Timeout.InfiniteTimeSpan; it was -00:00:01.</c></summary>
    public string Problem { get; } = problem;

    /// <summary>The problem as a sentence that names the setting with <paramref name="prefix"/>: <c>GreenPTClientOptions.</c>, or <c>GreenPT:</c> for a configuration section.</summary>
    public string Describe(string prefix) => prefix + Setting + " " + Problem;
}

/// <summary>
/// The rules for <see cref="GreenPTClientOptions"/>, checked once when a client is created. Each rule names its setting, never a
/// secret value. Shared as source with the dependency-injection package, which names settings by their configuration path.
/// </summary>
internal static class GreenPTOptionsValidator
{
    /// <summary>How a setting is named in messages outside configuration.</summary>
    public const string OptionsPrefix = "GreenPTClientOptions.";

    /// <summary>A validated copy, with the endpoint normalised to end with <c>/</c>.</summary>
    /// <exception cref="ArgumentException">A setting is invalid: the first problem, named for <paramref name="parameterName"/>.</exception>
    public static GreenPTClientOptions ValidatedCopy(GreenPTClientOptions options, string? parameterName)
    {
        GreenPTClientOptions copy = options.Clone();
        foreach (GreenPTOptionsProblem problem in Problems(copy))
        {
            throw new ArgumentException(problem.Describe(OptionsPrefix), parameterName);
        }

        if (copy.Endpoint.AbsolutePath is { Length: > 0 } path && path[path.Length - 1] != '/')
        {
            copy.Endpoint = new Uri(copy.Endpoint.AbsoluteUri + "/");
        }

        return copy;
    }

    /// <summary>The endpoint <c>GREENPT_BASE_URL</c> names, or <see langword="null"/> when it is not set (an invalid value is kept for validation to report).</summary>
    public static Uri? EndpointFromEnvironment() =>
        Environment.GetEnvironmentVariable(GreenPTClientOptions.EndpointEnvironmentVariable) is { Length: > 0 } value
            ? Uri.TryCreate(value.Trim(), UriKind.Absolute, out Uri? endpoint) ? endpoint
                : Uri.TryCreate(value, UriKind.Relative, out Uri? relative) ? relative
                : new Uri(Uri.EscapeDataString(value), UriKind.Relative)
            : null;

    /// <summary>A problem with an API key, or <see langword="null"/> when it is usable.</summary>
    public static string? KeyProblem(string? key) =>
        string.IsNullOrWhiteSpace(key) ? "is required: the API key from account.greenpt.ai."
        : key!.Trim().Length != key.Length || key.IndexOfAny(['\r', '\n', '\0']) >= 0
            ? "must not start or end with white space or contain line breaks; trim it." // a key read from a file often ends with a newline
        : null;

    /// <summary>Every problem with the settings, in the order of the properties.</summary>
    public static IEnumerable<GreenPTOptionsProblem> Problems(GreenPTClientOptions options)
    {
        if (KeyProblem(options.ApiKey) is { } keyProblem)
        {
            yield return new(nameof(GreenPTClientOptions.ApiKey), keyProblem);
        }

        if (EndpointProblem(options) is { } endpointProblem)
        {
            yield return new(nameof(GreenPTClientOptions.Endpoint), endpointProblem);
        }

        if (options.DefaultModelId is not null && string.IsNullOrWhiteSpace(options.DefaultModelId))
        {
            yield return new(nameof(GreenPTClientOptions.DefaultModelId), "must not be empty; leave it null to require ChatOptions.ModelId.");
        }

        if (options.DefaultEmbeddingModelId is not null && string.IsNullOrWhiteSpace(options.DefaultEmbeddingModelId))
        {
            yield return new(nameof(GreenPTClientOptions.DefaultEmbeddingModelId), "must not be empty; leave it null to require EmbeddingGenerationOptions.ModelId.");
        }

        if (options.DefaultRerankModelId is not null && string.IsNullOrWhiteSpace(options.DefaultRerankModelId))
        {
            yield return new(nameof(GreenPTClientOptions.DefaultRerankModelId), "must not be empty; leave it null to require GreenPTRerankOptions.ModelId.");
        }

        if (options.DefaultSpeechToTextModelId is not null && string.IsNullOrWhiteSpace(options.DefaultSpeechToTextModelId))
        {
            yield return new(nameof(GreenPTClientOptions.DefaultSpeechToTextModelId), "must not be empty; leave it null to require SpeechToTextOptions.ModelId.");
        }

        if (options.DefaultReasoningEffort is not null && string.IsNullOrWhiteSpace(options.DefaultReasoningEffort))
        {
            yield return new(nameof(GreenPTClientOptions.DefaultReasoningEffort), "must not be empty; leave it null to send no reasoning_effort.");
        }

        if (options.ReasoningRoundTrip is < GreenPTReasoningRoundTrip.Automatic or > GreenPTReasoningRoundTrip.Never)
        {
            yield return new(nameof(GreenPTClientOptions.ReasoningRoundTrip), $"must be Automatic, ToolCallTurns, Always or Never; it was {(int)options.ReasoningRoundTrip}.");
        }

        if (CapabilitiesProblem(options.ModelCapabilities) is { } capabilitiesProblem)
        {
            yield return new(nameof(GreenPTClientOptions.ModelCapabilities), capabilitiesProblem);
        }

        if (options.MaxEmbeddingBatchSize < 1)
        {
            yield return new(nameof(GreenPTClientOptions.MaxEmbeddingBatchSize), $"must be at least 1; it was {options.MaxEmbeddingBatchSize}.");
        }

        if (options.MaxRerankBatchSize < 1)
        {
            yield return new(nameof(GreenPTClientOptions.MaxRerankBatchSize), $"must be at least 1; it was {options.MaxRerankBatchSize}.");
        }

        if (TimeoutProblem(options.ResponseTimeout) is { } responseTimeout)
        {
            yield return new(nameof(GreenPTClientOptions.ResponseTimeout), responseTimeout);
        }

        if (TimeoutProblem(options.StreamIdleTimeout) is { } idleTimeout)
        {
            yield return new(nameof(GreenPTClientOptions.StreamIdleTimeout), idleTimeout);
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            yield return new(nameof(GreenPTClientOptions.MaxRetries), $"must be from 0 to 10; it was {options.MaxRetries}.");
        }

        if (DelayProblem(options.RetryDelay) is { } retryDelay)
        {
            yield return new(nameof(GreenPTClientOptions.RetryDelay), retryDelay);
        }

        if (DelayProblem(options.MaxRetryDelay) is { } maxRetryDelay)
        {
            yield return new(nameof(GreenPTClientOptions.MaxRetryDelay), maxRetryDelay);
        }
    }

    private static string? CapabilitiesProblem(IDictionary<string, GreenPTModelCapabilities>? capabilities)
    {
        if (capabilities is null)
        {
            return "must not be null; leave it empty to use the built-in capabilities.";
        }

        foreach (KeyValuePair<string, GreenPTModelCapabilities> entry in capabilities)
        {
            if (string.IsNullOrWhiteSpace(entry.Key))
            {
                return "has an entry without a model id.";
            }

            if (entry.Value is null)
            {
                return $"has an entry '{entry.Key}' that is null; remove it to use the built-in capabilities.";
            }

            if (entry.Value.ReasoningEffortValues is { } efforts)
            {
                foreach (string? effort in efforts)
                {
                    if (string.IsNullOrWhiteSpace(effort))
                    {
                        return $"has an entry '{entry.Key}' whose ReasoningEffortValues holds an empty value.";
                    }
                }
            }
        }

        return null;
    }

    private static string? EndpointProblem(GreenPTClientOptions options)
    {
        Uri? endpoint = options.Endpoint;
        if (endpoint is null || !endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            string source = endpoint is not null && EndpointFromEnvironment() is { } fromEnvironment && fromEnvironment.OriginalString == endpoint.OriginalString
                ? $" (from the {GreenPTClientOptions.EndpointEnvironmentVariable} environment variable)"
                : string.Empty;
            return endpoint is null ? "is required: an absolute http or https address; leave it unset for GreenPT's production API."
                : string.IsNullOrWhiteSpace(endpoint.OriginalString) ? EmptyEndpoint("leave it unset")
                : endpoint.IsAbsoluteUri
                    ? $"must be an absolute http or https address; it was '{Shown(endpoint, options.ApiKey)}'{source}."
                    : $"must be an absolute http or https address; it was not an absolute address{source}."; // not echoed: it may be any text, a key even
        }

        if (endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback && !options.AllowInsecureHttp)
        {
            return $"'{Shown(endpoint, options.ApiKey)}' uses plain http to a host that is not loopback, which would send the API key unencrypted. " +
                "Use https, or set AllowInsecureHttp if you really mean it.";
        }

        return endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0
            ? "must be a base address without a query string or fragment."
            : null;
    }

    /// <summary>An address as a message may show it: without user info (a password, a token) and without the API key.</summary>
    private static string Shown(Uri endpoint, string? apiKey)
    {
        string text = endpoint.UserInfo.Length > 0
            ? endpoint.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped)
            : endpoint.OriginalString;
        return string.IsNullOrEmpty(apiKey) || apiKey!.Length < 4 ? text : text.Replace(apiKey, "***");
    }

    /// <summary>What is wrong with an empty endpoint, with the way to get the default (<paramref name="howToDefault"/>).</summary>
    public static string EmptyEndpoint(string howToDefault) =>
        $"is empty: {howToDefault} for GreenPT's production API ({GreenPTClientOptions.DefaultEndpoint}), or set an absolute http or https address.";

    private static string? TimeoutProblem(TimeSpan value) =>
        value != Timeout.InfiniteTimeSpan && (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
            ? $"must be positive (and under 24 days) or Timeout.InfiniteTimeSpan; it was {value}."
            : null;

    private static string? DelayProblem(TimeSpan value) =>
        value < TimeSpan.Zero || value > TimeSpan.FromDays(1) ? $"must be from zero to one day; it was {value}." : null;
}
