using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GreenPT.AI.Tests.DependencyInjection;

/// <summary>
/// An <c>Endpoint</c> bound from configuration: left out, it is GreenPT's production API; present but empty (<c>"Endpoint": ""</c> in
/// appsettings.json, an empty <c>GreenPT__Endpoint</c> variable) it is an error that names the key, never a silent fallback.
/// </summary>
public sealed class EndpointConfigurationTests
{
    private static ServiceProvider Provider(params (string Key, string? Value)[] settings)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("GreenPT:ApiKey", TestClients.ApiKey), .. settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))])
            .Build();
        var services = new ServiceCollection();
        services.AddGreenPTChatClient(configuration.GetSection("GreenPT"));
        services.AddGreenPTEmbeddingGenerator(configuration.GetSection("GreenPT"));
        return services.BuildServiceProvider();
    }

    [Fact]
    public void EndpointLeftOut_IsGreenPTsProductionApi()
    {
        using ServiceProvider provider = Provider();

        var metadata = provider.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>()!;

        Assert.Equal(GreenPTClientOptions.DefaultEndpoint, metadata.ProviderUri);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyEndpoint_FailsAtResolution_NamingTheConfigurationKey(string value)
    {
        using ServiceProvider provider = Provider(("GreenPT:Endpoint", value));

        var chat = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IChatClient>());
        var embeddings = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());

        foreach (OptionsValidationException ex in new[] { chat, embeddings })
        {
            string failure = Assert.Single(ex.Failures);
            Assert.StartsWith("GreenPT settings are invalid: GreenPT:Endpoint is empty", failure, StringComparison.Ordinal);
            Assert.Contains("leave the key out", failure, StringComparison.Ordinal);
            Assert.DoesNotContain(TestClients.ApiKey, failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EmptyEndpoint_InCode_IsTheSameError()
    {
        var options = new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = new Uri("", UriKind.Relative) };

        var ex = Assert.Throws<ArgumentException>("options", () => new GreenPTChatClient(options));

        Assert.StartsWith("GreenPTClientOptions.Endpoint is empty", ex.Message, StringComparison.Ordinal);
    }
}
