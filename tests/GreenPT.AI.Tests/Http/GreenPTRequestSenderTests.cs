using System.Net;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Http;

/// <summary>Which failures the sender retries, how often and how long it waits: with scripted responses, no sockets.</summary>
public sealed class GreenPTRequestSenderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class ThrowingHandler(Exception exception) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromException<HttpResponseMessage>(exception);
        }
    }

    [Fact]
    public async Task RetryAfterLongerThanTheCap_IsNotRetriedEarly()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("{}", HttpStatusCode.TooManyRequests, ("Retry-After", "60")));
        using GreenPTChatClient client = TestClients.Create(handler, o => { o.MaxRetries = 2; o.MaxRetryDelay = TimeSpan.FromMilliseconds(100); });

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.Single(handler.Requests);
        Assert.Equal(TimeSpan.FromSeconds(60), ex.RetryAfter);
    }

    [Fact]
    public async Task ConnectionFailureAfterTheRequestWasSent_IsNotRetried_ButRefusedConnectionsAre()
    {
        var sent = new ThrowingHandler(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        using (var client = new GreenPTChatClient(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, RetryDelay = TimeSpan.Zero }, new HttpClient(sent)))
        {
            var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
            Assert.StartsWith("The connection to GreenPT failed during the request", ex.Message, StringComparison.Ordinal);
        }

        var refused = new ThrowingHandler(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));
        using (var client = new GreenPTChatClient(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, RetryDelay = TimeSpan.Zero }, new HttpClient(refused)))
        {
            var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
            Assert.StartsWith("Could not reach GreenPT", ex.Message, StringComparison.Ordinal);
            Assert.True(ex.IsTransient);
        }

        Assert.Equal(1, sent.Calls);
        Assert.Equal(3, refused.Calls);
    }

    [Fact]
    public async Task NonTransientErrors_AreNotRetried()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(Fixtures.Read("greenpt-error-401.json"), HttpStatusCode.Unauthorized));
        using GreenPTChatClient client = TestClients.Create(handler, o => { o.MaxRetries = 3; o.RetryDelay = TimeSpan.Zero; });
        await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task TransientErrors_AreRetriedThenSucceed()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.Json("{}", HttpStatusCode.ServiceUnavailable),
            ScriptedHandler.Json("{}", HttpStatusCode.TooManyRequests, ("Retry-After", "0")),
            ScriptedHandler.Json(TestClients.MinimalCompletion));
        using GreenPTChatClient client = TestClients.Create(handler, o => { o.MaxRetries = 2; o.RetryDelay = TimeSpan.Zero; });

        ChatResponse response = await client.GetResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("ok", response.Text);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task LastRetryFailure_SaysHowManyAttempts()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""{"error":{"message":"busy"}}""", HttpStatusCode.ServiceUnavailable));
        using GreenPTChatClient client = TestClients.Create(handler, o => { o.MaxRetries = 2; o.RetryDelay = TimeSpan.Zero; });

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Contains("3 attempts", ex.Message, StringComparison.Ordinal);
        Assert.Contains("busy", ex.Message, StringComparison.Ordinal);
    }
}
