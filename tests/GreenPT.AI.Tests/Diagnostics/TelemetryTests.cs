using System.Diagnostics;
using System.Net;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace GreenPT.AI.Tests.Diagnostics;

/// <summary>One log line per request, contents only at Trace when opted in, the key never; impact tags on the current Activity.</summary>
public sealed class TelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GreenPTChatClient Create(ScriptedHandler handler, ILoggerFactory loggers, bool logContents = false) =>
        new(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = TestClients.Endpoint, MaxRetries = 1, RetryDelay = TimeSpan.Zero, LogMessageContents = logContents },
            new HttpClient(handler), loggers);

    private static void AssertNoKey(CollectingLoggerFactory loggers) =>
        Assert.All(loggers.Lines, l => Assert.DoesNotContain(TestClients.ApiKey, l.Message + l.Exception, StringComparison.Ordinal));

    [Fact]
    public async Task CompletedRequest_LogsOneDebugLine_NonStreaming()
    {
        var loggers = new CollectingLoggerFactory(LogLevel.Debug);
        var handler = new ScriptedHandler(
            ScriptedHandler.Json("{}", HttpStatusCode.ServiceUnavailable),
            ScriptedHandler.Json(Fixtures.Read("greenpt-completion.json"), HttpStatusCode.OK, ("x-request-id", "req-ok-1")));
        using GreenPTChatClient client = Create(handler, loggers);

        await client.GetResponseAsync("Hi", cancellationToken: Ct);

        LogLine line = Assert.Single(loggers.Lines);
        Assert.Equal(LogLevel.Debug, line.Level);
        Assert.Matches(@"^GreenPT chat with gemma4 completed: HTTP 200 in \d+ ms, request id req-ok-1, 2 attempt\(s\), impact 1\.38 s, 0\.146 mWh, 47 µgCO2e$", line.Message);
        AssertNoKey(loggers);
    }

    [Fact]
    public async Task CompletedRequest_LogsOneDebugLine_Streaming()
    {
        var loggers = new CollectingLoggerFactory(LogLevel.Debug);
        using GreenPTChatClient client = Create(new ScriptedHandler(ScriptedHandler.Sse(Fixtures.Read("greenpt-stream-basic.sse"))), loggers);

        await TestClients.StreamAsync(client);

        LogLine line = Assert.Single(loggers.Lines);
        Assert.Matches(@"^GreenPT chat with gemma4 completed: HTTP 200 in \d+ ms, request id cmpl-12345, 1 attempt\(s\), impact 1\.38 s", line.Message);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task FailedRequest_LogsOneWarningWithStatusAndRequestId(bool streaming)
    {
        var loggers = new CollectingLoggerFactory(LogLevel.Debug);
        using GreenPTChatClient client = Create(new ScriptedHandler(ScriptedHandler.Json(Fixtures.Read("greenpt-error-401.json"), HttpStatusCode.Unauthorized)), loggers);

        await Assert.ThrowsAsync<GreenPTException>(() => streaming ? TestClients.StreamAsync(client) : client.GetResponseAsync("Hi", cancellationToken: Ct));

        LogLine line = Assert.Single(loggers.Lines);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("HTTP 401, request id req_8f2c1d7a: GreenPT returned 401", line.Message, StringComparison.Ordinal);
        Assert.IsType<GreenPTException>(line.Exception);
        AssertNoKey(loggers);
    }

    [Fact]
    public async Task StreamFailingMidway_LogsOneWarning()
    {
        var loggers = new CollectingLoggerFactory(LogLevel.Debug);
        string sse = "data: {\"id\":\"s\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n";
        using GreenPTChatClient client = Create(new ScriptedHandler(ScriptedHandler.Sse(sse)), loggers);

        await Assert.ThrowsAsync<GreenPTException>(() => TestClients.StreamAsync(client));

        Assert.Equal(LogLevel.Warning, Assert.Single(loggers.Lines).Level);
    }

    [Fact]
    public async Task StreamAbandonedByTheCaller_LogsOneDebugLine()
    {
        var loggers = new CollectingLoggerFactory(LogLevel.Debug);
        using GreenPTChatClient client = Create(new ScriptedHandler(ScriptedHandler.Sse(Fixtures.Read("greenpt-stream-basic.sse"))), loggers);

        await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync("Hi", cancellationToken: Ct))
        {
            break;
        }

        LogLine line = Assert.Single(loggers.Lines);
        Assert.Equal(LogLevel.Debug, line.Level);
        Assert.Contains("cancelled or abandoned", line.Message, StringComparison.Ordinal);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task Contents_AreLoggedAtTraceOnlyWhenOptedIn(bool optedIn)
    {
        var loggers = new CollectingLoggerFactory(LogLevel.Trace);
        using GreenPTChatClient client = Create(new ScriptedHandler(ScriptedHandler.Json(Fixtures.Read("greenpt-completion.json"))), loggers, logContents: optedIn);

        await client.GetResponseAsync("My secret diary", cancellationToken: Ct);

        LogLine[] trace = [.. loggers.Lines.Where(l => l.Level == LogLevel.Trace)];
        if (optedIn)
        {
            Assert.Equal(2, trace.Length);
            Assert.Contains("My secret diary", trace[0].Message, StringComparison.Ordinal);
            Assert.Contains("I'm doing well", trace[1].Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(trace);
            Assert.DoesNotContain(loggers.Lines, l => l.Message.Contains("My secret diary", StringComparison.Ordinal));
        }

        AssertNoKey(loggers);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task CurrentActivity_IsTaggedWithImpactAndRequestId(bool streaming)
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(streaming
            ? ScriptedHandler.Sse(Fixtures.Read("greenpt-stream-basic.sse"), ("x-request-id", "req-a"))
            : ScriptedHandler.Json(Fixtures.Read("greenpt-completion.json"), HttpStatusCode.OK, ("x-request-id", "req-a"))));

        using var activity = new Activity("chat gemma4").SetTag("gen_ai.operation.name", "chat").Start();
        if (streaming)
        {
            await TestClients.StreamAsync(client);
        }
        else
        {
            await client.GetResponseAsync("Hi", cancellationToken: Ct);
        }

        Assert.Equal("req-a", activity.GetTagItem("greenpt.request_id"));
        Assert.Equal(526d, (double)activity.GetTagItem("greenpt.energy")!, 9);
        Assert.Equal(47d, (double)activity.GetTagItem("greenpt.emissions")!, 9);
        Assert.Equal(1380d, (double)activity.GetTagItem("greenpt.inference_time")!, 9);
    }

    [Fact]
    public async Task FailedRequest_TagsTheActivityWithTheRequestId()
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Json(Fixtures.Read("greenpt-error-401.json"), HttpStatusCode.Unauthorized)));
        using var activity = new Activity("chat").SetTag("gen_ai.operation.name", "chat").Start();
        await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
        Assert.Equal("req_8f2c1d7a", activity.GetTagItem("greenpt.request_id"));
    }

    [Fact]
    public async Task UnrelatedActivity_IsNotTagged()
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Json(Fixtures.Read("greenpt-completion.json"))));
        using var request = new Activity("GET /weather").Start(); // e.g. the ASP.NET request span around the call
        await client.GetResponseAsync("Hi", cancellationToken: Ct);
        Assert.Null(request.GetTagItem("greenpt.energy"));
    }
}
