using System.Net;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Http;

/// <summary>Every error body a server or proxy may send becomes a <see cref="GreenPTException"/> that says what happened.</summary>
public sealed class GreenPTErrorsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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
    public async Task ErrorInA200Body_SaysSo_WithTheStatus()
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Json("""{"error":{"message":"boom","type":"server_error"}}""")));
        var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
        Assert.Equal("GreenPT returned an error in a 200 response: boom (type server_error)", ex.Message);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
    }

    [Fact]
    public async Task KeyEchoedInAnyErrorField_IsRedacted_EvenPastTheQuotedLength()
    {
        string html = "<html><body>" + new string('x', 295) + " " + TestClients.ApiKey + "</body></html>";
        using (GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Text(html, "text/html", HttpStatusCode.BadGateway))))
        {
            var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
            Assert.DoesNotContain(TestClients.ApiKey[..6], ex.Message[280..], StringComparison.Ordinal);
        }

        string json = $$"""{"error":{"message":"bad","type":"{{TestClients.ApiKey}}","code":"{{TestClients.ApiKey}}","param":"Bearer {{TestClients.ApiKey}}"},"requestId":"{{TestClients.ApiKey}}"}""";
        using (GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Json(json, HttpStatusCode.BadRequest))))
        {
            var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
            foreach (string? text in new[] { ex.ToString(), ex.ErrorType, ex.ErrorCode, ex.Param, ex.RequestId })
            {
                Assert.DoesNotContain(TestClients.ApiKey, text ?? string.Empty, StringComparison.Ordinal);
            }
        }
    }
}
