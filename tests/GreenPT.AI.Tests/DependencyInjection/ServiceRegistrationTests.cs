using System.Net;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GreenPT.AI.Tests.DependencyInjection;

/// <summary><c>AddGreenPTChatClient</c> and <c>AddGreenPTEmbeddingGenerator</c>: resolution, configuration, validation, HttpClient and logging.</summary>
public sealed class ServiceRegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Plain_WithDelegate_ResolvesOneClientForBothServiceTypes()
    {
        var services = new ServiceCollection();
        services.AddGreenPTChatClient(o => { o.ApiKey = TestClients.ApiKey; o.DefaultModelId = "green-l"; });
        using ServiceProvider provider = services.BuildServiceProvider();

        IChatClient client = provider.GetRequiredService<IChatClient>();
        Assert.Same(client, provider.GetRequiredService<GreenPTChatClient>());
        Assert.Equal("green-l", client.GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Equal("greenpt", client.GetService<ChatClientMetadata>()!.ProviderName);
    }

    [Fact]
    public void Keyed_RegistersOnlyUnderItsKey_AndKeysAreIndependent()
    {
        var services = new ServiceCollection();
        services.AddKeyedGreenPTChatClient("greenpt", o => { o.ApiKey = TestClients.ApiKey; o.DefaultModelId = "gemma4"; });
        services.AddKeyedGreenPTChatClient("reasoning", o => { o.ApiKey = TestClients.ApiKey; o.DefaultModelId = "green-r"; });
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Null(provider.GetService<IChatClient>());
        Assert.Equal("gemma4", provider.GetRequiredKeyedService<IChatClient>("greenpt").GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Equal("green-r", provider.GetRequiredKeyedService<IChatClient>("reasoning").GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Same(provider.GetRequiredKeyedService<IChatClient>("greenpt"), provider.GetRequiredKeyedService<GreenPTChatClient>("greenpt"));
    }

    [Fact]
    public void RegisteringTheSameKeyAgain_ReplacesTheClient()
    {
        var services = new ServiceCollection();
        services.AddGreenPTChatClient(o => o.ApiKey = TestClients.ApiKey);
        services.AddGreenPTChatClient(o => o.ApiKey = TestClients.ApiKey);
        Assert.Single(services, d => d.ServiceType == typeof(IChatClient));
    }

    [Fact]
    public void RegisteringAgain_ReplacesTheSettings_InsteadOfPilingThemUp()
    {
        var services = new ServiceCollection();
        services.AddGreenPTChatClient(o => { o.ApiKey = "k1"; o.Endpoint = new Uri("http://proxy.example.com/v1/"); o.AllowInsecureHttp = true; o.DefaultModelId = "green-r"; });
        services.AddGreenPTChatClient(o => o.ApiKey = TestClients.ApiKey);
        using ServiceProvider provider = services.BuildServiceProvider();

        ChatClientMetadata metadata = provider.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>()!;
        Assert.Equal(GreenPTClientOptions.DefaultEndpoint, metadata.ProviderUri);
        Assert.Equal("gemma4", metadata.DefaultModelId);
    }

    [Fact]
    public void ChatAndEmbeddings_KeepTheirOwnSettings_UnderOneKey()
    {
        var services = new ServiceCollection();
        services.AddGreenPTChatClient(o => { o.ApiKey = TestClients.ApiKey; o.MaxRetries = 0; });
        services.AddGreenPTEmbeddingGenerator(o => { o.ApiKey = TestClients.ApiKey; o.MaxRetries = 5; });
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(0, provider.GetRequiredService<IChatClient>().GetService<GreenPTClientOptions>()!.MaxRetries);
        Assert.Equal(5, provider.GetRequiredService<GreenPTEmbeddingGenerator>().GetService<GreenPTClientOptions>()!.MaxRetries);
    }

    [Fact]
    public void OtherChatClientRegistrations_Stay_AndTheLastRegistrationWins()
    {
        var other = new Moq.Mock<IChatClient>().Object;
        var services = new ServiceCollection();
        services.AddSingleton(other);
        services.AddGreenPTChatClient(o => o.ApiKey = TestClients.ApiKey);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.IsType<GreenPTChatClient>(provider.GetRequiredService<IChatClient>());
        Assert.Contains(other, provider.GetServices<IChatClient>());
    }

    [Fact]
    public void Configuration_BindsEverySetting()
    {
        var services = new ServiceCollection();
        services.AddGreenPTChatClient(Config(
            ("GreenPT:ApiKey", TestClients.ApiKey),
            ("GreenPT:Endpoint", "https://api.us.greenpt.ai/v1/"),
            ("GreenPT:DefaultModelId", "green-l-raw"),
            ("GreenPT:DefaultReasoningEffort", "none"),
            ("GreenPT:ResponseTimeout", "00:00:30"),
            ("GreenPT:StreamIdleTimeout", "00:01:00"),
            ("GreenPT:MaxRetries", "5"),
            ("GreenPT:RetryDelay", "00:00:01"),
            ("GreenPT:LogMessageContents", "true")).GetSection("GreenPT"));
        using ServiceProvider provider = services.BuildServiceProvider();

        GreenPTClientOptions options = provider.GetRequiredService<IChatClient>().GetService<GreenPTClientOptions>()!;
        Assert.Equal(new Uri("https://api.us.greenpt.ai/v1/"), options.Endpoint);
        Assert.Equal("green-l-raw", options.DefaultModelId);
        Assert.Equal("none", options.DefaultReasoningEffort);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ResponseTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), options.StreamIdleTimeout);
        Assert.Equal(5, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryDelay);
        Assert.True(options.LogMessageContents);
    }

    [Fact]
    public void Delegate_RunsAfterConfiguration()
    {
        var services = new ServiceCollection();
        services.AddGreenPTChatClient(Config(("ApiKey", TestClients.ApiKey), ("DefaultModelId", "green-l")), o => o.DefaultModelId = "gemma4");
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Equal("gemma4", provider.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "ApiKey", "", "ApiKey is required" },
        { "Endpoint", "api.greenpt.ai/v1", "Endpoint must be an absolute" },
        { "Endpoint", "http://api.greenpt.ai/v1/", "AllowInsecureHttp" },
        { "ResponseTimeout", "-00:00:01", "ResponseTimeout must be positive" },
        { "MaxRetries", "-1", "MaxRetries must be from 0 to 10" },
    };

    [Fact]
    public void InvalidSettingFromASection_IsNamedByItsConfigurationPath_AndReportedOnce()
    {
        var services = new ServiceCollection();
        IConfiguration section = Config(("GreenPT:ApiKey", TestClients.ApiKey), ("GreenPT:ResponseTimeout", "-00:00:01")).GetSection("GreenPT");
        services.AddKeyedGreenPTChatClient("greenpt", section);
        services.AddKeyedGreenPTEmbeddingGenerator("greenpt", section);
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IChatClient>("greenpt"));

        string failure = Assert.Single(ex.Failures);
        Assert.Equal("GreenPT (service key 'greenpt') settings are invalid: GreenPT:ResponseTimeout must be positive (and under 24 days) or Timeout.InfiniteTimeSpan; it was -00:00:01.", failure);
    }

    [Fact]
    public async Task ModelCatalog_IsRegisteredWithTheSameSettings()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""{"data":[{"id":"gemma4"}]}"""));
        var services = new ServiceCollection();
        services.AddKeyedGreenPTChatClient("us", o => { o.ApiKey = TestClients.ApiKey; o.Endpoint = new Uri("https://api.us.greenpt.ai/v1/"); });
        services.AddHttpClient(GreenPTServiceCollectionExtensions.HttpClientName("us")).ConfigurePrimaryHttpMessageHandler(() => handler);
        using ServiceProvider provider = services.BuildServiceProvider();

        IReadOnlyList<GreenPTModelInfo> models = await provider.GetRequiredKeyedService<GreenPTModelCatalog>("us").ListAsync(cancellationToken: Ct);

        Assert.Equal("gemma4", Assert.Single(models).Id);
        Assert.Equal(new Uri("https://api.us.greenpt.ai/v1/models"), handler.Requests[0].Uri);
    }

    [Theory, MemberData(nameof(BadSettings))]
    public void InvalidSettings_FailAtResolution_NamingTheSetting_NotTheKey(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string> { ["ApiKey"] = TestClients.ApiKey, [key] = value };
        var services = new ServiceCollection();
        services.AddGreenPTChatClient(Config([.. settings.Select(p => (p.Key, p.Value))]));
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IChatClient>());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.ApiKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnparsableValue_FailsNamingTheConfigurationKey()
    {
        var services = new ServiceCollection();
        services.AddGreenPTChatClient(Config(("GreenPT:ApiKey", TestClients.ApiKey), ("GreenPT:ResponseTimeout", "five minutes")).GetSection("GreenPT"));
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IChatClient>());
        Assert.Contains("GreenPT:ResponseTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpClient_ComesFromTheFactory_AndCanBeConfiguredFurther()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(TestClients.MinimalCompletion));
        var services = new ServiceCollection();
        services.AddKeyedGreenPTChatClient("greenpt", o => o.ApiKey = TestClients.ApiKey);
        services.AddHttpClient(GreenPTServiceCollectionExtensions.HttpClientName("greenpt")).ConfigurePrimaryHttpMessageHandler(() => handler);
        using ServiceProvider provider = services.BuildServiceProvider();

        ChatResponse response = await provider.GetRequiredKeyedService<IChatClient>("greenpt").GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal("ok", response.Text);
        Assert.Equal(new Uri("https://api.greenpt.ai/v1/chat/completions"), Assert.Single(handler.Requests).Uri);
    }

    [Fact]
    public async Task Logging_UsesTheContainersLoggerFactory()
    {
        var loggers = new CollectingLoggerFactory(LogLevel.Debug);
        var handler = new ScriptedHandler(ScriptedHandler.Json(Fixtures.Read("greenpt-completion.json"), HttpStatusCode.OK));
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(loggers);
        services.AddGreenPTChatClient(o => o.ApiKey = TestClients.ApiKey);
        services.AddHttpClient(GreenPTServiceCollectionExtensions.HttpClientName(null)).ConfigurePrimaryHttpMessageHandler(() => handler);
        using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Contains(loggers.Lines, l => l.Message.StartsWith("GreenPT chat with gemma4 completed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EmbeddingGenerator_PlainAndKeyed()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""{"data":[{"index":0,"embedding":[1,2]}],"model":"green-embedding"}"""));
        var services = new ServiceCollection();
        services.AddGreenPTEmbeddingGenerator(o => o.ApiKey = TestClients.ApiKey);
        services.AddKeyedGreenPTEmbeddingGenerator("big", Config(("ApiKey", TestClients.ApiKey), ("DefaultEmbeddingModelId", "qwen3-embedding-8b")));
        services.AddHttpClient(GreenPTServiceCollectionExtensions.HttpClientName(null)).ConfigurePrimaryHttpMessageHandler(() => handler);
        using ServiceProvider provider = services.BuildServiceProvider();

        IEmbeddingGenerator<string, Embedding<float>> generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        Assert.Same(generator, provider.GetRequiredService<GreenPTEmbeddingGenerator>());
        Assert.Equal("qwen3-embedding-8b", provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("big").GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);

        Embedding<float> embedding = await generator.GenerateAsync("hello", cancellationToken: Ct);
        Assert.Equal([1f, 2f], embedding.Vector.ToArray());
    }

    [Fact]
    public void ChatAndEmbeddingsUnderOneKey_ShareTheSettings()
    {
        var services = new ServiceCollection();
        IConfiguration section = Config(("ApiKey", TestClients.ApiKey), ("Endpoint", "http://127.0.0.1:5080/v1/"));
        services.AddKeyedGreenPTChatClient("local", section);
        services.AddKeyedGreenPTEmbeddingGenerator("local", section);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(new Uri("http://127.0.0.1:5080/v1/"), provider.GetRequiredKeyedService<IChatClient>("local").GetService<ChatClientMetadata>()!.ProviderUri);
        Assert.Equal(new Uri("http://127.0.0.1:5080/v1/"), provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("local").GetService<EmbeddingGeneratorMetadata>()!.ProviderUri);
    }

    [Fact]
    public void NullArguments_AreRejected()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentNullException>("configure", () => services.AddGreenPTChatClient((Action<GreenPTClientOptions>)null!));
        Assert.Throws<ArgumentNullException>("configuration", () => services.AddGreenPTChatClient((IConfiguration)null!));
        Assert.Throws<ArgumentNullException>("services", () => ((IServiceCollection)null!).AddGreenPTChatClient(o => { }));
    }

    [Fact]
    public void ReturnedBuilder_ComposesMiddlewareOnTheRegisteredClient_PlainAndKeyed()
    {
        var services = new ServiceCollection();
        services.AddGreenPTChatClient(o => o.ApiKey = TestClients.ApiKey).Use(inner => new MarkerChatClient(inner, "plain"));
        services.AddKeyedGreenPTChatClient("k", (IConfiguration?)null, o => o.ApiKey = TestClients.ApiKey)
            .Use(inner => new MarkerChatClient(inner, "outer"))
            .Use(inner => new MarkerChatClient(inner, "inner"));
        using ServiceProvider provider = services.BuildServiceProvider();

        var plain = Assert.IsType<MarkerChatClient>(provider.GetRequiredService<IChatClient>());
        Assert.Equal("plain", plain.Name);
        Assert.Same(provider.GetRequiredService<GreenPTChatClient>(), plain.GetService<GreenPTChatClient>());

        var outer = Assert.IsType<MarkerChatClient>(provider.GetRequiredKeyedService<IChatClient>("k"));
        Assert.Equal("inner", Assert.IsType<MarkerChatClient>(outer.Inner).Name);
        Assert.Same(provider.GetRequiredKeyedService<GreenPTChatClient>("k"), outer.GetService<GreenPTChatClient>());
        Assert.Same(outer, provider.GetRequiredKeyedService<IChatClient>("k"));
    }

    [Fact]
    public void RegisteringAgain_ReplacesThePipelineToo()
    {
        var services = new ServiceCollection();
        services.AddGreenPTChatClient(o => o.ApiKey = TestClients.ApiKey).Use(inner => new MarkerChatClient(inner, "first"));
        services.AddGreenPTChatClient(o => o.ApiKey = TestClients.ApiKey);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.IsType<GreenPTChatClient>(provider.GetRequiredService<IChatClient>());
    }

    [Fact]
    public void EmbeddingBuilder_ComposesMiddleware_AndTheNonGenericGeneratorIsThePipeline()
    {
        var services = new ServiceCollection();
        services.AddKeyedGreenPTEmbeddingGenerator("e", o => o.ApiKey = TestClients.ApiKey).UseLogging();
        services.AddGreenPTEmbeddingGenerator(o => o.ApiKey = TestClients.ApiKey);
        services.AddLogging();
        using ServiceProvider provider = services.BuildServiceProvider();

        var keyed = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("e");
        Assert.IsType<LoggingEmbeddingGenerator<string, Embedding<float>>>(keyed);
        Assert.Same(keyed, provider.GetRequiredKeyedService<IEmbeddingGenerator>("e"));
        Assert.Same(provider.GetRequiredKeyedService<GreenPTEmbeddingGenerator>("e"), keyed.GetService<GreenPTEmbeddingGenerator>());
        Assert.Same(provider.GetRequiredService<GreenPTEmbeddingGenerator>(), provider.GetRequiredService<IEmbeddingGenerator>());
    }

    [Fact]
    public void ImpactTracking_OnTheBuilder_WrapsTheClient()
    {
        var tracker = new GreenPTImpactTracker();
        var services = new ServiceCollection();
        services.AddGreenPTChatClient(o => o.ApiKey = TestClients.ApiKey).UseGreenPTImpactTracking(tracker);
        services.AddKeyedGreenPTChatClient("s", o => o.ApiKey = TestClients.ApiKey).UseGreenPTImpactTracking(_ => tracker);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.IsType<GreenPTImpactTrackingChatClient>(provider.GetRequiredService<IChatClient>());
        Assert.IsType<GreenPTImpactTrackingChatClient>(provider.GetRequiredKeyedService<IChatClient>("s"));
        Assert.Throws<ArgumentNullException>("tracker", () => new ChatClientBuilder(provider.GetRequiredService<GreenPTChatClient>()).UseGreenPTImpactTracking((GreenPTImpactTracker)null!));
    }

    [Fact]
    public async Task PrimaryHandlerTheAppConfigured_IsKept_BeforeAndBetweenRegistrations()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(TestClients.MinimalCompletion));
        var services = new ServiceCollection();
        services.AddHttpClient(GreenPTServiceCollectionExtensions.HttpClientName(null)).ConfigurePrimaryHttpMessageHandler(() => handler);
        services.AddGreenPTChatClient(o => o.ApiKey = TestClients.ApiKey);
        services.AddGreenPTEmbeddingGenerator(o => o.ApiKey = TestClients.ApiKey);
        using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Single(handler.Requests);
        Assert.Equal(Timeout.InfiniteTimeSpan, provider.GetRequiredService<System.Net.Http.IHttpClientFactory>().CreateClient(GreenPTServiceCollectionExtensions.HttpClientName(null)).Timeout);
    }

    [Fact]
    public void DefaultPrimaryHandler_RenewsConnections_AndAcceptsCompressedAnswers()
    {
        var services = new ServiceCollection();
        services.AddKeyedGreenPTChatClient("h", o => o.ApiKey = TestClients.ApiKey);
        using ServiceProvider provider = services.BuildServiceProvider();

        HttpMessageHandler handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(GreenPTServiceCollectionExtensions.HttpClientName("h"));
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler!;
        }

        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.InRange(sockets.PooledConnectionLifetime, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)); // the factory default (its handler lifetime), or ours when that is infinite
        Assert.Equal(DecompressionMethods.GZip | DecompressionMethods.Deflate, sockets.AutomaticDecompression);
    }

    private sealed class MarkerChatClient(IChatClient inner, string name) : DelegatingChatClient(inner)
    {
        public string Name { get; } = name;

        public IChatClient Inner => InnerClient;
    }
}
