using System.Text.Json.Nodes;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GreenPT.AI.IntegrationTests.Hosts;

/// <summary>
/// The client inside MEAI's real middleware (Microsoft.Extensions.AI 10.11): distributed caching, function invocation,
/// and logging (OpenTelemetry: <see cref="OpenTelemetryTests"/>), over loopback against the emulator.
/// </summary>
public sealed class MeaiMiddlewareTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AIFunction WeatherTool(Action onCall) =>
        AIFunctionFactory.Create((string city) => { onCall(); return $"Sunny in {city}"; }, "get_weather", "The weather in a city.");

    private static ServiceProvider Services(Harness harness, Action<ChatClientBuilder> pipeline)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IDistributedCache>(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())));
        pipeline(services.AddGreenPTChatClient(o =>
        {
            o.ApiKey = Harness.ApiKey;
            o.Endpoint = harness.Emulator.BaseAddress;
        }));
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task DiRegisteredPipeline_WithFunctionInvocationAndDistributedCache_ServesTheSecondCallFromTheCache_WithItsImpact()
    {
        await using Harness harness = await Harness.StartAsync();
        int toolCalls = 0;
        await using ServiceProvider provider = Services(harness, b => b.UseFunctionInvocation().UseDistributedCache());
        IChatClient client = provider.GetRequiredService<IChatClient>();
        var options = new ChatOptions { Tools = [WeatherTool(() => toolCalls++)] };

        ChatResponse first = await client.GetResponseAsync("What's the weather in Paris?", options, Ct);
        int requestsAfterFirst = harness.Emulator.RequestCount;
        ChatResponse second = await client.GetResponseAsync("What's the weather in Paris?", options, Ct);

        Assert.Equal(2, requestsAfterFirst); // the tool call, then the answer with the tool's result
        Assert.Equal(requestsAfterFirst, harness.Emulator.RequestCount);
        Assert.Equal(2, toolCalls); // function invocation sits outside the cache: the tool runs again, the model is not asked again
        Assert.Contains("The tool returned: \"Sunny in", second.Text, StringComparison.Ordinal);

        // The loop's total is every call's impact, fresh or from the cache (where it comes back as JSON).
        GreenPTImpact total = first.GetTotalGreenPTImpact()!;
        GreenPTImpact perMessage = GreenPTImpact.Sum(first.Messages.Select(m => m.GetGreenPTImpact()));
        Assert.Equal(perMessage.EnergyInJoules!.Value, total.EnergyInJoules!.Value, 9);
        Assert.True(total.EnergyInJoules > first.GetGreenPTImpact()!.EnergyInJoules, "the total covers both calls of the loop");
        Assert.Equal(total.EnergyInJoules, second.GetTotalGreenPTImpact()!.EnergyInJoules);
        Assert.Equal(first.GetGreenPTImpact(), second.GetGreenPTImpact());
    }

    [Fact]
    public async Task DistributedCache_Streaming_ReplaysTheStreamWithoutARequest_AndKeepsTheImpact()
    {
        await using Harness harness = await Harness.StartAsync();
        await using ServiceProvider provider = Services(harness, b => b.UseDistributedCache());
        IChatClient client = provider.GetRequiredService<IChatClient>();

        ChatResponse first = await client.GetStreamingResponseAsync("Hello", cancellationToken: Ct).ToChatResponseAsync(Ct);
        ChatResponse second = await client.GetStreamingResponseAsync("Hello", cancellationToken: Ct).ToChatResponseAsync(Ct);

        Assert.Equal(1, harness.Emulator.RequestCount);
        Assert.Equal(first.Text, second.Text);
        Assert.NotNull(first.GetGreenPTImpact());
        Assert.Equal(first.GetGreenPTImpact(), second.GetGreenPTImpact());
        Assert.Equal(first.GetTotalGreenPTImpact()!.EnergyInJoules, second.GetTotalGreenPTImpact()!.EnergyInJoules);
    }

    [Fact]
    public async Task FunctionInvocation_SumsTheImpactOfTheLoop_StreamingAsNonStreaming()
    {
        await using Harness harness = await Harness.StartAsync();
        int toolCalls = 0;
        using IChatClient client = harness.CreateClient().AsBuilder().UseFunctionInvocation().Build();
        var options = new ChatOptions { Tools = [WeatherTool(() => toolCalls++)] };

        ChatResponse nonStreaming = await client.GetResponseAsync("What's the weather in Rome?", options, Ct);
        ChatResponse streaming = await client.GetStreamingResponseAsync("What's the weather in Rome?", options, Ct).ToChatResponseAsync(Ct);

        Assert.Equal(2, toolCalls);
        Assert.Equal(4, harness.Emulator.RequestCount);
        GreenPTImpact total = nonStreaming.GetTotalGreenPTImpact()!;
        Assert.Equal(GreenPTImpact.Sum(nonStreaming.Messages.Select(m => m.GetGreenPTImpact())).EnergyInJoules!.Value, total.EnergyInJoules!.Value, 9);

        // Streamed, only the usage counts survive coalescing for earlier iterations: they give the same total.
        Assert.Equal(total.EnergyInJoules, streaming.GetTotalGreenPTImpact()!.EnergyInJoules);
        Assert.Equal(total.EmissionsInGramsCO2e, streaming.GetTotalGreenPTImpact()!.EmissionsInGramsCO2e);
        Assert.True(streaming.GetTotalGreenPTImpact()!.EnergyInJoules > streaming.GetGreenPTImpact()!.EnergyInJoules);
    }

    [Fact]
    public async Task LoggingMiddleware_AtTrace_NeverSeesTheKey()
    {
        await using Harness harness = await Harness.StartAsync();
        var lines = new CapturingLoggerProvider();
        using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddProvider(lines).SetMinimumLevel(LogLevel.Trace));
        using IChatClient client = harness.CreateClient().AsBuilder().UseLogging(loggers).Build();

        await client.GetResponseAsync("Hello", cancellationToken: Ct);
        await client.GetStreamingResponseAsync("Hello", cancellationToken: Ct).ToChatResponseAsync(Ct);
        await Assert.ThrowsAsync<GreenPTException>(() => harness.CreateClient(fault: "status=401").AsBuilder().UseLogging(loggers).Build().GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.Contains(lines.Lines, l => l.Contains("GetResponseAsync", StringComparison.Ordinal));
        Assert.All(lines.Lines, l => Secrets.AssertClean(l, "a line of MEAI's logging middleware"));
    }

    [Fact]
    public async Task ImpactTrackingOnTheDiBuilder_RecordsEachCallOfTheLoop()
    {
        await using Harness harness = await Harness.StartAsync();
        var tracker = new GreenPTImpactTracker("di");
        await using ServiceProvider provider = Services(harness, b => b.UseFunctionInvocation().UseGreenPTImpactTracking(tracker));
        IChatClient client = provider.GetRequiredService<IChatClient>();

        ChatResponse response = await client.GetResponseAsync("What's the weather in Oslo?", new ChatOptions { Tools = [WeatherTool(() => { })] }, Ct);

        Assert.Equal(2, tracker.Total.Calls);
        Assert.Equal(response.GetTotalGreenPTImpact()!.EnergyInJoules!.Value, tracker.Total.Impact.EnergyInJoules!.Value, 9);
        Assert.Contains("get_weather", JsonNode.Parse(harness.Emulator.ChatRequests[0])!["tools"]!.ToJsonString(), StringComparison.Ordinal);
    }
}
