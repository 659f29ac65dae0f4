using GreenPT.AI;
using GreenPT.AI.DependencyInjection;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

// GreenPT's typed clients for endpoints MEAI has no abstraction for: registered as singletons of their own type, with the same
// settings binding, validation, named HttpClient and replacement rules as the chat client.
public static partial class GreenPTServiceCollectionExtensions
{
    /// <summary>Registers a <see cref="GreenPTReranker"/> configured from a configuration section.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configuration">The section holding the settings, for example <c>builder.Configuration.GetSection("GreenPT")</c>.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGreenPTReranker(this IServiceCollection services, IConfiguration configuration) =>
        AddKeyedGreenPTReranker(services, serviceKey: null, Argument.NotNull(configuration, nameof(configuration)), configure: null);

    /// <summary>Registers a <see cref="GreenPTReranker"/> configured by a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configure">Sets the options, at least <see cref="GreenPTClientOptions.ApiKey"/>.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGreenPTReranker(this IServiceCollection services, Action<GreenPTClientOptions> configure) =>
        AddKeyedGreenPTReranker(services, serviceKey: null, configuration: null, Argument.NotNull(configure, nameof(configure)));

    /// <summary>Registers a <see cref="GreenPTReranker"/>, keyed when <paramref name="serviceKey"/> is given, from a configuration section, then a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="serviceKey">The key; <see langword="null"/> registers the plain service.</param>
    /// <param name="configuration">The section holding the settings; <see langword="null"/> for none.</param>
    /// <param name="configure">Adjusts the options after binding; <see langword="null"/> for none.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddKeyedGreenPTReranker(
        this IServiceCollection services, object? serviceKey, IConfiguration? configuration, Action<GreenPTClientOptions>? configure)
    {
        string name = AddOptions(services, "Rerank", configuration, configure, serviceKey);
        Register(services, serviceKey, typeof(GreenPTReranker), sp => new GreenPTReranker(OptionsFor(sp, name), HttpClientFor(sp, serviceKey), sp.GetService<ILoggerFactory>()));
        return services;
    }

    /// <summary>Registers a <see cref="GreenPTWebSearchClient"/> (GreenPT's web searches, and their <c>AIFunction</c>s) configured from a configuration section.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configuration">The section holding the settings, for example <c>builder.Configuration.GetSection("GreenPT")</c>.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGreenPTWebSearch(this IServiceCollection services, IConfiguration configuration) =>
        AddKeyedGreenPTWebSearch(services, serviceKey: null, Argument.NotNull(configuration, nameof(configuration)), configure: null);

    /// <summary>Registers a <see cref="GreenPTWebSearchClient"/> configured by a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configure">Sets the options, at least <see cref="GreenPTClientOptions.ApiKey"/>.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGreenPTWebSearch(this IServiceCollection services, Action<GreenPTClientOptions> configure) =>
        AddKeyedGreenPTWebSearch(services, serviceKey: null, configuration: null, Argument.NotNull(configure, nameof(configure)));

    /// <summary>Registers a <see cref="GreenPTWebSearchClient"/>, keyed when <paramref name="serviceKey"/> is given, from a configuration section, then a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="serviceKey">The key; <see langword="null"/> registers the plain service.</param>
    /// <param name="configuration">The section holding the settings; <see langword="null"/> for none.</param>
    /// <param name="configure">Adjusts the options after binding; <see langword="null"/> for none.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddKeyedGreenPTWebSearch(
        this IServiceCollection services, object? serviceKey, IConfiguration? configuration, Action<GreenPTClientOptions>? configure)
    {
        string name = AddOptions(services, "WebSearch", configuration, configure, serviceKey);
        Register(services, serviceKey, typeof(GreenPTWebSearchClient), sp => new GreenPTWebSearchClient(OptionsFor(sp, name), HttpClientFor(sp, serviceKey), sp.GetService<ILoggerFactory>()));
        return services;
    }

    /// <summary>
    /// Registers a GreenPT <see cref="ISpeechToTextClient"/> (MEAI's experimental speech-to-text abstraction, <c>MEAI001</c>) and the
    /// <see cref="GreenPTSpeechToTextClient"/> under it, configured from a configuration section.
    /// </summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configuration">The section holding the settings, for example <c>builder.Configuration.GetSection("GreenPT")</c>.</param>
    /// <returns>The builder of the registered <see cref="ISpeechToTextClient"/>'s pipeline, for adding middleware.</returns>
    public static SpeechToTextClientBuilder AddGreenPTSpeechToTextClient(this IServiceCollection services, IConfiguration configuration) =>
        AddKeyedGreenPTSpeechToTextClient(services, serviceKey: null, Argument.NotNull(configuration, nameof(configuration)), configure: null);

    /// <summary>Registers a GreenPT <see cref="ISpeechToTextClient"/> (and <see cref="GreenPTSpeechToTextClient"/>) configured by a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configure">Sets the options, at least <see cref="GreenPTClientOptions.ApiKey"/>.</param>
    /// <returns>The builder of the registered <see cref="ISpeechToTextClient"/>'s pipeline, for adding middleware.</returns>
    public static SpeechToTextClientBuilder AddGreenPTSpeechToTextClient(this IServiceCollection services, Action<GreenPTClientOptions> configure) =>
        AddKeyedGreenPTSpeechToTextClient(services, serviceKey: null, configuration: null, Argument.NotNull(configure, nameof(configure)));

    /// <summary>
    /// Registers a GreenPT <see cref="ISpeechToTextClient"/> (and <see cref="GreenPTSpeechToTextClient"/>), keyed when <paramref name="serviceKey"/>
    /// is given, from a configuration section, then a delegate.
    /// </summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="serviceKey">The key; <see langword="null"/> registers the plain services.</param>
    /// <param name="configuration">The section holding the settings; <see langword="null"/> for none.</param>
    /// <param name="configure">Adjusts the options after binding; <see langword="null"/> for none.</param>
    /// <returns>The builder of the registered <see cref="ISpeechToTextClient"/>'s pipeline, for adding middleware.</returns>
    public static SpeechToTextClientBuilder AddKeyedGreenPTSpeechToTextClient(
        this IServiceCollection services, object? serviceKey, IConfiguration? configuration, Action<GreenPTClientOptions>? configure)
    {
        string name = AddOptions(services, "SpeechToText", configuration, configure, serviceKey);
        Register(services, serviceKey, typeof(GreenPTSpeechToTextClient), sp => new GreenPTSpeechToTextClient(OptionsFor(sp, name), HttpClientFor(sp, serviceKey), sp.GetService<ILoggerFactory>()));
        var builder = new SpeechToTextClientBuilder(sp => Resolve<GreenPTSpeechToTextClient>(sp, serviceKey));
        Register(services, serviceKey, typeof(ISpeechToTextClient), builder.Build);
        return builder;
    }
}
