using GreenPT.AI.Tests.Infrastructure;

namespace GreenPT.AI.Tests.Client;

/// <summary>The model list and how models are told apart.</summary>
public sealed class GreenPTModelCatalogTests
{
    [Theory]
    [InlineData("gemma4", GreenPTModelKind.Chat)]
    [InlineData("green-l-raw", GreenPTModelKind.Chat)]
    [InlineData("green-r", GreenPTModelKind.Chat)]
    [InlineData("green-embedding", GreenPTModelKind.Embedding)]
    [InlineData("qwen3-embedding-8b", GreenPTModelKind.Embedding)]
    [InlineData("green-rerank", GreenPTModelKind.Rerank)]
    [InlineData("green-s", GreenPTModelKind.SpeechToText)]
    [InlineData("green-s-pro", GreenPTModelKind.SpeechToText)]
    [InlineData("Green-S-Pro", GreenPTModelKind.SpeechToText)]
    public void KindOf_TellsModelsApartByTheirId(string id, GreenPTModelKind kind) => Assert.Equal(kind, GreenPTModelInfo.KindOf(id));

    [Fact]
    public async Task ListAsync_GetsTheModelsAndClassifiesThem()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""
            {"object":"list","data":[
              {"id":"gemma4","object":"model","created":1754000000,"owned_by":"greenpt"},
              {"id":"green-embedding","object":"model","owned_by":"greenpt"},
              {"id":"green-s-pro"},{"object":"model"}]}
            """));
        using var catalog = new GreenPTModelCatalog(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = TestClients.Endpoint }, new HttpClient(handler));

        IReadOnlyList<GreenPTModelInfo> models = await catalog.ListAsync(cancellationToken: TestContext.Current.CancellationToken);
        IReadOnlyList<GreenPTModelInfo> chat = await catalog.ListAsync(GreenPTModelKind.Chat, TestContext.Current.CancellationToken);

        Assert.Equal(HttpMethod.Get, handler.Requests[0].Method);
        Assert.Equal(new Uri("https://api.greenpt.test/v1/models"), handler.Requests[0].Uri);
        Assert.Equal("Bearer", handler.Requests[0].Headers.Authorization!.Scheme);
        Assert.Equal(["gemma4", "green-embedding", "green-s-pro"], models.Select(m => m.Id));
        Assert.Equal(new GreenPTModelInfo("gemma4", "greenpt", GreenPTModelKind.Chat)
        {
            CreatedAt = DateTimeOffset.FromUnixTimeSeconds(1754000000),
            Capabilities = GreenPTModelCatalog.BuiltInCapabilities["gemma4"],
        }, models[0]);
        Assert.Equal("gemma4", Assert.Single(chat).Id);
    }

    [Fact]
    public async Task ListAsync_AddsWhatTheServerSaysToTheBuiltInFacts_AndGetCapabilitiesRemembersIt()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""
            {"object":"list","data":[
              {"id":"green-r","max_model_len":65536},
              {"id":"brand-new","context_length":4096},
              {"id":"bge-m3"},{"id":"plain-unknown"}]}
            """));
        using var catalog = new GreenPTModelCatalog(
            new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = TestClients.Endpoint, ModelCapabilities = { ["brand-new"] = new() { Vision = true } } },
            new HttpClient(handler));

        IReadOnlyList<GreenPTModelInfo> models = await catalog.ListAsync(cancellationToken: TestContext.Current.CancellationToken);

        GreenPTModelCapabilities greenR = models[0].Capabilities!;
        Assert.Equal(65536, greenR.ContextTokens); // the server's figure wins over the built-in 131,072
        Assert.Equal(["low", "medium", "high"], greenR.ReasoningEffortValues);
        Assert.EndsWith("; server", greenR.Source, StringComparison.Ordinal);
        Assert.Equal((4096, true), (models[1].Capabilities!.ContextTokens, models[1].Capabilities!.Vision));
        Assert.Equal(GreenPTModelKind.Embedding, models[2].Kind);
        Assert.Null(models[3].Capabilities);
        Assert.Equal(65536, catalog.GetCapabilities("GREEN-R")!.ContextTokens);
        Assert.Equal(131_072, GreenPTModelCatalog.BuiltInCapabilities["green-r"].ContextTokens);
        Assert.Null(catalog.GetCapabilities("never-listed"));
    }
}
