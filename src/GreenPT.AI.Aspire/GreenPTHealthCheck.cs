using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using DependencyInjectionExtensions = Microsoft.Extensions.DependencyInjection.GreenPTServiceCollectionExtensions;

namespace GreenPT.AI.Aspire;

/// <summary>
/// Healthy when GreenPT answers the model list (<c>GET /v1/models</c>, the cheapest authenticated call) with the configured key:
/// the API is reachable and the key is valid. The result is kept for <see cref="GreenPTClientSettings.HealthCheckCacheDuration"/>, so
/// a health endpoint polled every few seconds costs GreenPT one call a minute.
/// </summary>
internal sealed class GreenPTHealthCheck(GreenPTClientSettings settings, TimeProvider time) : IHealthCheck
{
#if NET9_0_OR_GREATER
    private readonly Lock _gate = new();
#else
    private readonly object _gate = new();
#endif
    private IServiceProvider? _services;
    private Task<HealthCheckResult>? _last;
    private long _lastAt;

    /// <summary>Gives the check the services it takes its HTTP client and loggers from; returns the same check.</summary>
    public GreenPTHealthCheck WithServices(IServiceProvider services)
    {
        _services ??= services;
        return this;
    }

    /// <summary>
    /// The cached result while it is fresh, else one new call; concurrent checks share the call in flight. The call itself is
    /// bounded by <see cref="GreenPTClientSettings.HealthCheckTimeout"/>, and a caller's token ends only that caller's wait.
    /// </summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Task<HealthCheckResult> call;
        lock (_gate)
        {
            if (_last is null || (_last.IsCompleted && time.GetElapsedTime(_lastAt) >= settings.HealthCheckCacheDuration))
            {
                _last = CallAsync(CancellationToken.None);
                _lastAt = time.GetTimestamp();
            }

            call = _last;
        }

        return call.WaitAsync(cancellationToken);
    }

    private async Task<HealthCheckResult> CallAsync(CancellationToken cancellationToken)
    {
        var options = new GreenPTClientOptions
        {
            ApiKey = settings.Key,
            ResponseTimeout = settings.HealthCheckTimeout,
            MaxRetries = 0,
        };
        if (settings.Endpoint is not null)
        {
            options.Endpoint = settings.Endpoint;
        }

        HttpClient? http = (_services?.GetService(typeof(IHttpClientFactory)) as IHttpClientFactory)?.CreateClient(DependencyInjectionExtensions.HttpClientName(null));
        using var catalog = new GreenPTModelCatalog(options, http, _services?.GetService(typeof(ILoggerFactory)) as ILoggerFactory);
        try
        {
            IReadOnlyList<GreenPTModelInfo> models = await catalog.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"GreenPT at {options.Endpoint} answered with {models.Count} models.");
        }
        catch (GreenPTException ex)
        {
            // The library's messages never hold the key.
            return HealthCheckResult.Unhealthy($"GreenPT at {options.Endpoint} did not answer the model list: {ex.Message}");
        }
    }
}
