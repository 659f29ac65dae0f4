using System.Diagnostics;
using GreenPT.AI.Emulator;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace GreenPT.AI.IntegrationTests;

/// <summary>
/// GreenPT's <see cref="HttpClient"/> with Microsoft.Extensions.Http.Resilience's standard handler (<c>AddStandardResilienceHandler()</c>,
/// which Aspire's service defaults add to every client), over loopback against the emulator. The first tests pin what the handler does
/// as it comes (its delays and time limits shortened, so that the suite stays fast; every rule and count is the package's own); the
/// others prove the configuration the README documents: no double retries, no second send of a request the server received, and
/// streams that outlast the handler's time limits.
/// </summary>
public sealed class ResilienceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The standard handler as it comes, with waits shortened: delays of 10 ms instead of 2 s, a 300 ms attempt limit instead of 10 s.</summary>
    private static void AsItComes(HttpStandardResilienceOptions o)
    {
        o.Retry.Delay = TimeSpan.FromMilliseconds(10);
        o.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(300);
        o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(1);
    }

    /// <summary>What the README tells GreenPT users to set (with the emulator tests' short ResponseTimeout in place of the default 5 minutes).</summary>
    private static void ForGreenPT(HttpStandardResilienceOptions o, TimeSpan responseTimeout)
    {
        // GreenPT's client retries what is safe to send again (MaxRetries); the handler's retry would multiply it and re-send
        // requests the server received (after an attempt time-out, or a connection broken after sending).
        o.Retry.ShouldHandle = static _ => ValueTask.FromResult(false);

        // GreenPT's own limits (ResponseTimeout, StreamIdleTimeout) decide; the handler's never fire first.
        o.AttemptTimeout.Timeout = responseTimeout + TimeSpan.FromMinutes(1);
        o.TotalRequestTimeout.Timeout = responseTimeout + TimeSpan.FromMinutes(2);
        o.CircuitBreaker.SamplingDuration = 2 * o.AttemptTimeout.Timeout; // the package requires at least twice the attempt limit
    }

    [Fact]
    public async Task AsItComes_RetriesOnTopOfTheClient_TwelveSendsForOneCall()
    {
        await using Harness harness = await Harness.StartAsync();
        harness.Emulator.EnqueueFault(EmulatorFault.Status(503) with { Times = 100 });
        await using ServiceProvider provider = Services(harness, AsItComes, maxRetries: 2);

        var ex = await Bounded.ThrowsAsync<GreenPTException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Ct));

        // 3 attempts of the client, each retried 3 times by the handler.
        Assert.Equal(12, harness.Emulator.RequestCount);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        harness.Emulator.ClearFaults();
    }

    [Fact]
    public async Task AsItComes_ResendsARequestTheServerReceived_WhenAnAttemptTimesOut()
    {
        await using Harness harness = await Harness.StartAsync();
        harness.Emulator.EnqueueFault(new EmulatorFault { Kind = EmulatorFaultKind.StallHeaders, Times = 100 });
        await using ServiceProvider provider = Services(harness, AsItComes, maxRetries: 0);

        var ex = await Bounded.ThrowsAsync<GreenPTException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Ct));

        // Every attempt reached the server (which may have run, and billed, the inference) before the handler gave up on it and sent
        // it again, until its total limit ended the call with its own exception, which the client reports as a GreenPTException.
        Assert.True(harness.Emulator.RequestCount >= 3, $"{harness.Emulator.RequestCount} sends");
        Assert.Contains("TimeoutRejectedException", ex.Message, StringComparison.Ordinal);
        harness.Emulator.ClearFaults();
    }

    [Fact]
    public async Task AsItComes_DoesNotCutAStreamThatOutlastsItsTotalTimeout()
    {
        await using Harness harness = await Harness.StartAsync(o => o.TokenDelay = TimeSpan.FromMilliseconds(40));
        await using ServiceProvider provider = Services(harness, AsItComes, maxRetries: 0);
        string prompt = string.Join(' ', Enumerable.Range(0, 30).Select(i => $"word{i}"));

        var clock = Stopwatch.StartNew();
        List<ChatResponseUpdate> updates = await Bounded.StreamAsync(
            provider.GetRequiredService<IChatClient>().GetStreamingResponseAsync(prompt, new ChatOptions { ModelId = "green-l" }, Ct));

        // The handler's limits bound SendAsync, which returns with the headers: the body that follows is the client's to bound.
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(1), $"The stream took {clock.Elapsed}, not longer than the 1 s total limit.");
        Assert.Equal(Answers.Content(prompt), Answers.Text(updates));
    }

    [Fact]
    public async Task ForGreenPT_ATransientStatus_IsRetriedByTheClientAlone()
    {
        await using Harness harness = await Harness.StartAsync();
        harness.Emulator.EnqueueFault(EmulatorFault.Status(503) with { Times = 100 });
        await using ServiceProvider provider = Services(harness, o => ForGreenPT(o, TimeSpan.FromSeconds(5)), maxRetries: 2);

        var ex = await Bounded.ThrowsAsync<GreenPTException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal(3, harness.Emulator.RequestCount);
        Assert.Contains("3 attempts", ex.Message, StringComparison.Ordinal);
        harness.Emulator.ClearFaults();

        ChatResponse response = await Bounded.Within(provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Ct));
        Assert.Equal(Answers.Content("Hi"), response.Text);
    }

    [Fact]
    public async Task ForGreenPT_WhenEveryClientGetsTheHandler_GreenPTsClientReplacesItWithItsOwn()
    {
        await using Harness harness = await Harness.StartAsync();
        harness.Emulator.EnqueueFault(EmulatorFault.Status(503) with { Times = 100 });
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler()); // as Aspire's service defaults do
        services.AddGreenPTChatClient(o =>
        {
            o.ApiKey = Harness.ApiKey;
            o.Endpoint = harness.Emulator.BaseAddress;
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
        });
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental by the package; the README says so.
        services.AddHttpClient(GreenPTServiceCollectionExtensions.HttpClientName(serviceKey: null))
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(o => ForGreenPT(o, TimeSpan.FromMinutes(5)));
#pragma warning restore EXTEXP0001
        await using ServiceProvider provider = services.BuildServiceProvider();

        await Bounded.ThrowsAsync<GreenPTException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal(3, harness.Emulator.RequestCount); // MaxRetries 2: the client's retries alone
        harness.Emulator.ClearFaults();
    }

    [Fact]
    public async Task ForGreenPT_ARequestTheServerReceived_IsSentOnce_AndTheClientsOwnLimitEndsIt()
    {
        await using Harness harness = await Harness.StartAsync();
        harness.Emulator.EnqueueFault(new EmulatorFault { Kind = EmulatorFaultKind.StallHeaders, Times = 100 });
        TimeSpan responseTimeout = TimeSpan.FromMilliseconds(500);
        await using ServiceProvider provider = Services(harness, o => ForGreenPT(o, responseTimeout), maxRetries: 2, responseTimeout);

        var ex = await Bounded.ThrowsAsync<TimeoutException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal(1, harness.Emulator.RequestCount);
        Assert.Contains("GreenPTClientOptions.ResponseTimeout", ex.Message, StringComparison.Ordinal);
        harness.Emulator.ClearFaults();
    }

    [Fact]
    public async Task ForGreenPT_ARefusedConnection_IsRetriedByTheClient()
    {
        await using Harness harness = await Harness.StartAsync();
        using var closed = new ClosedPort();
        var services = new ServiceCollection();
        services.AddGreenPTChatClient(o =>
        {
            o.ApiKey = Harness.ApiKey;
            o.Endpoint = closed.Endpoint;
            o.MaxRetries = 2;
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
        });
        int sends = 0;
        services.AddHttpClient(GreenPTServiceCollectionExtensions.HttpClientName(serviceKey: null))
            .AddHttpMessageHandler(() => new CountingHandler(() => Interlocked.Increment(ref sends)))
            .AddStandardResilienceHandler(o => ForGreenPT(o, TimeSpan.FromSeconds(5)));
        await using ServiceProvider provider = services.BuildServiceProvider();

        var ex = await Bounded.ThrowsAsync<GreenPTException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal(3, sends);
        Assert.True(ex.IsTransient);
        Assert.StartsWith("Could not reach GreenPT", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForGreenPT_AStreamLongerThanEveryLimitOfTheHandler_IsNotCut()
    {
        await using Harness harness = await Harness.StartAsync(o => o.TokenDelay = TimeSpan.FromMilliseconds(40));
        TimeSpan responseTimeout = TimeSpan.FromMilliseconds(200); // bounds the headers only, for a stream
        await using ServiceProvider provider = Services(harness, o =>
        {
            ForGreenPT(o, responseTimeout);
            o.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(300);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromMilliseconds(600);
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(1);
        }, maxRetries: 2, responseTimeout);
        string prompt = string.Join(' ', Enumerable.Range(0, 30).Select(i => $"word{i}"));

        var clock = Stopwatch.StartNew();
        List<ChatResponseUpdate> updates = await Bounded.StreamAsync(
            provider.GetRequiredService<IChatClient>().GetStreamingResponseAsync(prompt, new ChatOptions { ModelId = "green-l" }, Ct));

        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(1), $"The stream took {clock.Elapsed}.");
        Assert.Equal(Answers.Content(prompt), Answers.Text(updates));
        Assert.Equal(1, harness.Emulator.RequestCount);
    }

    private static ServiceProvider Services(Harness harness, Action<HttpStandardResilienceOptions> resilience, int maxRetries, TimeSpan? responseTimeout = null)
    {
        var services = new ServiceCollection();
        services.AddGreenPTChatClient(o =>
        {
            o.ApiKey = Harness.ApiKey;
            o.Endpoint = harness.Emulator.BaseAddress;
            o.MaxRetries = maxRetries;
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
            o.MaxRetryDelay = TimeSpan.FromSeconds(1);
            o.ResponseTimeout = responseTimeout ?? TimeSpan.FromSeconds(30);
        });
        services.AddHttpClient(GreenPTServiceCollectionExtensions.HttpClientName(serviceKey: null)).AddStandardResilienceHandler(resilience);
        return services.BuildServiceProvider();
    }

    private sealed class CountingHandler(Action onSend) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onSend();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
