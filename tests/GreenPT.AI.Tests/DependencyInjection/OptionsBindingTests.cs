using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GreenPT.AI.Tests.DependencyInjection;

/// <summary>Settings that are more than a value, bound from a configuration section as appsettings.json would hold them.</summary>
public sealed class OptionsBindingTests
{
    [Fact]
    public void ReasoningRoundTripAndModelCapabilities_BindFromConfiguration()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new("GreenPT:ApiKey", TestClients.ApiKey),
            new("GreenPT:ReasoningRoundTrip", "Always"),
            new("GreenPT:ModelCapabilities:my-model:ReasoningEffortValues:0", "low"),
            new("GreenPT:ModelCapabilities:my-model:ReasoningEffortValues:1", "high"),
            new("GreenPT:ModelCapabilities:my-model:Vision", "false"),
            new("GreenPT:ModelCapabilities:my-model:ContextTokens", "8192"),
        ]).Build();
        var services = new ServiceCollection();
        services.AddGreenPTChatClient(configuration.GetSection("GreenPT"));
        using ServiceProvider provider = services.BuildServiceProvider();

        GreenPTClientOptions options = provider.GetRequiredService<IChatClient>().GetService<GreenPTClientOptions>()!;

        Assert.Equal(GreenPTReasoningRoundTrip.Always, options.ReasoningRoundTrip);
        GreenPTModelCapabilities mine = options.ModelCapabilities["MY-MODEL"];
        Assert.Equal(["low", "high"], mine.ReasoningEffortValues);
        Assert.False(mine.Vision);
        Assert.Equal(8192, mine.ContextTokens);
    }

    [Theory]
    [InlineData("Vision", "maybe")]
    [InlineData("ContextTokens", "-5")]
    [InlineData("Kind", "Video")]
    public void ModelCapabilities_AnUnreadableValue_FailsNamingItsConfigurationPath(string property, string value)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new("GreenPT:ApiKey", TestClients.ApiKey),
            new($"GreenPT:ModelCapabilities:m:{property}", value),
        ]).Build();
        var services = new ServiceCollection();
        services.AddGreenPTChatClient(configuration.GetSection("GreenPT"));
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IChatClient>());

        Assert.Contains($"GreenPT:ModelCapabilities:m:{property}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.ApiKey, ex.Message, StringComparison.Ordinal);
    }
}

