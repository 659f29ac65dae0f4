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
/// <para>Each registration also makes a <see cref="GreenPTModelCatalog"/> with the same settings available (plain or under the same key).</para>
/// <para>A non-null <c>serviceKey</c> registers keyed services (<c>[FromKeyedServices(key)]</c>, SK's <c>serviceId</c>); a null key
/// registers the plain ones. Registering the same key again replaces the earlier registration.</para>
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
        string name = AddOptionsAndHttpClient(services, configuration, configure, serviceKey);
        Register<GreenPTChatClient, IChatClient>(services, serviceKey, sp => new GreenPTChatClient(
            OptionsFor(sp, name), HttpClientFor(sp, name), sp.GetService<ILoggerFactory>()));
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
        string name = AddOptionsAndHttpClient(services, configuration, configure, serviceKey);
        Register<GreenPTEmbeddingGenerator, IEmbeddingGenerator<string, Embedding<float>>>(services, serviceKey, sp => new GreenPTEmbeddingGenerator(
            OptionsFor(sp, name), HttpClientFor(sp, name), sp.GetService<ILoggerFactory>()));
        return services;
    }

    private static string AddOptionsAndHttpClient(
        IServiceCollection services, IConfiguration? configuration, Action<GreenPTClientOptions>? configure, object? serviceKey)
    {
        Argument.NotNull(services, nameof(services));
        string name = HttpClientName(serviceKey);
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
        if (!services.Any(d => d.ImplementationInstance is GreenPTClientOptionsValidation v && v.Name == name))
        {
            // One validator per options name, so settings shared by chat and embeddings are reported once.
            services.AddSingleton<IValidateOptions<GreenPTClientOptions>>(
                new GreenPTClientOptionsValidation(name, (configuration as IConfigurationSection)?.Path, serviceKey));
        }

        // The model list of the same account, with the same settings; registered once per key.
        if (serviceKey is null)
        {
            services.TryAddSingleton(sp => new GreenPTModelCatalog(OptionsFor(sp, name), HttpClientFor(sp, name), sp.GetService<ILoggerFactory>()));
        }
        else
        {
            services.TryAddKeyedSingleton(serviceKey, (sp, _) => new GreenPTModelCatalog(OptionsFor(sp, name), HttpClientFor(sp, name), sp.GetService<ILoggerFactory>()));
        }

        // The client's own time limits replace HttpClient's fixed 100 s, which would cut long generations short.
        services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan);
        return name;
    }

    private static void Register<TConcrete, TService>(IServiceCollection services, object? serviceKey, Func<IServiceProvider, TConcrete> create)
        where TConcrete : class, TService
        where TService : class
    {
        if (serviceKey is null)
        {
            services.RemoveAll<TConcrete>();
            services.RemoveAll<TService>();
            services.AddSingleton(create);
            services.AddSingleton<TService>(sp => sp.GetRequiredService<TConcrete>());
        }
        else
        {
            services.RemoveAllKeyed<TConcrete>(serviceKey);
            services.RemoveAllKeyed<TService>(serviceKey);
            services.AddKeyedSingleton(serviceKey, (sp, _) => create(sp));
            services.AddKeyedSingleton<TService>(serviceKey, (sp, key) => sp.GetRequiredKeyedService<TConcrete>(key));
        }
    }

    private static GreenPTClientOptions OptionsFor(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<GreenPTClientOptions>>().Get(name);

    private static HttpClient HttpClientFor(IServiceProvider services, string name) =>
        services.GetRequiredService<System.Net.Http.IHttpClientFactory>().CreateClient(name);
}
