using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using DependencyInjectionExtensions = Microsoft.Extensions.DependencyInjection.GreenPTServiceCollectionExtensions;

namespace GreenPT.AI.Aspire;

/// <summary>
/// Healthy when GreenPT answers the model list (<c>GET /v1/models</c>, the cheapest authenticated call) with the configured key:
/// the API is reachable and the key is valid. The result is kept for <see cref="GreenPTClientSettings.HealthCheckCacheDuration"/>, so
/// a health endpoint polled every few seconds costs GreenPT one call a minute.
/// </summary>
/// <remarks>
/// One instance per connection, made from singletons (the health check service resolves registrations in a scope that ends with each
/// run): the DI package's named HTTP client, the logger factory, and the registered <see cref="TimeProvider"/>, else the system's.
/// </remarks>
internal sealed class GreenPTHealthCheck(GreenPTClientSettings settings, IHttpClientFactory? httpClients, ILoggerFactory? loggers, TimeProvider? time) : IHealthCheck
{
#if NET9_0_OR_GREATER
    private readonly Lock _gate = new();
#else
    private readonly object _gate = new();
#endif
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private Task<HealthCheckResult>? _last;
    private long _lastAt;

    /// <summary>
    /// The cached result while it is fresh, else one new call; concurrent checks share the call in flight. The call itself is
    /// bounded by <see cref="GreenPTClientSettings.HealthCheckTimeout"/>, and a caller's token ends only that caller's wait.
    /// </summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Task<HealthCheckResult> call;
        lock (_gate)
        {
            if (_last is null || (_last.IsCompleted && _time.GetElapsedTime(_lastAt) >= settings.HealthCheckCacheDuration))
            {
                _last = CallAsync(CancellationToken.None);
                _lastAt = _time.GetTimestamp();
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

        HttpClient? http = httpClients?.CreateClient(DependencyInjectionExtensions.HttpClientName(null));
        using var catalog = new GreenPTModelCatalog(options, http, loggers);
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
