using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Moq;
using Moq.Protected;

namespace GreenPT.AI.Tests.Client;

/// <summary>The client's surface: construction, headers, service discovery, and that the key never leaks.</summary>
public sealed class GreenPTChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, InlineData(false), InlineData(true)]
    public async Task SendsBearerKeyUserAgentAndAccept_ToChatCompletions(bool streaming)
    {
        HttpRequestMessage? seen = null;
        var handler = new Mock<HttpMessageHandler>(MockBehavior.Strict);
        handler.Protected()
            .Setup<Task<HttpResponseMessage>>("SendAsync", ItExpr.IsAny<HttpRequestMessage>(), ItExpr.IsAny<CancellationToken>())
            .Callback<HttpRequestMessage, CancellationToken>((request, _) => seen = request)
            .ReturnsAsync(() => new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(streaming ? TestClients.MinimalStream : TestClients.MinimalCompletion, Encoding.UTF8, streaming ? "text/event-stream" : "application/json"),
            });

        using var client = new GreenPTChatClient(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, DefaultModelId = "green-l" }, new HttpClient(handler.Object));
        if (streaming)
        {
            await TestClients.StreamAsync(client);
        }
        else
        {
            await client.GetResponseAsync("Hi", cancellationToken: Ct);
        }

        handler.Protected().Verify("SendAsync", Times.Once(), ItExpr.IsAny<HttpRequestMessage>(), ItExpr.IsAny<CancellationToken>());
        Assert.NotNull(seen);
        Assert.Equal(HttpMethod.Post, seen.Method);
        Assert.Equal(new Uri("https://api.greenpt.ai/v1/chat/completions"), seen.RequestUri);
        Assert.Equal(new AuthenticationHeaderValue("Bearer", TestClients.ApiKey), seen.Headers.Authorization);
        Assert.Matches(@"^GreenPT\.AI/\d+\.\d+\.\d+", seen.Headers.UserAgent.ToString());
        Assert.Equal(streaming ? "text/event-stream" : "application/json", Assert.Single(seen.Headers.Accept).MediaType);
        Assert.Equal("application/json", seen.Content!.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task EndpointWithoutTrailingSlash_KeepsItsPath()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(TestClients.MinimalCompletion));
        using GreenPTChatClient client = TestClients.Create(handler, o => o.Endpoint = new Uri("https://api.us.greenpt.ai/v1"));
        await client.GetResponseAsync("Hi", cancellationToken: Ct);
        Assert.Equal(new Uri("https://api.us.greenpt.ai/v1/chat/completions"), handler.Requests[0].Uri);
    }

    [Fact]
    public void GetService_AnswersMetadataClientAndOptions()
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(), o => o.DefaultModelId = "green-r");

        ChatClientMetadata metadata = Assert.IsType<ChatClientMetadata>(client.GetService(typeof(ChatClientMetadata)));
        Assert.Equal("greenpt", metadata.ProviderName);
        Assert.Equal(TestClients.Endpoint, metadata.ProviderUri);
        Assert.Equal("green-r", metadata.DefaultModelId);
        Assert.Same(client, client.GetService<GreenPTChatClient>());
        Assert.Same(client, client.GetService<IChatClient>());
        Assert.Equal("green-r", client.GetService<GreenPTClientOptions>()!.DefaultModelId);
        Assert.Null(client.GetService<ChatClientMetadata>("some-key"));
        Assert.Null(client.GetService<string>());
        Assert.Throws<ArgumentNullException>("serviceType", () => client.GetService(null!));
    }

    [Fact]
    public void OptionsAreCopied_LaterChangesDoNotAffectTheClient()
    {
        var options = new GreenPTClientOptions { ApiKey = TestClients.ApiKey, DefaultModelId = "green-l" };
        using var client = new GreenPTChatClient(options);
        options.DefaultModelId = "changed";
        Assert.Equal("green-l", client.GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    [Fact]
    public void NullArguments_AreRejected()
    {
        Assert.Throws<ArgumentNullException>("options", () => new GreenPTChatClient((GreenPTClientOptions)null!));
        Assert.Throws<ArgumentNullException>("apiKey", () => new GreenPTChatClient(apiKey: null!));
    }

    [Fact]
    public void ToString_NeverShowsTheKey()
    {
        var options = new GreenPTClientOptions { ApiKey = TestClients.ApiKey };
        using var client = new GreenPTChatClient(options);
        Assert.DoesNotContain(TestClients.ApiKey, client.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.ApiKey, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("(set)", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NullMessages_AreRejected()
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler());
        await Assert.ThrowsAsync<ArgumentNullException>("messages", () => client.GetResponseAsync((IEnumerable<ChatMessage>)null!, cancellationToken: Ct));
    }

    [Fact]
    public async Task NoModelAnywhere_IsAClearError()
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(), o => o.DefaultModelId = null);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
        Assert.Contains("ModelId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelledToken_CancelsBeforeSending()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(TestClients.MinimalCompletion));
        using GreenPTChatClient client = TestClients.Create(handler);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync("Hi", cancellationToken: cts.Token));
    }

    [Fact]
    public void DisposingTheClient_LeavesACallersHttpClientUsable()
    {
        using var http = new HttpClient(new ScriptedHandler());
        new GreenPTChatClient(new GreenPTClientOptions { ApiKey = TestClients.ApiKey }, http).Dispose();
        Assert.Equal(TimeSpan.FromSeconds(100), http.Timeout);
        _ = http.DefaultRequestHeaders.ToString();
    }

    [Fact]
    public void OptionsHandedOutByGetService_HaveNoKey()
    {
        using var client = new GreenPTChatClient(TestClients.ApiKey);
        using var generator = new GreenPTEmbeddingGenerator(TestClients.ApiKey);
        Assert.Null(client.GetService<GreenPTClientOptions>()!.ApiKey);
        Assert.Null(generator.GetService<GreenPTClientOptions>()!.ApiKey);
    }
}
