using System.Net;
using System.Text.Json.Nodes;
using GreenPT.AI.Tests.Infrastructure;

namespace GreenPT.AI.Tests.Client;

/// <summary>
/// Golden wire tests and behaviour of <see cref="GreenPTReranker"/>. The shapes are those of /work/shared/greenpt-api.md: request
/// <c>{model, query, documents[], top_n}</c> and answer <c>results[{index, relevance_score}]</c> plus <c>usage</c> ([DOC-dev] S6;
/// [3P-OBS] S23, S27), with <c>impact</c> ([3P-OBS] S16), Bearer auth ([DOC] S6).
/// </summary>
public sealed class GreenPTRerankerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Impact = """{"inferenceTime":{"total":12,"unit":"ms"},"energy":{"total":4000,"unit":"Wms"},"emissions":{"total":40,"unit":"ugCO2e"},"version":"20250922"}""";

    private static string Answer(params (int Index, double Score)[] results) =>
        new JsonObject
        {
            ["id"] = "rerank-1",
            ["model"] = "green-rerank",
            ["results"] = new JsonArray([.. results.Select(r => (JsonNode)new JsonObject { ["index"] = r.Index, ["relevance_score"] = r.Score })]),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["total_tokens"] = 10 },
            ["impact"] = JsonNode.Parse(Impact),
        }.ToJsonString();

    private static GreenPTReranker Create(ScriptedHandler handler, Action<GreenPTClientOptions>? configure = null)
    {
        var options = new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = TestClients.Endpoint, MaxRetries = 0 };
        configure?.Invoke(options);
        return new GreenPTReranker(options, new HttpClient(handler));
    }

    [Fact]
    public async Task Request_GoldenBody_PathAndBearerAuth()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(Answer((1, 0.9), (0, 0.1))));
        using GreenPTReranker reranker = Create(handler);

        await reranker.RerankAsync("wind in Zürich", ["solar", "wind power"], topN: 2, cancellationToken: Ct);

        RecordedRequest request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Uri("https://api.greenpt.test/v1/rerank"), request.Uri);
        Assert.Equal("Bearer", request.Headers.Authorization!.Scheme);
        JsonAssert.Equal("""{"model":"green-rerank","query":"wind in Zürich","documents":["solar","wind power"],"top_n":2}""", request.Body);
        Assert.Contains("Zürich", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithoutTopN_AndAnotherModel_SendsNoTopN()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(Answer((0, 0.5))));
        using GreenPTReranker reranker = Create(handler);

        await reranker.RerankAsync("q", ["a"], options: new GreenPTRerankOptions { ModelId = "other-rerank" }, cancellationToken: Ct);

        JsonAssert.Equal("""{"model":"other-rerank","query":"q","documents":["a"]}""", handler.Requests[0].Body);
    }

    [Fact]
    public async Task Response_RankedWithTextsUsageAndImpact()
    {
        using GreenPTReranker reranker = Create(new ScriptedHandler(ScriptedHandler.Json(Answer((2, 0.8), (0, 0.3), (1, 0.95)))));

        GreenPTRerankResult result = await reranker.RerankAsync("q", ["a", "b", "c"], cancellationToken: Ct);

        Assert.Equal([1, 2, 0], result.Results.Select(r => r.Index));
        Assert.Equal(["b", "c", "a"], result.Results.Select(r => r.Document));
        Assert.Equal([0.95, 0.8, 0.3], result.Results.Select(r => r.RelevanceScore));
        Assert.Equal("green-rerank", result.ModelId);
        Assert.Equal(10, result.Usage!.InputTokenCount);
        Assert.Equal(new GreenPTMeasurement(4000, "Wms"), result.Impact!.Energy);
        Assert.Equal(result.Impact.Energy, result.Usage.GetGreenPTImpact()!.Energy);
    }

    [Fact]
    public async Task Response_WithoutUsageOrImpact_HasNeither()
    {
        using GreenPTReranker reranker = Create(new ScriptedHandler(ScriptedHandler.Json("""{"results":[{"index":0,"relevance_score":0.5}]}""")));

        GreenPTRerankResult result = await reranker.RerankAsync("q", ["a"], cancellationToken: Ct);

        Assert.Null(result.Usage);
        Assert.Null(result.Impact);
        Assert.Equal("green-rerank", result.ModelId); // the model asked for, since the server named none
    }

    [Fact]
    public async Task ManyDocuments_AreBatched_MergedByScore_AndSummed()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.Json(Answer((1, 0.4), (0, 0.2))),
            ScriptedHandler.Json(Answer((0, 0.9), (1, 0.1))),
            ScriptedHandler.Json(Answer((0, 0.5))));
        using GreenPTReranker reranker = Create(handler, o => o.MaxRerankBatchSize = 2);

        GreenPTRerankResult result = await reranker.RerankAsync("q", ["a", "b", "c", "d", "e"], topN: 3, cancellationToken: Ct);

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(["""["a","b"]""", """["c","d"]""", """["e"]"""], handler.Requests.Select(r => JsonNode.Parse(r.Body)!["documents"]!.ToJsonString()));
        Assert.Equal([2, 2, 1], handler.Requests.Select(r => JsonNode.Parse(r.Body)!["top_n"]!.GetValue<int>()));
        Assert.Equal([2, 4, 1], result.Results.Select(r => r.Index));
        Assert.Equal(["c", "e", "b"], result.Results.Select(r => r.Document));
        Assert.Equal(30, result.Usage!.InputTokenCount);
        Assert.Equal(new GreenPTMeasurement(12000, "Wms"), result.Impact!.Energy);
    }

    [Fact]
    public async Task BadInput_IsRefusedBeforeSending()
    {
        var handler = new ScriptedHandler();
        using GreenPTReranker reranker = Create(handler);

        await Assert.ThrowsAsync<ArgumentException>("query", () => reranker.RerankAsync(" ", ["a"], cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>("documents", () => reranker.RerankAsync("q", [], cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>("documents", () => reranker.RerankAsync("q", ["a", ""], cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("topN", () => reranker.RerankAsync("q", ["a", "b"], topN: 3, cancellationToken: Ct));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task ServerError_HasItsMessageStatusAndRequestId_NeverTheKey()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(
            $$"""{"error":{"code":400,"message":"Unsupported model: x (key {{TestClients.ApiKey}})","type":"invalid_request_error","param":"model"},"requestId":"req_r"}""",
            HttpStatusCode.BadRequest));
        using GreenPTReranker reranker = Create(handler);

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => reranker.RerankAsync("q", ["a"], cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("req_r", ex.RequestId);
        Assert.Contains("Unsupported model", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.ApiKey, ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"results":{}}""", "results")]
    [InlineData("""{"results":[{"index":"zero","relevance_score":0.5}]}""", "index (none)")]
    [InlineData("""{"results":[{"index":0,"relevance_score":"high"}]}""", "relevance_score")]
    [InlineData("""{"results":[{"index":0,"relevance_score":0.5}],"error":{"message":"overloaded"}}""", "overloaded")]
    [InlineData("""{"usage":[],"impact":"x"}""", "without results")]
    public async Task UnusableAnswer_IsAGreenPTException_NamingWhatWasWrong(string body, string named)
    {
        using GreenPTReranker reranker = Create(new ScriptedHandler(ScriptedHandler.Json(body, HttpStatusCode.OK, ("x-request-id", "req_u"))));

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => reranker.RerankAsync("q", ["a"], cancellationToken: Ct));

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        Assert.Equal("req_u", ex.RequestId);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
    }

    [Fact]
    public async Task UnusableMetadata_IsDropped_TheAnswerKept()
    {
        using GreenPTReranker reranker = Create(new ScriptedHandler(ScriptedHandler.Json(
            """{"model":{},"results":[{"index":0,"relevance_score":0.5}],"usage":true,"impact":[]}""")));

        GreenPTRerankResult result = await reranker.RerankAsync("q", ["a"], cancellationToken: Ct);

        Assert.Equal(0.5, Assert.Single(result.Results).RelevanceScore);
        Assert.Null(result.Usage);
        Assert.Null(result.Impact);
    }

    [Fact]
    public void Construction_ValidatesSettings_AndToStringHidesTheKey()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GreenPTReranker(new GreenPTClientOptions { ApiKey = "k", MaxRerankBatchSize = 0 }));
        Assert.Contains("MaxRerankBatchSize", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => new GreenPTReranker(new GreenPTClientOptions { ApiKey = "k", DefaultRerankModelId = "" }));
        Assert.Contains("DefaultRerankModelId", ex.Message, StringComparison.Ordinal);

        using var reranker = new GreenPTReranker(TestClients.ApiKey);
        Assert.Equal("GreenPTReranker { Endpoint = https://api.greenpt.ai/v1/, DefaultModelId = green-rerank }", reranker.ToString());
    }

    [Fact]
    public async Task Disposed_Throws()
    {
        GreenPTReranker reranker = Create(new ScriptedHandler());
        reranker.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => reranker.RerankAsync("q", ["a"], cancellationToken: Ct));
    }
}
