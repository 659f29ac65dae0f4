namespace GreenPT.AI;

/// <summary>Checks settings once, when a client is created, with messages that name the setting (never its secret value).</summary>
internal static class GreenPTOptionsValidator
{
    public static GreenPTClientOptions ValidatedCopy(GreenPTClientOptions options)
    {
        GreenPTClientOptions copy = options.Clone();
        if (string.IsNullOrWhiteSpace(copy.ApiKey))
        {
            throw new ArgumentException("GreenPTClientOptions.ApiKey is required: the API key from account.greenpt.ai.", nameof(options));
        }

        if (copy.ApiKey!.Trim().Length != copy.ApiKey.Length || copy.ApiKey.IndexOfAny(['\r', '\n', '\0']) >= 0)
        {
            // A key read from a file often ends with a newline, which HttpClient refuses in a header.
            throw new ArgumentException("GreenPTClientOptions.ApiKey must not start or end with white space or contain line breaks; trim it.", nameof(options));
        }

        if (copy.Endpoint is null || !copy.Endpoint.IsAbsoluteUri || (copy.Endpoint.Scheme != Uri.UriSchemeHttps && copy.Endpoint.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"GreenPTClientOptions.Endpoint must be an absolute http or https address; it was '{copy.Endpoint}'.", nameof(options));
        }

        if (copy.Endpoint.Scheme == Uri.UriSchemeHttp && !copy.Endpoint.IsLoopback && !copy.AllowInsecureHttp)
        {
            throw new ArgumentException(
                $"GreenPTClientOptions.Endpoint '{copy.Endpoint}' uses plain http to a host that is not loopback, which would send the API key unencrypted. " +
                "Use https, or set GreenPTClientOptions.AllowInsecureHttp if you really mean it.", nameof(options));
        }

        if (copy.Endpoint.Query.Length > 0 || copy.Endpoint.Fragment.Length > 0)
        {
            throw new ArgumentException("GreenPTClientOptions.Endpoint must be a base address without a query string or fragment.", nameof(options));
        }

        if (!copy.Endpoint.AbsolutePath.EndsWith("/", StringComparison.Ordinal))
        {
            copy.Endpoint = new Uri(copy.Endpoint.AbsoluteUri + "/");
        }

        if (copy.DefaultModelId is not null && string.IsNullOrWhiteSpace(copy.DefaultModelId))
        {
            throw new ArgumentException("GreenPTClientOptions.DefaultModelId must not be empty; leave it null to require ChatOptions.ModelId.", nameof(options));
        }

        if (copy.DefaultEmbeddingModelId is not null && string.IsNullOrWhiteSpace(copy.DefaultEmbeddingModelId))
        {
            throw new ArgumentException("GreenPTClientOptions.DefaultEmbeddingModelId must not be empty.", nameof(options));
        }

        if (copy.MaxEmbeddingBatchSize < 1)
        {
            throw new ArgumentException($"GreenPTClientOptions.MaxEmbeddingBatchSize must be at least 1; it was {copy.MaxEmbeddingBatchSize}.", nameof(options));
        }

        CheckTimeout(copy.ResponseTimeout, nameof(GreenPTClientOptions.ResponseTimeout));
        CheckTimeout(copy.StreamIdleTimeout, nameof(GreenPTClientOptions.StreamIdleTimeout));
        if (copy.MaxRetries is < 0 or > 10)
        {
            throw new ArgumentException($"GreenPTClientOptions.MaxRetries must be from 0 to 10; it was {copy.MaxRetries}.", nameof(options));
        }

        if (copy.RetryDelay < TimeSpan.Zero || copy.MaxRetryDelay < TimeSpan.Zero || copy.RetryDelay > TimeSpan.FromDays(1) || copy.MaxRetryDelay > TimeSpan.FromDays(1))
        {
            throw new ArgumentException("GreenPTClientOptions.RetryDelay and MaxRetryDelay must be from zero to one day.", nameof(options));
        }

        return copy;
    }

    private static void CheckTimeout(TimeSpan value, string name)
    {
        if (value != Timeout.InfiniteTimeSpan && (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue))
        {
            throw new ArgumentException($"GreenPTClientOptions.{name} must be positive (and under 24 days) or Timeout.InfiniteTimeSpan; it was {value}.", "options");
        }
    }
}
