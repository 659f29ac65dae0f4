using GreenPT.AI.Emulator;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.IntegrationTests;

/// <summary>
/// The API key never leaks: not in any exception (message or <c>ToString()</c>, even when the server echoes the key back),
/// not in a log line, not in a <c>ToString()</c>; and it is never sent in clear text to a host that is not loopback.
/// Every other test in this project also checks its exceptions and logs through <see cref="Harness"/> and <see cref="Bounded"/>.
/// </summary>
public sealed class SecretTests
{
    private const string Prompt = "Keep my secret";
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(250);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Scenario name → (fault header, the kind of failure it exercises). Faults with <c>message=</c> make the server echo the key.</summary>
    private static readonly Dictionary<string, (string? Fault, EmulatorFaultKind Kind)> Faults = new()
    {
        ["status-400-echo"] = ($"status=400;message=Bad key {Harness.ApiKey}", EmulatorFaultKind.Status),
        ["status-401-echo"] = ($"status=401;message=Invalid API key provided: {Harness.ApiKey}", EmulatorFaultKind.Status),
        ["status-402-echo"] = ($"status=402;message=No credit left on {Harness.ApiKey}", EmulatorFaultKind.Status),
        ["status-403"] = ("status=403", EmulatorFaultKind.Status),
        ["status-404"] = ("status=404", EmulatorFaultKind.Status),
        ["status-429-echo-retried"] = ($"status=429;retry-after=0;message=Slow down {Harness.ApiKey}", EmulatorFaultKind.Status),
        ["status-500-echo"] = ($"status=500;message={Harness.ApiKey}", EmulatorFaultKind.Status),
        ["status-503-retried"] = ("status=503", EmulatorFaultKind.Status),
        ["html502"] = ("html502", EmulatorFaultKind.Html502),
        ["stall-headers"] = ("stall-headers", EmulatorFaultKind.StallHeaders),
        ["stall-mid-stream"] = ("stall-mid-stream", EmulatorFaultKind.StallMidStream),
        ["drop-mid-stream"] = ("drop-mid-stream", EmulatorFaultKind.DropMidStream),
        ["malformed-event"] = ("malformed-event", EmulatorFaultKind.MalformedEvent),
        ["error-event-echo"] = ($"error-event;message=Upstream refused key {Harness.ApiKey}", EmulatorFaultKind.ErrorEvent),
        ["truncate"] = ("truncate", EmulatorFaultKind.Truncate),
        ["wrong-key"] = (null, EmulatorFaultKind.None),
        ["connection-refused"] = (null, EmulatorFaultKind.None),
        ["caller-cancels"] = (null, EmulatorFaultKind.None),
    };

    public static TheoryData<string, bool> Scenarios()
    {
        var data = new TheoryData<string, bool>();
        foreach (string name in Faults.Keys)
        {
            data.Add(name, false);
            data.Add(name, true);
        }

        return data;
    }

    [Fact]
    public void Scenarios_CoverEveryFaultKind()
    {
        var covered = Faults.Values.Select(f => f.Kind).ToHashSet();
        foreach (EmulatorFaultKind kind in Enum.GetValues<EmulatorFaultKind>())
        {
            Assert.Contains(kind, covered);
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task EveryFailure_KeepsTheKeyOutOfTheException(string scenario, bool streaming)
    {
        (string? fault, _) = Faults[scenario];
        await using Harness harness = await Harness.StartAsync(o =>
        {
            if (scenario == "wrong-key")
            {
                o.ApiKey = "sk-the-server-expects-another-key";
            }
        });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var closed = new ClosedPort();
        if (scenario == "caller-cancels")
        {
            harness.Emulator.EnqueueFault(new EmulatorFault { Kind = EmulatorFaultKind.StallHeaders });
        }

        using GreenPTChatClient client = harness.CreateClient(
            o =>
            {
                o.MaxRetries = 1;
                o.ResponseTimeout = scenario == "caller-cancels" ? Timeout.InfiniteTimeSpan : Short;
                o.StreamIdleTimeout = Short;
                if (scenario == "connection-refused")
                {
                    o.Endpoint = closed.Endpoint;
                }
            },
            fault: fault);

        var received = new List<ChatResponseUpdate>();
        Task call = streaming
            ? Bounded.ConsumeAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: cts.Token), received)
            : client.GetResponseAsync(Prompt, cancellationToken: cts.Token);
        if (scenario == "caller-cancels")
        {
            await Bounded.UntilAsync(() => harness.Emulator.ChatRequests.Count == 1, "the emulator to read the request (and take the queued fault)");
            await cts.CancelAsync();
        }

        // Bounded.ThrowsAsync checks the message and ToString() of the exception and all its inner exceptions.
        Exception ex = await Bounded.ThrowsAsync<Exception>(() => call);

        Assert.NotEmpty(ex.Message);
        if (fault?.Contains("message=", StringComparison.Ordinal) == true && ex is GreenPTException)
        {
            // The server did echo the key, and the client replaced it.
            Assert.Contains("***", ex.Message, StringComparison.Ordinal);
        }

        // The client logged the failure (Warning, with the exception) or the cancellation; none of it may hold the key.
        Assert.NotEmpty(harness.ClientLogs.Lines);
        foreach (string line in harness.ClientLogs.Lines)
        {
            Secrets.AssertClean(line, "a client log line");
        }

        foreach (RecordedRequest request in harness.Emulator.ChatRequestDetails)
        {
            Secrets.AssertClean(request.Headers["Authorization"], "the recorded Authorization header");
        }
    }

    [Fact]
    public async Task LogsAndDescriptions_NeverContainTheKey()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient();

        ChatResponse response = await Bounded.Within(client.GetResponseAsync(Prompt, cancellationToken: Ct));
        await Bounded.StreamAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct));

        Assert.NotEmpty(harness.Logs.Lines);
        Assert.NotEmpty(harness.ClientLogs.Lines);
        foreach (string line in harness.Logs.Lines.Concat(harness.ClientLogs.Lines))
        {
            Secrets.AssertClean(line, "a log line");
        }

        Secrets.AssertClean(client.ToString(), "GreenPTChatClient.ToString()");
        Secrets.AssertClean(client.GetService(typeof(GreenPTClientOptions))!.ToString()!, "GreenPTClientOptions.ToString()");
        Secrets.AssertClean(client.GetService(typeof(ChatClientMetadata))!.ToString()!, "ChatClientMetadata.ToString()");
        Secrets.AssertClean(response.ToString(), "ChatResponse.ToString()");
        Secrets.AssertClean(new GreenPTClientOptions { ApiKey = Harness.ApiKey }.ToString(), "GreenPTClientOptions.ToString()");
    }

    [Fact]
    public void PlainHttpToAHostThatIsNotLoopback_IsRefused()
    {
        var options = new GreenPTClientOptions { ApiKey = Harness.ApiKey, Endpoint = new Uri("http://example.com/v1/") };

        ArgumentException ex = Assert.Throws<ArgumentException>(() => new GreenPTChatClient(options));

        Assert.Contains("AllowInsecureHttp", ex.Message, StringComparison.Ordinal);
        Secrets.AssertClean(ex);
        Assert.Throws<ArgumentException>(() => new GreenPTChatClient(options, new HttpClient()).Dispose());
    }

    [Fact]
    public void PlainHttpToAHostThatIsNotLoopback_IsAllowedWhenAskedFor()
    {
        var options = new GreenPTClientOptions { ApiKey = Harness.ApiKey, Endpoint = new Uri("http://example.com/v1/"), AllowInsecureHttp = true };

        using var client = new GreenPTChatClient(options);

        Assert.Equal(new Uri("http://example.com/v1/"), client.GetService<ChatClientMetadata>()?.ProviderUri);
        Secrets.AssertClean(client.ToString(), "GreenPTChatClient.ToString()");
    }

    [Theory]
    [InlineData("https://example.com/v1/")]
    [InlineData("http://localhost:5080/v1/")]
    [InlineData("http://127.0.0.1:5080/v1/")]
    [InlineData("http://127.10.20.30:5080/v1/")]
    [InlineData("http://[::1]:5080/v1/")]
    public void HttpsOrLoopback_IsAccepted(string endpoint)
    {
        using var client = new GreenPTChatClient(new GreenPTClientOptions { ApiKey = Harness.ApiKey, Endpoint = new Uri(endpoint) });

        Assert.NotNull(client.GetService<ChatClientMetadata>());
    }
}
