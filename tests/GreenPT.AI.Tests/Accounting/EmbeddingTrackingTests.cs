using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Moq;

namespace GreenPT.AI.Tests.Accounting;

/// <summary>The embedding tracking middleware: measured impact recorded, estimates for generators that report none, budgets refused before sending.</summary>
public sealed class EmbeddingTrackingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Answer = """
        {"data":[{"index":0,"embedding":[1,0]},{"index":1,"embedding":[0,1]}],"model":"qwen3-embedding-8b","usage":{"prompt_tokens":7,"total_tokens":7},
         "impact":{"inferenceTime":{"total":22,"unit":"ms"},"energy":{"total":5680,"unit":"Wms"},"emissions":{"total":88,"unit":"ugCO2e"}}}
        """;

    private static GreenPTEmbeddingGenerator Generator(ScriptedHandler handler) =>
        new(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = TestClients.Endpoint }, new HttpClient(handler));

    [Fact]
    public async Task GreenPTCall_IsRecordedWithItsMeasuredImpactModelAndTokens()
    {
        var tracker = new GreenPTImpactTracker("embeddings-a");
        using var generator = new GreenPTImpactTrackingEmbeddingGenerator<string, Embedding<float>>(Generator(new ScriptedHandler(ScriptedHandler.Json(Answer))), tracker);

        await generator.GenerateAsync(["a", "b"], cancellationToken: Ct);

        GreenPTImpactTotals total = tracker.Total;
        Assert.Equal(1, total.Calls);
        Assert.Equal(0, total.EstimatedCalls);
        Assert.Equal(new GreenPTMeasurement(5680, "Wms"), total.Impact.Energy);
        Assert.Equal(new GreenPTMeasurement(88, "ugCO2e"), total.Impact.Emissions);
        Assert.Equal(7, total.InputTokens);
        Assert.Equal(["qwen3-embedding-8b"], tracker.ByModel.Keys);
    }

    [Fact]
    public async Task GeneratorReportingNoImpact_IsRecordedAsEstimated()
    {
        var inner = new Mock<IEmbeddingGenerator<string, Embedding<float>>>();
        inner.Setup(g => g.GenerateAsync(It.IsAny<IEnumerable<string>>(), It.IsAny<EmbeddingGenerationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new GeneratedEmbeddings<Embedding<float>>([new Embedding<float>(new float[] { 1 }) { ModelId = "other-provider" }]));
        var tracker = new GreenPTImpactTracker("embeddings-b") { DefaultEstimate = new GreenPTImpact { Energy = new(3, "J") } };
        using var generator = new GreenPTImpactTrackingEmbeddingGenerator<string, Embedding<float>>(inner.Object, tracker);

        await generator.GenerateAsync(["a"], cancellationToken: Ct);

        Assert.Equal(1, tracker.Total.EstimatedCalls);
        Assert.Equal(3, tracker.Total.EstimatedImpact.EnergyInJoules);
        Assert.Equal(["other-provider"], tracker.ByModel.Keys);
    }

    [Fact]
    public async Task SpentBudget_RefusesBeforeSending()
    {
        var tracker = new GreenPTImpactTracker("embeddings-c") { Budget = new GreenPTCarbonBudget { EnergyLimit = new(5, "J") } };
        var handler = new ScriptedHandler(ScriptedHandler.Json(Answer), ScriptedHandler.Json(Answer));
        using var generator = new GreenPTImpactTrackingEmbeddingGenerator<string, Embedding<float>>(Generator(handler), tracker);

        await generator.GenerateAsync(["a", "b"], cancellationToken: Ct);   // 5.68 J: the budget is spent after it
        var refused = await Assert.ThrowsAsync<GreenPTCarbonBudgetExceededException>(() => generator.GenerateAsync(["c"], cancellationToken: Ct));

        Assert.Single(handler.Requests);
        Assert.Equal("embeddings-c", refused.Scope);
        Assert.Contains("embedding call was not sent", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, tracker.Total.RefusedCalls);
    }

    [Fact]
    public async Task Builder_UseGreenPTImpactTracking_RecordsThroughThePipeline()
    {
        var tracker = new GreenPTImpactTracker("embeddings-d");
        using IEmbeddingGenerator<string, Embedding<float>> generator = Generator(new ScriptedHandler(ScriptedHandler.Json(Answer)))
            .AsBuilder().UseGreenPTImpactTracking(tracker).Build();

        await generator.GenerateAsync(["a", "b"], cancellationToken: Ct);

        Assert.Equal(1, tracker.Total.Calls);
    }
}
