using System.Text.Json;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GreenPT.AI.IntegrationTests;

/// <summary>Embeddings, the model list and a DI-built client, over real sockets against the emulator.</summary>
public sealed class EmbeddingsModelsAndHostingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GreenPTClientOptions OptionsFor(Harness harness) => new() { ApiKey = Harness.ApiKey, Endpoint = harness.Emulator.BaseAddress };

    [Fact]
    public async Task Embeddings_RoundTrip_InBatches_WithDimensionsUsageAndImpact()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTClientOptions options = OptionsFor(harness);
        options.MaxEmbeddingBatchSize = 2;
        using var generator = new GreenPTEmbeddingGenerator(options);

        string[] inputs = ["wind power", "solar panels", "wind power", "a cat on a sofa", "Grüße aus Zürich"];
        GeneratedEmbeddings<Embedding<float>> result = await Bounded.Within(
            generator.GenerateAsync(inputs, new EmbeddingGenerationOptions { Dimensions = 64 }, Ct));

        Assert.Equal(3, harness.Emulator.EmbeddingRequests.Count);
        Assert.Equal(5, result.Count);
        Assert.All(result, e => Assert.Equal(64, e.Vector.Length));
        Assert.All(result, e => Assert.Equal(1, Math.Sqrt(e.Vector.ToArray().Sum(x => (double)x * x)), 3));
        Assert.Equal(result[0].Vector.ToArray(), result[2].Vector.ToArray()); // the same text, in another batch, in its own place
        Assert.NotEqual(result[0].Vector.ToArray(), result[1].Vector.ToArray());
        Assert.True(result.Usage!.InputTokenCount > 0);
        GreenPTImpact impact = result.GetGreenPTImpact()!;
        Assert.True(impact.EnergyInJoules > 0);
        Assert.Equal(impact.Energy, result.Usage.GetGreenPTImpact()!.Energy);
        Assert.Equal(64, JsonDocument.Parse(harness.Emulator.EmbeddingRequests[0].Body).RootElement.GetProperty("dimensions").GetInt32());
    }

    [Fact]
    public async Task Embeddings_WithAChatModel_IsAClear400()
    {
        await using Harness harness = await Harness.StartAsync();
        using var generator = new GreenPTEmbeddingGenerator(OptionsFor(harness));

        GreenPTException ex = await Bounded.ThrowsAsync<GreenPTException>(() =>
            generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { ModelId = "gemma4" }, Ct));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.NotNull(ex.RequestId);
    }

    [Fact]
    public async Task ModelCatalog_ListsAndClassifiesTheEmulatorsModels()
    {
        await using Harness harness = await Harness.StartAsync();
        using var catalog = new GreenPTModelCatalog(OptionsFor(harness));

        IReadOnlyList<GreenPTModelInfo> all = await Bounded.Within(catalog.ListAsync(cancellationToken: Ct));
        IReadOnlyList<GreenPTModelInfo> chat = await Bounded.Within(catalog.ListAsync(GreenPTModelKind.Chat, Ct));

        Assert.Contains(all, m => m.Id == "green-embedding" && m.Kind == GreenPTModelKind.Embedding);
        Assert.Contains(all, m => m.Id == "green-rerank" && m.Kind == GreenPTModelKind.Rerank);
        Assert.Contains(all, m => m.Id == "green-s-pro" && m.Kind == GreenPTModelKind.SpeechToText);
        Assert.Contains(chat, m => m.Id == "gemma4");
        Assert.All(chat, m => Assert.Equal(GreenPTModelKind.Chat, m.Kind));
    }

    [Fact]
    public async Task DependencyInjection_FromConfiguration_TalksToTheEmulator()
    {
        await using Harness harness = await Harness.StartAsync();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GreenPT:ApiKey"] = Harness.ApiKey,
            ["GreenPT:Endpoint"] = harness.Emulator.BaseAddress.ToString(),
            ["GreenPT:DefaultModelId"] = "green-l",
        }).Build();
        var services = new ServiceCollection();
        services.AddKeyedGreenPTChatClient("greenpt", configuration.GetSection("GreenPT"));
        services.AddGreenPTEmbeddingGenerator(configuration.GetSection("GreenPT"));
        await using ServiceProvider provider = services.BuildServiceProvider();

        ChatResponse response = await Bounded.Within(provider.GetRequiredKeyedService<IChatClient>("greenpt").GetResponseAsync("Hello from DI", cancellationToken: Ct));
        Embedding<float> embedding = await Bounded.Within(provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync("hello", cancellationToken: Ct));

        Assert.Equal(Answers.Content("Hello from DI"), response.Text);
        Assert.Equal("green-l", response.ModelId);
        Assert.NotNull(response.GetGreenPTImpact());
        Assert.Equal(1024, embedding.Vector.Length);
    }
}
