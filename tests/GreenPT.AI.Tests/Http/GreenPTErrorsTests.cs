using System.Net;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Client;

/// <summary>Every error body a server or proxy may send becomes a <see cref="GreenPTException"/> that says what happened.</summary>
public sealed class HttpErrorTests
{
    private static async Task<GreenPTException> FailAsync(Func<HttpResponseMessage> response, bool streaming)
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(response));
        return streaming
            ? await Assert.ThrowsAsync<GreenPTException>(() => TestClients.StreamAsync(client))
            : await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken));
    }

    private static Func<HttpResponseMessage> Fixture401 => ScriptedHandler.Json(Fixtures.Read("greenpt-error-401.json"), HttpStatusCode.Unauthorized);

    [Theory, InlineData(false), InlineData(true)]
    public async Task GreenPTErrorBody_WithNumericCodeAndRequestId(bool streaming)
    {
        GreenPTException ex = await FailAsync(Fixture401, streaming);

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal("authentication_error", ex.ErrorType);
        Assert.Equal("401", ex.ErrorCode);
        Assert.Null(ex.Param);
        Assert.Equal("req_8f2c1d7a", ex.RequestId);
        Assert.Contains("Invalid API key provided.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.Contains("req_8f2c1d7a", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task OpenAIStyleErrorBody_WithStringCodeAndRequestIdHeader(bool streaming)
    {
        GreenPTException ex = await FailAsync(ScriptedHandler.Json(
            """{"error":{"message":"Unsupported model: gpt-9","type":"invalid_request_error","param":"model","code":"model_not_found"}}""",
            HttpStatusCode.BadRequest, ("x-request-id", "hdr-42")), streaming);

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("model_not_found", ex.ErrorCode);
        Assert.Equal("model", ex.Param);
        Assert.Equal("hdr-42", ex.RequestId);
        Assert.Contains("Unsupported model: gpt-9", ex.Message, StringComparison.Ordinal);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task HtmlFromAProxy_IsQuotedWithoutTags(bool streaming)
    {
        GreenPTException ex = await FailAsync(ScriptedHandler.Text(
            "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
            "text/html", HttpStatusCode.BadGateway), streaming);

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Contains("502 Bad Gateway", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nginx", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsTransient);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task EmptyBody_StillNamesTheStatus(bool streaming)
    {
        GreenPTException ex = await FailAsync(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), streaming);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.StartsWith("GreenPT returned 503 Service Unavailable", ex.Message, StringComparison.Ordinal);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task RetryAfterAndCreditHeaders_AreExposed(bool streaming)
    {
        GreenPTException ex = await FailAsync(ScriptedHandler.Json(
            """{"error":{"code":429,"message":"Slow down","type":"rate_limit_error","param":null},"requestId":"req_r"}""",
            HttpStatusCode.TooManyRequests, ("Retry-After", "7"), ("x-credits-remaining", "12.50")), streaming);

        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.Equal("12.50", ex.CreditBalance);
        Assert.True(ex.IsTransient);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task PaymentRequired_IsNotTransient(bool streaming)
    {
        GreenPTException ex = await FailAsync(ScriptedHandler.Json(
            """{"error":{"code":402,"message":"Insufficient credits","type":"billing_error","param":null},"requestId":"req_p"}""",
            HttpStatusCode.PaymentRequired, ("x-credit-balance", "0")), streaming);

        Assert.Equal(HttpStatusCode.PaymentRequired, ex.StatusCode);
        Assert.Equal("0", ex.CreditBalance);
        Assert.False(ex.IsTransient);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task ServerEchoingTheKey_IsRedacted(bool streaming)
    {
        GreenPTException ex = await FailAsync(ScriptedHandler.Json(
            $$$"""{"error":{"code":401,"message":"Incorrect API key provided: {{{TestClients.ApiKey}}}","type":"authentication_error","param":null}}""",
            HttpStatusCode.Unauthorized), streaming);

        Assert.DoesNotContain(TestClients.ApiKey, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", ex.Message, StringComparison.Ordinal);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task FastApiStyleDetail_IsQuoted(bool streaming)
    {
        GreenPTException ex = await FailAsync(ScriptedHandler.Json("""{"detail":"Not Found"}""", HttpStatusCode.NotFound), streaming);
        Assert.Contains("Not Found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonTransientErrors_AreNotRetried()
    {
        var handler = new ScriptedHandler(Fixture401);
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
