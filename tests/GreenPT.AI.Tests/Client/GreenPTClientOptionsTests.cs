using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Client;

/// <summary>The settings: their defaults, and every rule checked when a client is created, with messages that name the setting and never the key.</summary>
public sealed class GreenPTClientOptionsTests
{
    [Theory, InlineData("sk-abc\n"), InlineData(" sk-abc"), InlineData("sk-a\r\nb"), InlineData(""), InlineData("  ")]
    public void ApiKeyWithLineBreaksOrSpaces_IsRefusedNamingTheSetting(string key)
    {
        var fromKey = Assert.Throws<ArgumentException>("apiKey", () => new GreenPTChatClient(key));
        Assert.StartsWith("apiKey ", fromKey.Message, StringComparison.Ordinal);
        var fromOptions = Assert.Throws<ArgumentException>("options", () => new GreenPTChatClient(new GreenPTClientOptions { ApiKey = key }));
        Assert.Contains("GreenPTClientOptions.ApiKey", fromOptions.Message, StringComparison.Ordinal);
        foreach (ArgumentException ex in new[] { fromKey, fromOptions })
        {
            Assert.DoesNotContain("sk-a", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MissingKey_IsRefusedByEveryClient_NamingTheConstructorsOwnParameter()
    {
        Assert.Throws<ArgumentNullException>("apiKey", () => new GreenPTChatClient(apiKey: null!));
        Assert.Throws<ArgumentNullException>("apiKey", () => new GreenPTEmbeddingGenerator(apiKey: null!));
        Assert.Throws<ArgumentNullException>("apiKey", () => new GreenPTModelCatalog(apiKey: null!));
        Assert.Contains("GreenPTClientOptions.ApiKey is required", Assert.Throws<ArgumentException>("options", () => new GreenPTEmbeddingGenerator(new GreenPTClientOptions())).Message, StringComparison.Ordinal);
        Assert.Contains("GreenPTClientOptions.ApiKey is required", Assert.Throws<ArgumentException>("options", () => new GreenPTModelCatalog(new GreenPTClientOptions())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndpointWithAQuery_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GreenPTChatClient(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = new Uri("https://api.greenpt.ai/v1?x=1") }));
        Assert.Contains("query", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PublicValidate_ReportsTheFirstBadSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GreenPTClientOptions { ApiKey = "k", MaxRetries = 99 }.Validate());
        Assert.Contains("MaxRetries", ex.Message, StringComparison.Ordinal);
        new GreenPTClientOptions { ApiKey = "k" }.Validate();
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        using var client = new GreenPTChatClient(TestClients.ApiKey);
        ChatClientMetadata metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Equal("gemma4", metadata.DefaultModelId);
        Assert.Equal(new Uri("https://api.greenpt.ai/v1/"), metadata.ProviderUri);
        GreenPTClientOptions options = client.GetService<GreenPTClientOptions>()!;
        Assert.Equal(2, options.MaxRetries);
        Assert.Null(options.DefaultReasoningEffort);
    }

    [Theory, MemberData(nameof(BadSettings))]
    public void InvalidSettings_AreRejectedNamingTheSetting_WithoutTheKey(string setting, Action<GreenPTClientOptions> spoil)
    {
        var options = new GreenPTClientOptions { ApiKey = TestClients.ApiKey };
        spoil(options);
        var ex = Assert.Throws<ArgumentException>("options", () => new GreenPTChatClient(options));
        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.ApiKey, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:5080/v1/")]
    [InlineData("http://127.0.0.1:5080/v1/")]
    [InlineData("http://[::1]:5080/v1/")]
    public void PlainHttp_IsAllowedToLoopback(string endpoint)
    {
        using var client = new GreenPTChatClient(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = new Uri(endpoint) });
        Assert.NotNull(client);
    }

    [Fact]
    public void PlainHttp_ToARemoteHost_NeedsExplicitConsent()
    {
        using var client = new GreenPTChatClient(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = new Uri("http://gpu-box.lan/v1/"), AllowInsecureHttp = true });
        Assert.NotNull(client);
    }

    public static TheoryData<string, Action<GreenPTClientOptions>> BadSettings => new()
    {
        { "ApiKey", o => o.ApiKey = " " },
        { "Endpoint", o => o.Endpoint = new Uri("/v1/", UriKind.Relative) },
        { "Endpoint", o => o.Endpoint = new Uri("ftp://example.com/") },
        { "AllowInsecureHttp", o => o.Endpoint = new Uri("http://api.example.com/v1/") },
        { "ResponseTimeout", o => o.ResponseTimeout = TimeSpan.FromSeconds(-1) },
        { "StreamIdleTimeout", o => o.StreamIdleTimeout = TimeSpan.Zero },
        { "MaxRetries", o => o.MaxRetries = -1 },
        { "DefaultModelId", o => o.DefaultModelId = "" },
    };
}
