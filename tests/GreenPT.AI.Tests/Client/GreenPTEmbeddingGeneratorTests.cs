using System.Net;
using System.Text.Json.Nodes;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Client;

/// <summary>Golden wire tests and behaviour of <see cref="GreenPTEmbeddingGenerator"/>.</summary>
public sealed class GreenPTEmbeddingGeneratorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Response(int count, int offset = 0, bool reversed = false, string impactEnergy = "5680") =>
        new JsonObject
        {
            ["object"] = "list",
            ["model"] = "green-embedding",
            ["data"] = new JsonArray([.. (reversed ? Enumerable.Range(0, count).Reverse() : Enumerable.Range(0, count))
                .Select(i => (JsonNode)new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = new JsonArray(offset + i, 0.5, -1) })]),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 3 * count, ["total_tokens"] = 3 * count },
            ["impact"] = JsonNode.Parse($$"""{"inferenceTime":{"total":22,"unit":"ms"},"energy":{"total":{{impactEnergy}},"unit":"Wms"},"emissions":{"total":88,"unit":"ugCO2e"},"version":"20250922"}"""),
        }.ToJsonString();

    private static GreenPTEmbeddingGenerator Create(ScriptedHandler handler, Action<GreenPTClientOptions>? configure = null)
    {
        var options = new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = TestClients.Endpoint, MaxRetries = 0 };
        configure?.Invoke(options);
        return new GreenPTEmbeddingGenerator(options, new HttpClient(handler));
    }

    [Fact]
    public async Task Request_DefaultModel()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(Response(2)));
        using GreenPTEmbeddingGenerator generator = Create(handler);

        await generator.GenerateAsync(["hello", "wörld"], cancellationToken: Ct);

        Assert.Equal(new Uri("https://api.greenpt.test/v1/embeddings"), handler.Requests[0].Uri);
        JsonAssert.Equal("""{"model":"green-embedding","input":["hello","wörld"],"encoding_format":"base64"}""", handler.Requests[0].Body);
        Assert.Contains("wörld", handler.Requests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_ModelDimensionsAndExtraBody()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(Response(1)));
        using GreenPTEmbeddingGenerator generator = Create(handler);

        await generator.GenerateAsync(["hello"], new EmbeddingGenerationOptions
        {
            ModelId = "qwen3-embedding-8b",
            Dimensions = 256,
            AdditionalProperties = new() { [GreenPTPropertyNames.ExtraBody] = new Dictionary<string, object?> { ["user"] = "u-1" } },
        }, Ct);

        JsonAssert.Equal("""{"model":"qwen3-embedding-8b","input":["hello"],"dimensions":256,"encoding_format":"base64","user":"u-1"}""", handler.Requests[0].Body);
    }

    private static string Base64Response(params string[] vectors) =>
        new JsonObject
        {
            ["object"] = "list",
            ["model"] = "green-embedding",
            ["data"] = new JsonArray([.. vectors.Select((v, i) => (JsonNode)new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = v })]),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 3, ["total_tokens"] = 3 },
        }.ToJsonString();

    private static string Base64Of(params float[] vector)
    {
        byte[] bytes = new byte[vector.Length * sizeof(float)];
        for (int i = 0; i < vector.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return Convert.ToBase64String(bytes);
    }

    [Fact]
    public async Task Response_Base64Vectors_DecodeToTheExactFloats()
    {
        float[] first = [0.1f, -2.5f, float.Epsilon, 1e-30f];
        float[] second = [3.25f];
        using GreenPTEmbeddingGenerator generator = Create(new ScriptedHandler(ScriptedHandler.Json(Base64Response(Base64Of(first), Base64Of(second)))));

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["a", "b"], cancellationToken: Ct);

        Assert.Equal(first, result[0].Vector.ToArray());
        Assert.Equal(second, result[1].Vector.ToArray());
    }

    [Fact]
    public async Task Response_Base64WithEscapedSlash_DecodesAsTheUnescapedText()
    {
        float[] vector = [BitConverter.Int32BitsToSingle(0x3F_FF_FF_FF), 1.5f, -0.75f]; // base64 with '/' in it
        string base64 = Base64Of(vector);
        Assert.Contains("/", base64, StringComparison.Ordinal);
        string body = Base64Response(base64).Replace("/", "\\/", StringComparison.Ordinal);
        using GreenPTEmbeddingGenerator generator = Create(new ScriptedHandler(ScriptedHandler.Json(body)));

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["a"], cancellationToken: Ct);

        Assert.Equal(vector, result[0].Vector.ToArray());
    }

    [Theory]
    [InlineData("AAAA", "whole floats")] // 3 bytes
    [InlineData("not base64!", "whole floats")]
    public async Task Response_Base64ThatIsNotWholeFloats_FailsNamingTheEmbedding(string base64, string expected)
    {
        using GreenPTEmbeddingGenerator generator = Create(new ScriptedHandler(ScriptedHandler.Json(Base64Response(base64))));

        GreenPTException error = await Assert.ThrowsAsync<GreenPTException>(() => generator.GenerateAsync(["a"], cancellationToken: Ct));

        Assert.Contains("embedding", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Response_VectorsInInputOrder_WithUsageAndImpact()
    {
        using GreenPTEmbeddingGenerator generator = Create(new ScriptedHandler(ScriptedHandler.Json(Response(3, reversed: true))));

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["a", "b", "c"], cancellationToken: Ct);

        Assert.Equal([0f, 1f, 2f], result.Select(e => e.Vector.Span[0]));
        Assert.All(result, e => Assert.Equal("green-embedding", e.ModelId));
        Assert.Equal(9, result.Usage!.InputTokenCount);
        Assert.Equal(new GreenPTMeasurement(5680, "Wms"), result.GetGreenPTImpact()!.Energy);
        Assert.Equal(5_680_000, result.Usage.AdditionalCounts![GreenPTUsageCounts.EnergyMicrojoules]);
    }

    [Fact]
    public async Task ManyInputs_AreBatched_AndSummed()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.Json(Response(2, offset: 0)),
            ScriptedHandler.Json(Response(2, offset: 2)),
            ScriptedHandler.Json(Response(1, offset: 4, impactEnergy: "0.5")));
        using GreenPTEmbeddingGenerator generator = Create(handler, o => o.MaxEmbeddingBatchSize = 2);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["a", "b", "c", "d", "e"], cancellationToken: Ct);

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(["""["a","b"]""", """["c","d"]""", """["e"]"""], handler.Requests.Select(r => JsonNode.Parse(r.Body)!["input"]!.ToJsonString()));
        Assert.Equal([0f, 1f, 2f, 3f, 4f], result.Select(e => e.Vector.Span[0]));
        Assert.Equal(15, result.Usage!.InputTokenCount);
        GreenPTImpact impact = result.GetGreenPTImpact()!;
        Assert.Equal(new GreenPTMeasurement(11360.5, "Wms"), impact.Energy);
        Assert.Equal(new GreenPTMeasurement(264, "ugCO2e"), impact.Emissions);
        Assert.Equal("20250922", impact.Version);
        Assert.Equal(impact.Energy, result.Usage.GetGreenPTImpact()!.Energy);
    }

    [Fact]
    public async Task NoInputs_SendNothing()
    {
        var handler = new ScriptedHandler();
        using GreenPTEmbeddingGenerator generator = Create(handler);
        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync([], cancellationToken: Ct);
        Assert.Empty(result);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task MissingOrDuplicateEmbeddings_AreAClearError()
    {
        using GreenPTEmbeddingGenerator generator = Create(new ScriptedHandler(ScriptedHandler.Json(Response(1))));
        var ex = await Assert.ThrowsAsync<GreenPTException>(() => generator.GenerateAsync(["a", "b"], cancellationToken: Ct));
        Assert.Contains("no embedding for input 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NullInput_IsRejectedNamingIt()
    {
        using GreenPTEmbeddingGenerator generator = Create(new ScriptedHandler());
        var ex = await Assert.ThrowsAsync<ArgumentException>("values", () => generator.GenerateAsync(["a", null!], cancellationToken: Ct));
        Assert.Contains("values[1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_AreGreenPTExceptions_AndTransientOnesRetried()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.Json("{}", HttpStatusCode.BadGateway),
            ScriptedHandler.Json("""{"error":{"code":400,"message":"Unsupported model: x","type":"invalid_request_error","param":"model"},"requestId":"req_e"}""", HttpStatusCode.BadRequest));
        using GreenPTEmbeddingGenerator generator = Create(handler, o => { o.MaxRetries = 1; o.RetryDelay = TimeSpan.Zero; });

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => generator.GenerateAsync(["a"], cancellationToken: Ct));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("req_e", ex.RequestId);
        Assert.Contains("Unsupported model", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_AndServices()
    {
        using var generator = new GreenPTEmbeddingGenerator(TestClients.ApiKey);
        EmbeddingGeneratorMetadata metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;
        Assert.Equal("greenpt", metadata.ProviderName);
        Assert.Equal("green-embedding", metadata.DefaultModelId);
        Assert.Same(generator, generator.GetService<GreenPTEmbeddingGenerator>());
        Assert.NotNull(generator.GetService<GreenPTClientOptions>());
        Assert.DoesNotContain(TestClients.ApiKey, generator.ToString(), StringComparison.Ordinal);
    }
}
