using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GreenPT.AI.Tests.DependencyInjection;

/// <summary>The registrations of GreenPT's typed clients (reranking, web search, speech to text): resolution, configuration, validation, keys.</summary>
public sealed class ServiceClientRegistrationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Reranker_FromConfiguration_IsOneSingletonWithThoseSettings()
    {
        var services = new ServiceCollection();
        services.AddGreenPTReranker(Config(("GreenPT:ApiKey", TestClients.ApiKey), ("GreenPT:DefaultRerankModelId", "other-rerank"), ("GreenPT:Endpoint", "http://127.0.0.1:9/v1/")).GetSection("GreenPT"));
        using ServiceProvider provider = services.BuildServiceProvider();

        GreenPTReranker reranker = provider.GetRequiredService<GreenPTReranker>();
        Assert.Same(reranker, provider.GetRequiredService<GreenPTReranker>());
        Assert.Equal("GreenPTReranker { Endpoint = http://127.0.0.1:9/v1/, DefaultModelId = other-rerank }", reranker.ToString());
    }

    [Fact]
    public void Reranker_Keyed_AndRegisteredAgain_ReplacesOnlyItsOwnKey()
    {
        var services = new ServiceCollection();
        services.AddKeyedGreenPTReranker("a", null, o => { o.ApiKey = TestClients.ApiKey; o.DefaultRerankModelId = "first"; });
        services.AddKeyedGreenPTReranker("a", null, o => { o.ApiKey = TestClients.ApiKey; o.DefaultRerankModelId = "second"; });
        services.AddGreenPTReranker(o => o.ApiKey = TestClients.ApiKey);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(GreenPTReranker) && Equals(d.ServiceKey, "a"));
        Assert.Contains("DefaultModelId = second", provider.GetRequiredKeyedService<GreenPTReranker>("a").ToString(), StringComparison.Ordinal);
        Assert.Contains("DefaultModelId = green-rerank", provider.GetRequiredService<GreenPTReranker>().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reranker_BadSetting_FailsAtResolution_NamingTheConfigurationKey()
    {
        var services = new ServiceCollection();
        services.AddGreenPTReranker(Config(("GreenPT:ApiKey", TestClients.ApiKey), ("GreenPT:MaxRerankBatchSize", "0")).GetSection("GreenPT"));
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<GreenPTReranker>());
        Assert.Contains("GreenPT:MaxRerankBatchSize must be at least 1; it was 0.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.ApiKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reranker_EmptyBatchSizeInConfiguration_IsAnError()
    {
        var services = new ServiceCollection();
        services.AddGreenPTReranker(Config(("GreenPT:ApiKey", TestClients.ApiKey), ("GreenPT:MaxRerankBatchSize", "")).GetSection("GreenPT"));
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<GreenPTReranker>());
        Assert.Contains("GreenPT:MaxRerankBatchSize is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WebSearch_FromConfiguration_AndKeyed()
    {
        var services = new ServiceCollection();
        services.AddGreenPTWebSearch(Config(("GreenPT:ApiKey", TestClients.ApiKey), ("GreenPT:Endpoint", "http://127.0.0.1:9/v1/")).GetSection("GreenPT"));
        services.AddKeyedGreenPTWebSearch("other", null, o => o.ApiKey = TestClients.ApiKey);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal("GreenPTWebSearchClient { Endpoint = http://127.0.0.1:9/v1/ }", provider.GetRequiredService<GreenPTWebSearchClient>().ToString());
        Assert.Equal("GreenPTWebSearchClient { Endpoint = https://api.greenpt.ai/v1/ }", provider.GetRequiredKeyedService<GreenPTWebSearchClient>("other").ToString());
        Assert.Same(provider.GetRequiredService<GreenPTWebSearchClient>(), provider.GetRequiredService<GreenPTWebSearchClient>());
    }

    [Fact]
    public void SpeechToText_ResolvesTheClientUnderTheInterface_WithItsModel()
    {
        var services = new ServiceCollection();
        services.AddGreenPTSpeechToTextClient(Config(("GreenPT:ApiKey", TestClients.ApiKey), ("GreenPT:DefaultSpeechToTextModelId", "green-s-pro")).GetSection("GreenPT"));
        using ServiceProvider provider = services.BuildServiceProvider();

        Microsoft.Extensions.AI.ISpeechToTextClient client = provider.GetRequiredService<Microsoft.Extensions.AI.ISpeechToTextClient>();
        Assert.Same(provider.GetRequiredService<GreenPTSpeechToTextClient>(), client.GetService(typeof(GreenPTSpeechToTextClient)));
        Assert.Equal("green-s-pro", ((Microsoft.Extensions.AI.SpeechToTextClientMetadata)client.GetService(typeof(Microsoft.Extensions.AI.SpeechToTextClientMetadata))!).DefaultModelId);
    }
}
