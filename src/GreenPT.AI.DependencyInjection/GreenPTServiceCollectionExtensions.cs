using GreenPT.AI;
using GreenPT.AI.DependencyInjection;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers GreenPT's chat client and embedding generator in an <see cref="IServiceCollection"/>: an ASP.NET Core or generic
/// host, or Semantic Kernel's <c>IKernelBuilder.Services</c>.
/// </summary>
/// <remarks>
/// <para>Settings come from an <see cref="IConfiguration"/> section (keys named like <see cref="GreenPTClientOptions"/>'s properties:
/// <c>ApiKey</c>, <c>Endpoint</c>, <c>DefaultModelId</c>, <c>ResponseTimeout</c>, <c>MaxRetries</c>, …) and/or a delegate, and are
/// validated when the client is first resolved (and at host start), with a message that names the bad setting and never the key.</para>
/// <para>The <see cref="HttpClient"/> comes from <see cref="System.Net.Http.IHttpClientFactory"/> under the name
/// <see cref="HttpClientName(object?)"/>; configure it further with <c>services.AddHttpClient(name)</c>.</para>
/// <para><c>AddGreenPTChatClient</c> also registers a <see cref="GreenPTModelCatalog"/> with the same settings (plain or under the same key).
/// The chat client's and the embedding generator's settings are separate, even under one key; they share the named HttpClient.</para>
/// <para>A non-null <c>serviceKey</c> registers keyed services (<c>[FromKeyedServices(key)]</c>, SK's <c>serviceId</c>); a null key
/// registers the plain ones. Registering the same kind of client under the same key again replaces the earlier registration, settings
/// included; registrations of other providers stay (the last one registered wins when a single service is resolved).</para>
/// </remarks>
public static class GreenPTServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> (and options) used for <paramref name="serviceKey"/>: <c>GreenPT</c>, or <c>GreenPT:{key}</c>.</summary>
    /// <param name="serviceKey">The service key, or <see langword="null"/> for the plain registration.</param>
    public static string HttpClientName(object? serviceKey) => serviceKey is null ? "GreenPT" : "GreenPT:" + serviceKey;

    /// <summary>Registers a GreenPT <see cref="IChatClient"/> (and <see cref="GreenPTChatClient"/>) configured by a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configure">Sets the options, at least <see cref="GreenPTClientOptions.ApiKey"/>.</param>
    /// <param name="serviceKey">A key for a keyed registration, or <see langword="null"/> for the plain one.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddGreenPTChatClient(this IServiceCollection services, Action<GreenPTClientOptions> configure, object? serviceKey = null) =>
        services.AddGreenPTChatClient(configuration: null, Argument.NotNull(configure, nameof(configure)), serviceKey);

    /// <summary>Registers a GreenPT <see cref="IChatClient"/> (and <see cref="GreenPTChatClient"/>) configured from a configuration section.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configuration">The section holding the settings, for example <c>builder.Configuration.GetSection("GreenPT")</c>.</param>
    /// <param name="serviceKey">A key for a keyed registration, or <see langword="null"/> for the plain one.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddGreenPTChatClient(this IServiceCollection services, IConfiguration configuration, object? serviceKey = null) =>
        services.AddGreenPTChatClient(Argument.NotNull(configuration, nameof(configuration)), configure: null, serviceKey);

    /// <summary>Registers a GreenPT <see cref="IChatClient"/> (and <see cref="GreenPTChatClient"/>) from a configuration section, then a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configuration">The section holding the settings; <see langword="null"/> for none.</param>
    /// <param name="configure">Adjusts the options after binding; <see langword="null"/> for none.</param>
    /// <param name="serviceKey">A key for a keyed registration, or <see langword="null"/> for the plain one.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddGreenPTChatClient(
        this IServiceCollection services, IConfiguration? configuration, Action<GreenPTClientOptions>? configure, object? serviceKey = null)
    {
        string name = AddOptions(services, "Chat", configuration, configure, serviceKey);
        Register<GreenPTChatClient, IChatClient>(services, serviceKey, new Factory<GreenPTChatClient>(sp => new GreenPTChatClient(
            OptionsFor(sp, name), HttpClientFor(sp, serviceKey), sp.GetService<ILoggerFactory>())));
        Register<GreenPTModelCatalog, GreenPTModelCatalog>(services, serviceKey, new Factory<GreenPTModelCatalog>(sp => new GreenPTModelCatalog(
            OptionsFor(sp, name), HttpClientFor(sp, serviceKey), sp.GetService<ILoggerFactory>())));
        return services;
    }

    /// <summary>Registers a GreenPT <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> (and <see cref="GreenPTEmbeddingGenerator"/>) configured by a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configure">Sets the options, at least <see cref="GreenPTClientOptions.ApiKey"/>.</param>
    /// <param name="serviceKey">A key for a keyed registration, or <see langword="null"/> for the plain one.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddGreenPTEmbeddingGenerator(this IServiceCollection services, Action<GreenPTClientOptions> configure, object? serviceKey = null) =>
        services.AddGreenPTEmbeddingGenerator(configuration: null, Argument.NotNull(configure, nameof(configure)), serviceKey);

    /// <summary>Registers a GreenPT <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> (and <see cref="GreenPTEmbeddingGenerator"/>) configured from a configuration section.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configuration">The section holding the settings, for example <c>builder.Configuration.GetSection("GreenPT")</c>.</param>
    /// <param name="serviceKey">A key for a keyed registration, or <see langword="null"/> for the plain one.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddGreenPTEmbeddingGenerator(this IServiceCollection services, IConfiguration configuration, object? serviceKey = null) =>
        services.AddGreenPTEmbeddingGenerator(Argument.NotNull(configuration, nameof(configuration)), configure: null, serviceKey);

    /// <summary>Registers a GreenPT <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> (and <see cref="GreenPTEmbeddingGenerator"/>) from a configuration section, then a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configuration">The section holding the settings; <see langword="null"/> for none.</param>
    /// <param name="configure">Adjusts the options after binding; <see langword="null"/> for none.</param>
    /// <param name="serviceKey">A key for a keyed registration, or <see langword="null"/> for the plain one.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddGreenPTEmbeddingGenerator(
        this IServiceCollection services, IConfiguration? configuration, Action<GreenPTClientOptions>? configure, object? serviceKey = null)
    {
        string name = AddOptions(services, "Embeddings", configuration, configure, serviceKey);
        Register<GreenPTEmbeddingGenerator, IEmbeddingGenerator<string, Embedding<float>>>(services, serviceKey, new Factory<GreenPTEmbeddingGenerator>(sp => new GreenPTEmbeddingGenerator(
            OptionsFor(sp, name), HttpClientFor(sp, serviceKey), sp.GetService<ILoggerFactory>())));
        return services;
    }

    /// <summary>
    /// Registers the options of one kind of client (<c>Chat</c>, <c>Embeddings</c>) under one key, replacing an earlier registration
    /// of the same kind and key, and the named <see cref="HttpClient"/> for the key.
    /// </summary>
    /// <returns>The options name.</returns>
    private static string AddOptions(
        IServiceCollection services, string kind, IConfiguration? configuration, Action<GreenPTClientOptions>? configure, object? serviceKey)
    {
        Argument.NotNull(services, nameof(services));
        string name = kind + ":" + HttpClientName(serviceKey);

        // A second registration of the same kind and key replaces the first: its settings must not pile up on the earlier ones.
        for (int i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IConfigureOptions<GreenPTClientOptions>) && services[i].ImplementationInstance is ConfigureNamedOptions<GreenPTClientOptions> c && c.Name == name
                || services[i].ServiceType == typeof(IOptionsChangeTokenSource<GreenPTClientOptions>) && services[i].ImplementationInstance is IOptionsChangeTokenSource<GreenPTClientOptions> t && t.Name == name
                || services[i].ImplementationInstance is GreenPTClientOptionsValidation v && v.Name == name)
            {
                services.RemoveAt(i);
            }
        }

        OptionsBuilder<GreenPTClientOptions> options = services.AddOptions<GreenPTClientOptions>(name);
        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<GreenPTClientOptions>>(
            new GreenPTClientOptionsValidation(name, (configuration as IConfigurationSection)?.Path, serviceKey));

        // The client's own time limits replace HttpClient's fixed 100 s, which would cut long generations short.
        services.AddHttpClient(HttpClientName(serviceKey), client => client.Timeout = Timeout.InfiniteTimeSpan);
        return name;
    }

    /// <summary>
    /// Registers <typeparamref name="TConcrete"/> and <typeparamref name="TService"/> (one instance), replacing what an earlier
    /// GreenPT registration of the same key put there, and nothing else: other <typeparamref name="TService"/> registrations (such as an
    /// MEAI pipeline) stay, and the last registration wins for a single resolution.
    /// </summary>
    private static void Register<TConcrete, TService>(IServiceCollection services, object? serviceKey, Factory<TConcrete> factory)
        where TConcrete : class, TService
        where TService : class
    {
        for (int i = services.Count - 1; i >= 0; i--)
        {
            ServiceDescriptor d = services[i];
            if ((d.ServiceType == typeof(TConcrete) || d.ServiceType == typeof(TService)) && Equals(d.ServiceKey, serviceKey) &&
                (serviceKey is null ? d.ImplementationFactory?.Target : d.KeyedImplementationFactory?.Target) is IGreenPTFactory)
            {
                services.RemoveAt(i);
            }
        }

        if (serviceKey is null)
        {
            services.AddSingleton(factory.Create);
            if (typeof(TService) != typeof(TConcrete))
            {
                services.AddSingleton<TService>(new Factory<TService>(sp => sp.GetRequiredService<TConcrete>()).Create);
            }
        }
        else
        {
            services.AddKeyedSingleton(serviceKey, factory.CreateKeyed);
            if (typeof(TService) != typeof(TConcrete))
            {
                services.AddKeyedSingleton<TService>(serviceKey, new Factory<TService>(sp => sp.GetRequiredKeyedService<TConcrete>(serviceKey)).CreateKeyed);
            }
        }
    }

    private static GreenPTClientOptions OptionsFor(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<GreenPTClientOptions>>().Get(name);

    private static HttpClient HttpClientFor(IServiceProvider services, object? serviceKey) =>
        services.GetRequiredService<System.Net.Http.IHttpClientFactory>().CreateClient(HttpClientName(serviceKey));

    /// <summary>Marks the factories this package registers, so that a later registration replaces exactly those.</summary>
    private interface IGreenPTFactory;

    private sealed class Factory<T>(Func<IServiceProvider, T> create) : IGreenPTFactory
        where T : class
    {
        public T Create(IServiceProvider services) => create(services);

        public T CreateKeyed(IServiceProvider services, object? key) => create(services);
    }
}
