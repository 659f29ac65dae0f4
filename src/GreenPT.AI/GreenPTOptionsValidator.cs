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
        if (copy.MaxRetries < 0)
        {
            throw new ArgumentException($"GreenPTClientOptions.MaxRetries must be 0 or more; it was {copy.MaxRetries}.", nameof(options));
        }

        if (copy.RetryDelay < TimeSpan.Zero || copy.MaxRetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("GreenPTClientOptions.RetryDelay and MaxRetryDelay must not be negative.", nameof(options));
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
