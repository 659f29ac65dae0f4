using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Client;

/// <summary>Tests that change the process environment run alone, so that no other test sees it.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>The <c>GREENPT_BASE_URL</c> environment variable as the default endpoint.</summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class GreenPTClientOptionsEnvironmentTests
{
    private static void WithBaseUrl(string? value, Action test)
    {
        string? before = Environment.GetEnvironmentVariable(GreenPTClientOptions.EndpointEnvironmentVariable);
        Environment.SetEnvironmentVariable(GreenPTClientOptions.EndpointEnvironmentVariable, value);
        try
        {
            test();
        }
        finally
        {
            Environment.SetEnvironmentVariable(GreenPTClientOptions.EndpointEnvironmentVariable, before);
        }
    }

    [Fact]
    public void BaseUrlVariable_IsTheDefaultEndpoint_AndCodeWinsOverIt() => WithBaseUrl("http://127.0.0.1:5080/v1", () =>
    {
        Assert.Equal(new Uri("http://127.0.0.1:5080/v1"), new GreenPTClientOptions().Endpoint);
        using var client = new GreenPTChatClient("sk-test");
        Assert.Equal(new Uri("http://127.0.0.1:5080/v1/"), client.GetService<ChatClientMetadata>()!.ProviderUri);
        Assert.Equal(new Uri("https://api.us.greenpt.ai/v1/"), new GreenPTClientOptions { Endpoint = new Uri("https://api.us.greenpt.ai/v1/") }.Endpoint);
    });

    [Fact]
    public void NoBaseUrlVariable_LeavesTheProductionEndpoint() => WithBaseUrl(null, () =>
        Assert.Equal(GreenPTClientOptions.DefaultEndpoint, new GreenPTClientOptions().Endpoint));

    [Theory, InlineData("not a url"), InlineData("ftp://example.com/v1/"), InlineData("http://[bad")]
    public void InvalidBaseUrlVariable_IsRefused_NamingTheVariable(string value) => WithBaseUrl(value, () =>
    {
        var ex = Assert.Throws<ArgumentException>("options", () => new GreenPTChatClient(new GreenPTClientOptions { ApiKey = "sk-test" }));
        Assert.Contains("GreenPTClientOptions.Endpoint", ex.Message, StringComparison.Ordinal);
        if (!value.StartsWith("ftp", StringComparison.Ordinal))
        {
            Assert.Contains("GREENPT_BASE_URL", ex.Message, StringComparison.Ordinal);
        }
    });

    [Fact]
    public void PlainHttpBaseUrlToARemoteHost_IsRefusedLikeAnyEndpoint() => WithBaseUrl("http://proxy.example.com/v1/", () =>
        Assert.Contains("plain http", Assert.Throws<ArgumentException>(() => new GreenPTChatClient("sk-test")).Message, StringComparison.Ordinal));

    [Fact]
    public void KeyInTheBaseUrlVariable_IsNeverEchoed() => WithBaseUrl("sk-SECRET-swapped-1234", () =>
    {
        var ex = Assert.Throws<ArgumentException>(() => new GreenPTChatClient("sk-test"));
        Assert.DoesNotContain("SECRET", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GREENPT_BASE_URL", ex.Message, StringComparison.Ordinal);
    });

    [Fact]
    public void UserInfoAndTheKeyInAnEndpoint_AreNeverEchoed()
    {
        var withUserInfo = Assert.Throws<ArgumentException>(() => new GreenPTChatClient(new GreenPTClientOptions { ApiKey = "sk-test", Endpoint = new Uri("http://user:p4ssw0rd@proxy.example.com/v1/") }));
        Assert.DoesNotContain("p4ssw0rd", withUserInfo.Message, StringComparison.Ordinal);
        Assert.Contains("proxy.example.com", withUserInfo.Message, StringComparison.Ordinal);

        var withKey = Assert.Throws<ArgumentException>(() => new GreenPTChatClient(new GreenPTClientOptions { ApiKey = "sk-secret-key", Endpoint = new Uri("ftp://example.com/sk-secret-key/") }));
        Assert.DoesNotContain("sk-secret-key", withKey.Message, StringComparison.Ordinal);
    }
}
