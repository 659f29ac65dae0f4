using System.Net;
using System.Net.Sockets;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Http;

/// <summary>
/// Errors that say what they are: an error object after a success carries the status the server put in it, and
/// <see cref="GreenPTException.IsTransient"/> follows it; a custom handler's connection failure is classified like the built-in one's.
/// </summary>
public sealed class ErrorClassificationTests
{
    private const string Content = """{"id":"s","object":"chat.completion.chunk","created":1700000000,"model":"gemma4","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("""{"code":500,"message":"The backend went away","type":"server_error"}""", HttpStatusCode.InternalServerError, true)]
    [InlineData("""{"code":503,"message":"Overloaded","type":"service_unavailable"}""", HttpStatusCode.ServiceUnavailable, true)]
    [InlineData("""{"code":"429","message":"Slow down"}""", HttpStatusCode.TooManyRequests, true)]
    [InlineData("""{"message":"Upstream failed","type":"server_error"}""", HttpStatusCode.InternalServerError, true)]
    [InlineData("""{"message":"Bad tool id","type":"invalid_request_error","code":"bad_id"}""", HttpStatusCode.BadRequest, false)]
    [InlineData("""{"code":400,"message":"Bad tool id","type":"server_error"}""", HttpStatusCode.BadRequest, false)]
    [InlineData("""{"code":402,"message":"No credit"}""", HttpStatusCode.PaymentRequired, false)]
    public async Task ErrorEventInAStream_CarriesItsReportedStatus_AndIsTransientFollowsIt(string error, HttpStatusCode reported, bool transient)
    {
        var handler = new ScriptedHandler(ScriptedHandler.Sse($"data: {Content}\n\ndata: {{\"error\":{error},\"requestId\":\"req_s\"}}\n\n"));
        using GreenPTChatClient client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => TestClients.StreamAsync(client));

        Assert.Null(ex.StatusCode); // inside a stream there is no error status, only the 200 it began with
        Assert.Equal(reported, ex.ReportedStatusCode);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal("req_s", ex.RequestId);
    }

    [Theory]
    [InlineData("""{"code":500,"message":"Upstream failed","type":"server_error"}""", HttpStatusCode.InternalServerError, true)]
    [InlineData("""{"code":401,"message":"Key revoked","type":"authentication_error"}""", HttpStatusCode.Unauthorized, false)]
    [InlineData("""{"message":"Something odd"}""", null, false)]
    public async Task ErrorObjectInA200Body_CarriesItsReportedStatus_AndIsTransientFollowsIt(string error, HttpStatusCode? reported, bool transient)
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json($"{{\"error\":{error},\"requestId\":\"req_b\"}}"));
        using GreenPTChatClient client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal(reported, ex.ReportedStatusCode);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal("req_b", ex.RequestId);
    }

    [Fact]
    public async Task ErrorStatus_DecidesOverTheBodysCode()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""{"error":{"code":500,"message":"says 500","type":"server_error"}}""", HttpStatusCode.BadRequest));
        using GreenPTChatClient client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, ex.ReportedStatusCode);
        Assert.False(ex.IsTransient);
        Assert.Single(handler.Requests);
    }

    public static TheoryData<string, Exception> ConnectFailuresFromACustomHandler => new()
    {
        { "refused", new HttpRequestException("Connection refused (api.greenpt.test:443)", new SocketException((int)SocketError.ConnectionRefused)) },
        { "unresolvable", new HttpRequestException("No such host is known.", new SocketException((int)SocketError.HostNotFound)) },
        { "TLS", new HttpRequestException("The SSL connection could not be established.", new System.Security.Authentication.AuthenticationException("handshake")) },
        { "a bare socket exception", new SocketException((int)SocketError.ConnectionRefused) },
        // WebException statuses of connecting (HttpWebRequest's refused, unresolvable, TLS) are read on netstandard2.0 only, where
        // .NET Framework's stack throws them: tested under Mono by GreenPT.AI.NetFrameworkTests (Unreachable_RetriedThenGreenPTException).
    };

    [Theory, MemberData(nameof(ConnectFailuresFromACustomHandler))]
    public async Task ConnectFailureFromACustomHandler_IsRetried_AndTransient_LikeTheBuiltInHandlers(string what, Exception failure)
    {
        var handler = new ThrowingHandler(failure);
        using var client = new GreenPTChatClient(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, MaxRetries = 2, RetryDelay = TimeSpan.Zero }, new HttpClient(handler));

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.True(3 == handler.Calls, $"{what}: {handler.Calls} sends");
        Assert.StartsWith("Could not reach GreenPT at https://api.greenpt.ai after 3 attempts", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsTransient);
        Assert.Same(failure, ex.InnerException);
    }

    public static TheoryData<string, Exception> FailuresAfterSendingFromACustomHandler => new()
    {
        { "reset while reading", new HttpRequestException("Error while copying content.", new IOException("reset", new SocketException((int)SocketError.ConnectionReset))) },
        { "reset", new HttpRequestException("An error occurred while sending the request.", new SocketException((int)SocketError.ConnectionReset)) },
        { "a bare I/O error", new IOException("The response ended prematurely.") },
        { "a pipeline's own exception", new TimeoutException("A resilience pipeline gave up.") },
        { "a WebException (HttpWebRequest's, an InvalidOperationException)", new WebException("The underlying connection was closed.", WebExceptionStatus.ReceiveFailure) },
    };

    [Theory, MemberData(nameof(FailuresAfterSendingFromACustomHandler))]
    public async Task FailureThatMayHaveReachedTheServer_FromACustomHandler_IsNotRetried_AndIsAGreenPTException(string what, Exception failure)
    {
        var handler = new ThrowingHandler(failure);
        using var client = new GreenPTChatClient(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, MaxRetries = 2, RetryDelay = TimeSpan.Zero }, new HttpClient(handler));

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.True(1 == handler.Calls, $"{what}: {handler.Calls} sends");
        Assert.Same(failure, ex.InnerException);
        Assert.DoesNotContain("Could not reach", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageErrorFromTheHttpPipeline_PassesUnchanged()
    {
        var handler = new ThrowingHandler(new InvalidOperationException("The handler was misconfigured."));
        using var client = new GreenPTChatClient(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, MaxRetries = 2 }, new HttpClient(handler));

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
        Assert.Equal(1, handler.Calls);
    }

    private sealed class ThrowingHandler(Exception exception) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromException<HttpResponseMessage>(exception);
        }
    }
}
