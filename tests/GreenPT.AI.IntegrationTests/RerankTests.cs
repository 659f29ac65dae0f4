using System.Net;
using System.Text.Json;
using GreenPT.AI.Emulator;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GreenPT.AI.IntegrationTests;

/// <summary><see cref="GreenPTReranker"/> over real loopback sockets against the emulator.</summary>
public sealed class RerankTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Documents =
    [
        "Solar panels turn sunlight into electricity.",
        "Wind turbines turn wind into electricity in Europe.",
        "A cat sleeps on the sofa.",
        "Europe builds offshore wind farms in the North Sea.",
        "Bread rises in a warm kitchen.",
    ];

    [Fact]
    public async Task Rerank_RoundTrip_RanksWithScoresTextsUsageAndImpact()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTReranker reranker = harness.Own(new GreenPTReranker(harness.ClientOptions(), harness.CreateHttpClient(), harness.ClientLoggerFactory));

        GreenPTRerankResult result = await Bounded.Within(reranker.RerankAsync("wind in Europe", Documents, topN: 3, cancellationToken: Ct));

        Assert.Equal([1, 3, 4], result.Results.Select(r => r.Index)); // 3/3 and 3/3 (a tie, in list order), then 1/3 ("in")
        Assert.Equal(Documents[1], result.Results[0].Document);
        Assert.Equal(1.0, result.Results[0].RelevanceScore);
        Assert.Equal("green-rerank", result.ModelId);
        Assert.True(result.Usage!.InputTokenCount > 0);
        Assert.True(result.Impact!.EnergyInJoules > 0);
        JsonElement sent = JsonDocument.Parse(Assert.Single(harness.Emulator.RerankRequests).Body).RootElement;
        Assert.Equal(3, sent.GetProperty("top_n").GetInt32());
        Assert.Equal("Bearer ***", harness.Emulator.RerankRequests[0].Headers["Authorization"]);
    }

    [Fact]
    public async Task Rerank_BeyondTheServersLimit_IsBatched_AndMergedAsOneRanking()
    {
        await using Harness harness = await Harness.StartAsync(o => o.MaxRerankDocuments = 2);
        GreenPTReranker reranker = harness.Own(new GreenPTReranker(harness.ClientOptions(o => o.MaxRerankBatchSize = 2), harness.CreateHttpClient()));

        GreenPTRerankResult all = await Bounded.Within(reranker.RerankAsync("wind in Europe", Documents, cancellationToken: Ct));
        GreenPTRerankResult top = await Bounded.Within(reranker.RerankAsync("wind in Europe", Documents, topN: 2, cancellationToken: Ct));

        Assert.Equal(6, harness.Emulator.RerankRequests.Count);
        Assert.Equal([1, 3, 4, 0, 2], all.Results.Select(r => r.Index));
        Assert.Equal([1, 3], top.Results.Select(r => r.Index));

        using var unbatched = new GreenPTReranker(harness.ClientOptions(), harness.CreateHttpClient());
        GreenPTException ex = await Bounded.ThrowsAsync<GreenPTException>(() => unbatched.RerankAsync("wind", Documents, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("Too many documents: 5; at most 2 per request.", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.RequestId);
    }

    [Fact]
    public async Task Rerank_WithAChatModel_IsTheServersClear400()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTReranker reranker = harness.Own(new GreenPTReranker(harness.ClientOptions(), harness.CreateHttpClient()));

        GreenPTException ex = await Bounded.ThrowsAsync<GreenPTException>(() =>
            reranker.RerankAsync("q", ["a"], options: new GreenPTRerankOptions { ModelId = "gemma4" }, cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("not a rerank model", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerank_TransientFault_IsRetried_AndAnUnusableAnswerFailsWithItsStatus()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTReranker reranker = harness.Own(new GreenPTReranker(harness.ClientOptions(), harness.CreateHttpClient()));
        harness.Emulator.EnqueueFault(EmulatorFault.Status(503));

        GreenPTRerankResult result = await Bounded.Within(reranker.RerankAsync("wind", Documents, topN: 1, cancellationToken: Ct));
        Assert.Equal(1, result.Results[0].Index);
        Assert.Equal(2, harness.ClientSends);

        GreenPTReranker corrupt = harness.Own(new GreenPTReranker(harness.ClientOptions(), harness.CreateHttpClient("corrupt=tokens-overflow")));
        GreenPTRerankResult dropped = await Bounded.Within(corrupt.RerankAsync("wind", Documents, topN: 1, cancellationToken: Ct));
        Assert.Null(dropped.Usage!.InputTokenCount); // a count that does not fit is dropped, the ranking kept
        Assert.Equal(1, dropped.Results[0].Index);

        GreenPTReranker truncated = harness.Own(new GreenPTReranker(harness.ClientOptions(), harness.CreateHttpClient("truncate")));
        GreenPTException ex = await Bounded.ThrowsAsync<GreenPTException>(() => truncated.RerankAsync("wind", Documents, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.NotNull(ex.RequestId);
    }

    [Fact]
    public async Task Rerank_FromDependencyInjection_TalksToTheEmulator()
    {
        await using Harness harness = await Harness.StartAsync();
        var services = new ServiceCollection();
        services.AddGreenPTReranker(o => { o.ApiKey = Harness.ApiKey; o.Endpoint = harness.Emulator.BaseAddress; });
        await using ServiceProvider provider = services.BuildServiceProvider();

        GreenPTRerankResult result = await Bounded.Within(provider.GetRequiredService<GreenPTReranker>().RerankAsync("cat", Documents, topN: 1, cancellationToken: Ct));

        Assert.Equal(2, Assert.Single(result.Results).Index);
    }
}
