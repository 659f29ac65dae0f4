using GreenPT.AI;
using GreenPT.AI.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers a <see cref="GreenPTRedisImpactLedger"/> as the app's <see cref="GreenPTImpactLedger"/>, so the trackers of
/// <c>AddGreenPTImpactTrackers()</c> (package <c>GreenPT.AI.DependencyInjection</c>) keep every scope's totals in Redis, shared by
/// every instance of the app.
/// </summary>
public static class GreenPTRedisServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ledger over the <see cref="IConnectionMultiplexer"/> already in the services (for example Aspire's
    /// <c>AddRedisClient</c>, or your own registration); the connection stays the services' to dispose.
    /// </summary>
    /// <param name="services">The services to add to.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddGreenPTRedisImpactLedger(this IServiceCollection services) =>
        AddGreenPTRedisImpactLedger(services, new GreenPTRedisLedgerOptions());

    /// <summary>
    /// Registers the ledger, with <paramref name="options"/>, over the <see cref="IConnectionMultiplexer"/> already in the services; the
    /// connection stays the services' to dispose.
    /// </summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="options">Key prefix, buffer and replay window.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddGreenPTRedisImpactLedger(this IServiceCollection services, GreenPTRedisLedgerOptions options)
    {
        Throw.IfNull(services);
        Throw.IfNull(options);
        return Register(services, provider => new GreenPTRedisImpactLedger(
            provider.GetService<IConnectionMultiplexer>() ?? throw new InvalidOperationException(
                "AddGreenPTRedisImpactLedger() without a configuration uses the IConnectionMultiplexer registered in the services, and none is: " +
                "register one, or pass the Redis configuration string."),
            options));
    }

    /// <summary>
    /// Registers the ledger over a connection it opens from <paramref name="configuration"/> when first resolved (with
    /// <c>abortConnect=false</c>, so that it connects and reconnects in the background), disposed with the services.
    /// </summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configuration">StackExchange.Redis's configuration string, for example <c>127.0.0.1:6379</c>.</param>
    /// <param name="options">Key prefix, buffer and replay window; defaults unless given.</param>
    /// <returns>The same services, for chaining.</returns>
    /// <exception cref="ArgumentException">The configuration is empty or not a valid StackExchange.Redis configuration.</exception>
    public static IServiceCollection AddGreenPTRedisImpactLedger(this IServiceCollection services, string configuration, GreenPTRedisLedgerOptions? options = null)
    {
        Throw.IfNull(services);
        if (string.IsNullOrWhiteSpace(configuration))
        {
            throw new ArgumentException("The Redis configuration string is empty: give the server, for example \"127.0.0.1:6379\".", nameof(configuration));
        }

        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"The Redis configuration string is not valid: {ex.Message}", nameof(configuration), ex);
        }

        parsed.AbortOnConnectFail = false;
        services.TryAddSingleton(_ => new OwnedRedisConnection(parsed));
        return Register(services, provider => new GreenPTRedisImpactLedger(provider.GetRequiredService<OwnedRedisConnection>().Redis, options));
    }

    private static IServiceCollection Register(IServiceCollection services, Func<IServiceProvider, GreenPTRedisImpactLedger> create)
    {
        services.RemoveAll<GreenPTRedisImpactLedger>();
        services.RemoveAll<GreenPTImpactLedger>();
        services.AddSingleton(create);
        services.AddSingleton<GreenPTImpactLedger>(provider => provider.GetRequiredService<GreenPTRedisImpactLedger>());
        return services;
    }

    /// <summary>The connection the registration opened, disposed with the services that own it.</summary>
    private sealed class OwnedRedisConnection(ConfigurationOptions configuration) : IDisposable
    {
        public ConnectionMultiplexer Redis { get; } = ConnectionMultiplexer.Connect(configuration);

        public void Dispose() => Redis.Dispose();
    }
}
