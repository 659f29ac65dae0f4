using GreenPT.AI;
using GreenPT.AI.DependencyInjection;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers GreenPT's chat client and embedding generator in an <see cref="IServiceCollection"/> (an ASP.NET Core or generic
/// host, or Semantic Kernel's <c>IKernelBuilder.Services</c>) and returns MEAI's builder, so middleware composes on the registered
/// client: <c>services.AddGreenPTChatClient(section).UseFunctionInvocation().UseOpenTelemetry()</c>.
/// </summary>
/// <remarks>
/// <para>Settings come from an <see cref="IConfiguration"/> section (keys named like <see cref="GreenPTClientOptions"/>'s properties:
/// <c>ApiKey</c>, <c>Endpoint</c>, <c>DefaultModelId</c>, <c>ResponseTimeout</c>, <c>MaxRetries</c>, …) and/or a delegate, and are
/// validated when the client is first resolved (and at host start), with a message that names the bad setting and never the key.</para>
/// <para>The <see cref="HttpClient"/> comes from <see cref="System.Net.Http.IHttpClientFactory"/> under the name
/// <see cref="HttpClientName(object?)"/>; configure it further with <c>services.AddHttpClient(name)</c>.</para>
/// <para>The registered <see cref="IChatClient"/> (or <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, and the non-generic
/// <see cref="IEmbeddingGenerator"/>) is the pipeline the returned builder builds over the <see cref="GreenPTChatClient"/> (or
/// <see cref="GreenPTEmbeddingGenerator"/>), which is registered too, without middleware. <c>AddGreenPTChatClient</c> also registers a
/// <see cref="GreenPTModelCatalog"/> with the same settings. The chat client's and the embedding generator's settings are separate,
/// even under one key; they share the named HttpClient.</para>
/// <para>The <c>AddKeyed…</c> methods register keyed services (<c>[FromKeyedServices(key)]</c>, Semantic Kernel's <c>serviceId</c>).
/// Registering the same kind of client under the same key again replaces the earlier registration, settings and pipeline included;
/// registrations of other providers stay (the last one registered wins when a single service is resolved).</para>
/// </remarks>
public static partial class GreenPTServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> (and options) used for <paramref name="serviceKey"/>: <c>GreenPT</c>, or <c>GreenPT:{key}</c>.</summary>
    /// <param name="serviceKey">The service key, or <see langword="null"/> for the plain registration.</param>
    public static string HttpClientName(object? serviceKey) => serviceKey is null ? "GreenPT" : "GreenPT:" + serviceKey;

    /// <summary>Registers a GreenPT <see cref="IChatClient"/> (and <see cref="GreenPTChatClient"/>) configured from a configuration section.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configuration">The section holding the settings, for example <c>builder.Configuration.GetSection("GreenPT")</c>.</param>
    /// <returns>The builder of the registered <see cref="IChatClient"/>'s pipeline, for adding middleware.</returns>
    public static ChatClientBuilder AddGreenPTChatClient(this IServiceCollection services, IConfiguration configuration) =>
        AddChat(services, serviceKey: null, Argument.NotNull(configuration, nameof(configuration)), configure: null);

    /// <summary>Registers a GreenPT <see cref="IChatClient"/> (and <see cref="GreenPTChatClient"/>) configured by a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configure">Sets the options, at least <see cref="GreenPTClientOptions.ApiKey"/>.</param>
    /// <returns>The builder of the registered <see cref="IChatClient"/>'s pipeline, for adding middleware.</returns>
    public static ChatClientBuilder AddGreenPTChatClient(this IServiceCollection services, Action<GreenPTClientOptions> configure) =>
        AddChat(services, serviceKey: null, configuration: null, Argument.NotNull(configure, nameof(configure)));

    /// <summary>Registers a GreenPT <see cref="IChatClient"/> (and <see cref="GreenPTChatClient"/>) from a configuration section, then a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configuration">The section holding the settings; <see langword="null"/> for none.</param>
    /// <param name="configure">Adjusts the options after binding; <see langword="null"/> for none.</param>
    /// <returns>The builder of the registered <see cref="IChatClient"/>'s pipeline, for adding middleware.</returns>
    public static ChatClientBuilder AddGreenPTChatClient(this IServiceCollection services, IConfiguration? configuration, Action<GreenPTClientOptions>? configure) =>
        AddChat(services, serviceKey: null, configuration, configure);

    /// <summary>Registers a keyed GreenPT <see cref="IChatClient"/> (and <see cref="GreenPTChatClient"/>) configured from a configuration section.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="serviceKey">The key, for example Semantic Kernel's <c>serviceId</c>; <see langword="null"/> registers the plain services.</param>
    /// <param name="configuration">The section holding the settings.</param>
    /// <returns>The builder of the registered <see cref="IChatClient"/>'s pipeline, for adding middleware.</returns>
    public static ChatClientBuilder AddKeyedGreenPTChatClient(this IServiceCollection services, object? serviceKey, IConfiguration configuration) =>
        AddChat(services, serviceKey, Argument.NotNull(configuration, nameof(configuration)), configure: null);

    /// <summary>Registers a keyed GreenPT <see cref="IChatClient"/> (and <see cref="GreenPTChatClient"/>) configured by a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="serviceKey">The key, for example Semantic Kernel's <c>serviceId</c>; <see langword="null"/> registers the plain services.</param>
    /// <param name="configure">Sets the options, at least <see cref="GreenPTClientOptions.ApiKey"/>.</param>
    /// <returns>The builder of the registered <see cref="IChatClient"/>'s pipeline, for adding middleware.</returns>
    public static ChatClientBuilder AddKeyedGreenPTChatClient(this IServiceCollection services, object? serviceKey, Action<GreenPTClientOptions> configure) =>
        AddChat(services, serviceKey, configuration: null, Argument.NotNull(configure, nameof(configure)));

    /// <summary>Registers a keyed GreenPT <see cref="IChatClient"/> (and <see cref="GreenPTChatClient"/>) from a configuration section, then a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="serviceKey">The key, for example Semantic Kernel's <c>serviceId</c>; <see langword="null"/> registers the plain services.</param>
    /// <param name="configuration">The section holding the settings; <see langword="null"/> for none.</param>
    /// <param name="configure">Adjusts the options after binding; <see langword="null"/> for none.</param>
    /// <returns>The builder of the registered <see cref="IChatClient"/>'s pipeline, for adding middleware.</returns>
    public static ChatClientBuilder AddKeyedGreenPTChatClient(
        this IServiceCollection services, object? serviceKey, IConfiguration? configuration, Action<GreenPTClientOptions>? configure) =>
        AddChat(services, serviceKey, configuration, configure);

    /// <summary>Registers a GreenPT embedding generator (and <see cref="GreenPTEmbeddingGenerator"/>) configured from a configuration section.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configuration">The section holding the settings, for example <c>builder.Configuration.GetSection("GreenPT")</c>.</param>
    /// <returns>The builder of the registered generator's pipeline, for adding middleware.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddGreenPTEmbeddingGenerator(this IServiceCollection services, IConfiguration configuration) =>
        AddEmbeddings(services, serviceKey: null, Argument.NotNull(configuration, nameof(configuration)), configure: null);

    /// <summary>Registers a GreenPT embedding generator (and <see cref="GreenPTEmbeddingGenerator"/>) configured by a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configure">Sets the options, at least <see cref="GreenPTClientOptions.ApiKey"/>.</param>
    /// <returns>The builder of the registered generator's pipeline, for adding middleware.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddGreenPTEmbeddingGenerator(this IServiceCollection services, Action<GreenPTClientOptions> configure) =>
        AddEmbeddings(services, serviceKey: null, configuration: null, Argument.NotNull(configure, nameof(configure)));

    /// <summary>Registers a GreenPT embedding generator (and <see cref="GreenPTEmbeddingGenerator"/>) from a configuration section, then a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configuration">The section holding the settings; <see langword="null"/> for none.</param>
    /// <param name="configure">Adjusts the options after binding; <see langword="null"/> for none.</param>
    /// <returns>The builder of the registered generator's pipeline, for adding middleware.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddGreenPTEmbeddingGenerator(
        this IServiceCollection services, IConfiguration? configuration, Action<GreenPTClientOptions>? configure) =>
        AddEmbeddings(services, serviceKey: null, configuration, configure);

    /// <summary>Registers a keyed GreenPT embedding generator (and <see cref="GreenPTEmbeddingGenerator"/>) configured from a configuration section.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="serviceKey">The key, for example Semantic Kernel's <c>serviceId</c>; <see langword="null"/> registers the plain services.</param>
    /// <param name="configuration">The section holding the settings.</param>
    /// <returns>The builder of the registered generator's pipeline, for adding middleware.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedGreenPTEmbeddingGenerator(this IServiceCollection services, object? serviceKey, IConfiguration configuration) =>
        AddEmbeddings(services, serviceKey, Argument.NotNull(configuration, nameof(configuration)), configure: null);

    /// <summary>Registers a keyed GreenPT embedding generator (and <see cref="GreenPTEmbeddingGenerator"/>) configured by a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="serviceKey">The key, for example Semantic Kernel's <c>serviceId</c>; <see langword="null"/> registers the plain services.</param>
    /// <param name="configure">Sets the options, at least <see cref="GreenPTClientOptions.ApiKey"/>.</param>
    /// <returns>The builder of the registered generator's pipeline, for adding middleware.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedGreenPTEmbeddingGenerator(this IServiceCollection services, object? serviceKey, Action<GreenPTClientOptions> configure) =>
        AddEmbeddings(services, serviceKey, configuration: null, Argument.NotNull(configure, nameof(configure)));

    /// <summary>Registers a keyed GreenPT embedding generator (and <see cref="GreenPTEmbeddingGenerator"/>) from a configuration section, then a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="serviceKey">The key, for example Semantic Kernel's <c>serviceId</c>; <see langword="null"/> registers the plain services.</param>
    /// <param name="configuration">The section holding the settings; <see langword="null"/> for none.</param>
    /// <param name="configure">Adjusts the options after binding; <see langword="null"/> for none.</param>
    /// <returns>The builder of the registered generator's pipeline, for adding middleware.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedGreenPTEmbeddingGenerator(
        this IServiceCollection services, object? serviceKey, IConfiguration? configuration, Action<GreenPTClientOptions>? configure) =>
        AddEmbeddings(services, serviceKey, configuration, configure);

    private static ChatClientBuilder AddChat(IServiceCollection services, object? serviceKey, IConfiguration? configuration, Action<GreenPTClientOptions>? configure) =>
        AddChat(services, serviceKey, configuration, configure, httpClient: null);

    /// <summary>
    /// The chat registration, with the caller's own <see cref="HttpClient"/> for the chat client when <paramref name="httpClient"/> is
    /// given (GreenPT.AI.SemanticKernel's overload that takes one); the model catalog keeps the factory's.
    /// </summary>
    internal static ChatClientBuilder AddChat(
        IServiceCollection services, object? serviceKey, IConfiguration? configuration, Action<GreenPTClientOptions>? configure, HttpClient? httpClient)
    {
        string name = AddOptions(services, "Chat", configuration, configure, serviceKey);
        Register(services, serviceKey, typeof(GreenPTChatClient), sp => new GreenPTChatClient(OptionsFor(sp, name), httpClient ?? HttpClientFor(sp, serviceKey), sp.GetService<ILoggerFactory>()));
        Register(services, serviceKey, typeof(GreenPTModelCatalog), sp => new GreenPTModelCatalog(OptionsFor(sp, name), HttpClientFor(sp, serviceKey), sp.GetService<ILoggerFactory>()));

        var builder = new ChatClientBuilder(sp => Resolve<GreenPTChatClient>(sp, serviceKey));
        Register(services, serviceKey, typeof(IChatClient), builder.Build);
        return builder;
    }

    private static EmbeddingGeneratorBuilder<string, Embedding<float>> AddEmbeddings(
        IServiceCollection services, object? serviceKey, IConfiguration? configuration, Action<GreenPTClientOptions>? configure)
    {
        string name = AddOptions(services, "Embeddings", configuration, configure, serviceKey);
        Register(services, serviceKey, typeof(GreenPTEmbeddingGenerator), sp => new GreenPTEmbeddingGenerator(OptionsFor(sp, name), HttpClientFor(sp, serviceKey), sp.GetService<ILoggerFactory>()));

        var builder = new EmbeddingGeneratorBuilder<string, Embedding<float>>(sp => Resolve<GreenPTEmbeddingGenerator>(sp, serviceKey));
        Register(services, serviceKey, typeof(IEmbeddingGenerator<string, Embedding<float>>), builder.Build);
        Register(services, serviceKey, typeof(IEmbeddingGenerator), sp => Resolve<IEmbeddingGenerator<string, Embedding<float>>>(sp, serviceKey));
        return builder;
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
            if ((services[i].ServiceType == typeof(IConfigureOptions<GreenPTClientOptions>) && services[i].ImplementationInstance is ConfigureNamedOptions<GreenPTClientOptions> c && c.Name == name)
                || (services[i].ServiceType == typeof(IOptionsChangeTokenSource<GreenPTClientOptions>) && services[i].ImplementationInstance is IOptionsChangeTokenSource<GreenPTClientOptions> t && t.Name == name)
                || (services[i].ImplementationInstance is GreenPTClientOptionsValidation v && v.Name == name))
            {
                services.RemoveAt(i);
            }
        }

        OptionsBuilder<GreenPTClientOptions> options = services.AddOptions<GreenPTClientOptions>(name);
        if (configuration is not null)
        {
            options.Bind(configuration);
            options.Configure(o => ModelCapabilitiesBinding.Bind(o, configuration));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<GreenPTClientOptions>>(
            new GreenPTClientOptionsValidation(name, configuration, serviceKey));

        AddHttpClient(services, HttpClientName(serviceKey));
        return name;
    }

    /// <summary>
    /// Configures the named <see cref="HttpClient"/> once per name: no fixed 100 s timeout (the client's own time limits replace it),
    /// compressed answers, and, on a <c>SocketsHttpHandler</c>, connections renewed every 5 minutes so that a long-lived
    /// singleton client follows DNS changes. It adjusts whatever primary handler the factory builds and never replaces one that the
    /// app configured (<c>services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(…)</c>, before or after).
    /// </summary>
    private static void AddHttpClient(IServiceCollection services, string name)
    {
        foreach (ServiceDescriptor d in services)
        {
            if (d.ImplementationInstance is ConfiguredHttpClient configured && configured.Name == name)
            {
                return;
            }
        }

        services.AddSingleton(new ConfiguredHttpClient(name));
        services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(static (handler, _) =>
            {
                switch (handler)
                {
#if NET
                    case SocketsHttpHandler sockets:
                        sockets.AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate;
                        if (sockets.PooledConnectionLifetime == Timeout.InfiniteTimeSpan)
                        {
                            sockets.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
                        }

                        break;
#endif
                    case HttpClientHandler client:
                        if (client.SupportsAutomaticDecompression)
                        {
                            client.AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate;
                        }
#if !NET
                        // .NET Framework: 2 connections per server otherwise, and streams are held open for minutes.
                        GreenPT.AI.Http.ConnectionLimit.TryLift(client);
#endif
                        break;
                }
            });
    }

    /// <summary>
    /// Registers one singleton of <paramref name="serviceType"/> under the key (or plain), replacing what an earlier GreenPT
    /// registration of the same type and key put there, and nothing else: other registrations of the type (another provider, an
    /// MEAI pipeline of the user's) stay, and the last registration wins for a single resolution.
    /// </summary>
    private static void Register(IServiceCollection services, object? serviceKey, Type serviceType, Func<IServiceProvider, object> create)
    {
        for (int i = services.Count - 1; i >= 0; i--)
        {
            ServiceDescriptor d = services[i];
            if (d.ServiceType == serviceType && Equals(d.ServiceKey, serviceKey) &&
                (serviceKey is null ? d.ImplementationFactory?.Target : d.KeyedImplementationFactory?.Target) is GreenPTFactory)
            {
                services.RemoveAt(i);
            }
        }

        var factory = new GreenPTFactory(create);
        services.Add(serviceKey is null
            ? ServiceDescriptor.Singleton(serviceType, factory.Create)
            : ServiceDescriptor.KeyedSingleton(serviceType, serviceKey, factory.CreateKeyed));
    }

    private static T Resolve<T>(IServiceProvider services, object? serviceKey)
        where T : notnull =>
        serviceKey is null ? services.GetRequiredService<T>() : services.GetRequiredKeyedService<T>(serviceKey);

    private static GreenPTClientOptions OptionsFor(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<GreenPTClientOptions>>().Get(name);

    private static HttpClient HttpClientFor(IServiceProvider services, object? serviceKey) =>
        services.GetRequiredService<System.Net.Http.IHttpClientFactory>().CreateClient(HttpClientName(serviceKey));

    /// <summary>Marks a named <see cref="HttpClient"/> this package has configured.</summary>
    private sealed class ConfiguredHttpClient(string name)
    {
        public string Name { get; } = name;
    }

    /// <summary>The factories this package registers, told apart by type, so that a later registration replaces exactly those.</summary>
    private sealed class GreenPTFactory(Func<IServiceProvider, object> create)
    {
        public object Create(IServiceProvider services) => create(services);

        public object CreateKeyed(IServiceProvider services, object? key) => create(services);
    }
}
