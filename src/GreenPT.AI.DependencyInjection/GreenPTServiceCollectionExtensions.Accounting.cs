using GreenPT.AI;
using GreenPT.AI.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static partial class GreenPTServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GreenPTImpactTrackers"/>, one tracker per scope over the registered <see cref="GreenPTImpactLedger"/> (for
    /// example <c>AddGreenPTRedisImpactLedger</c>'s; else one in-memory ledger for the app), and the clock from a registered
    /// <see cref="TimeProvider"/>. Add <c>UseGreenPTImpactTracking(scopeOf)</c> to a chat client's pipeline to record and limit each call
    /// in its scope's tracker.
    /// </summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configure">Sets each scope's budget, the default estimate and the metrics choice; called again each time.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddGreenPTImpactTrackers(this IServiceCollection services, Action<GreenPTImpactTrackerOptions>? configure = null)
    {
        Argument.NotNull(services, nameof(services));
        OptionsBuilder<GreenPTImpactTrackerOptions> options = services.AddOptions<GreenPTImpactTrackerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(provider => new GreenPTImpactTrackers(
            provider.GetService<GreenPTImpactLedger>() ?? new GreenPTInMemoryImpactLedger(),
            provider.GetRequiredService<IOptions<GreenPTImpactTrackerOptions>>().Value,
            provider.GetService<TimeProvider>()));
        return services;
    }
}
