using System.Net;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.IntegrationTests;

/// <summary>Which failures are sent again, how often, and what the caller learns when retries run out.</summary>
public sealed class RetryTests
{
    private const string Prompt = "Try again";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string UniqueKey() => "retry-" + Guid.NewGuid().ToString("N");

    private static async Task<string> SendAsync(GreenPTChatClient client, bool streaming) => streaming
        ? Answers.Text(await Bounded.StreamAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct)))
        : (await Bounded.Within(client.GetResponseAsync(Prompt, cancellationToken: Ct))).Text;

    private static Task<GreenPTException> FailAsync(GreenPTChatClient client, bool streaming, List<ChatResponseUpdate>? received = null) =>
        Bounded.ThrowsAsync<GreenPTException>(() => streaming
            ? Bounded.ConsumeAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct), received ?? [])
            : client.GetResponseAsync(Prompt, cancellationToken: Ct));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Status503Twice_SucceedsOnTheThirdAttempt(bool streaming)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.MaxRetries = 2, fault: $"status=503;times=2;key={UniqueKey()}");

        string text = await SendAsync(client, streaming);

        Assert.Equal(Answers.Content(Prompt), text);
        Assert.Equal(3, harness.Emulator.RequestCount);
        Assert.Equal(3, harness.ClientSends);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MaxRetriesZero_FailsAtOnce(bool streaming)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.MaxRetries = 0, fault: $"status=503;times=2;key={UniqueKey()}");

        GreenPTException ex = await FailAsync(client, streaming);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Equal("service_unavailable", ex.ErrorType);
        Assert.DoesNotContain("attempts", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Emulator.RequestCount);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task TransientStatus_IsRetried(int status)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.MaxRetries = 2, fault: $"status={status};times=1;key={UniqueKey()}");

        string text = await SendAsync(client, streaming: false);

        Assert.Equal(Answers.Content(Prompt), text);
        Assert.Equal(2, harness.Emulator.RequestCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Status429WithRetryAfterZero_IsRetried(bool streaming)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.MaxRetries = 2, fault: $"status=429;retry-after=0;times=1;key={UniqueKey()}");

        string text = await SendAsync(client, streaming);

        Assert.Equal(Answers.Content(Prompt), text);
        Assert.Equal(2, harness.Emulator.RequestCount);
    }

    [Fact]
    public async Task RetryAfterLongerThanMaxRetryDelay_IsNotRetriedEarly_ButReported()
    {
        // The server asks for an hour; retrying after MaxRetryDelay (20 ms) would only be refused again, so the caller decides.
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(
            o => { o.MaxRetries = 1; o.MaxRetryDelay = TimeSpan.FromMilliseconds(20); },
            fault: $"status=503;retry-after=3600;times=1;key={UniqueKey()}");

        GreenPTException ex = await FailAsync(client, streaming: false);

        Assert.Equal(TimeSpan.FromHours(1), ex.RetryAfter);
        Assert.Equal(1, harness.Emulator.RequestCount);
    }

    [Fact]
    public async Task RetryAfterWithinMaxRetryDelay_IsWaitedFor()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(
            o => { o.MaxRetries = 1; o.MaxRetryDelay = TimeSpan.FromSeconds(5); },
            fault: $"status=503;retry-after=0;times=1;key={UniqueKey()}");

        string text = await SendAsync(client, streaming: false);

        Assert.Equal(Answers.Content(Prompt), text);
        Assert.Equal(2, harness.Emulator.RequestCount);
    }

    [Fact]
    public async Task RetryAfter_IsReportedOnTheException()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.MaxRetries = 0, fault: "status=429;retry-after=7");

        GreenPTException ex = await FailAsync(client, streaming: false);

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.Equal("rate_limit_error", ex.ErrorType);
        Assert.True(ex.IsTransient);
    }

    public static TheoryData<int, string, bool> NonTransientStatuses()
    {
        var data = new TheoryData<int, string, bool>();
        foreach (bool streaming in new[] { false, true })
        {
            data.Add(400, "invalid_request_error", streaming);
            data.Add(401, "authentication_error", streaming);
            data.Add(402, "insufficient_credits", streaming);
            data.Add(403, "permission_error", streaming);
            data.Add(404, "not_found_error", streaming);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NonTransientStatuses))]
    public async Task NonTransientStatus_IsNeverRetried(int status, string errorType, bool streaming)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.MaxRetries = 3, fault: $"status={status};credits=0.00;request-id=req_fixed{status}");

        GreenPTException ex = await FailAsync(client, streaming);

        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Equal(errorType, ex.ErrorType);
        Assert.Equal($"req_fixed{status}", ex.RequestId);
        Assert.Equal("0.00", ex.CreditBalance);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Emulator.RequestCount);
        Assert.Equal(1, harness.ClientSends);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RetriesRunOut_ExceptionSaysHowManyAttempts(bool streaming)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.MaxRetries = 2, fault: "status=503");

        GreenPTException ex = await FailAsync(client, streaming);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Contains("3 attempts", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.RequestId);
        Assert.Equal(3, harness.Emulator.RequestCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Html502_GivesATagFreeGreenPTException(bool streaming)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.MaxRetries = 0, fault: "html502");

        GreenPTException ex = await FailAsync(client, streaming);

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Contains("502 Bad Gateway", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(">", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Emulator.RequestCount);
    }

    [Fact]
    public async Task Html502_IsRetried()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.MaxRetries = 2, fault: $"html502;times=1;key={UniqueKey()}");

        Assert.Equal(Answers.Content(Prompt), await SendAsync(client, streaming: true));
        Assert.Equal(2, harness.Emulator.RequestCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConnectionFailure_IsRetried_ThenTransientGreenPTException(bool streaming)
    {
        using var closed = new ClosedPort();
        int port = closed.Port;
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o =>
        {
            o.Endpoint = closed.Endpoint;
            o.MaxRetries = 2;
        });

        GreenPTException ex = await FailAsync(client, streaming);

        Assert.True(ex.IsTransient);
        Assert.Null(ex.StatusCode);
        Assert.IsType<HttpRequestException>(ex.InnerException, exactMatch: false);
        Assert.Contains("3 attempts", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, harness.ClientSends);
        Assert.Equal(0, harness.Emulator.RequestCount);
    }

    [Theory]
    [InlineData("drop-mid-stream")]
    [InlineData("error-event")]
    public async Task NeverRetried_AfterTheFirstBodyByteReachedTheCaller_Streaming(string fault)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.MaxRetries = 3, fault: fault);
        var received = new List<ChatResponseUpdate>();

        await FailAsync(client, streaming: true, received);

        ChatResponseUpdate first = Assert.Single(received);
        Assert.Equal("The", Assert.IsType<TextReasoningContent>(Assert.Single(first.Contents)).Text);
        Assert.Equal(1, harness.Emulator.RequestCount);
        Assert.Equal(1, harness.ClientSends);
    }

    [Theory]
    [InlineData("drop-mid-stream")]
    [InlineData("error-event")]
    [InlineData("truncate")]
    [InlineData("malformed-event")]
    public async Task NeverRetried_AfterTheBodyBegan_NonStreaming(string fault)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.MaxRetries = 3, fault: fault);

        await Bounded.ThrowsAsync<Exception>(() => client.GetResponseAsync(Prompt, cancellationToken: Ct));

        Assert.Equal(1, harness.Emulator.RequestCount);
        Assert.Equal(1, harness.ClientSends);
    }
}
