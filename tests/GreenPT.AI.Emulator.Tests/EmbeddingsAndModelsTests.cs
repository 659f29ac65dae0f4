using System.Net;
using static GreenPT.AI.Emulator.Tests.TestSupport;

namespace GreenPT.AI.Emulator.Tests;

public sealed class EmbeddingsAndModelsTests
{
    [Fact]
    public async Task Models_lists_the_catalog_in_openai_shape()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var response = await client.GetAsync("models", Ct).WaitAsync(Bound, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct).WaitAsync(Bound, Ct))!;

        Assert.Equal("list", json["object"]!.GetValue<string>());
        var data = json["data"]!.AsArray();
        Assert.Equal(
            ["gemma4", "green-l", "green-l-raw", "green-r", "green-r-raw", "gpt-oss-120b", "glm-5.2", "mistral-small-3.2-24b-instruct-2506",
             "green-embedding", "green-rerank", "green-s", "green-s-pro"],
            data.Select(m => m!["id"]!.GetValue<string>()));
        Assert.All(data, m =>
        {
            Assert.Equal("model", m!["object"]!.GetValue<string>());
            Assert.Equal("greenpt", m["owned_by"]!.GetValue<string>());
            Assert.True(m["created"]!.GetValue<long>() > 0);
        });
        Assert.Equal(1, emulator.RequestCount);
    }

    private static async Task<JsonNode> EmbedAsync(HttpClient client, string body)
    {
        var (response, json) = await PostJsonAsync(client, "embeddings", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return json;
    }

    private static float[] Vector(JsonNode json, int index) =>
        json["data"]![index]!["embedding"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();

    [Fact]
    public async Task Embeddings_have_the_openai_shape_with_usage_and_impact()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var json = await EmbedAsync(client, """{"model":"green-embedding","input":["first text","second text here"],"encoding_format":"float"}""");

        Assert.Equal(["object", "data", "model", "usage", "impact"], json.AsObject().Select(p => p.Key));
        Assert.Equal("list", json["object"]!.GetValue<string>());
        Assert.Equal("green-embedding", json["model"]!.GetValue<string>());
        var data = json["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal("embedding", data[i]!["object"]!.GetValue<string>());
            Assert.Equal(i, data[i]!["index"]!.GetValue<int>());
            Assert.Equal(1024, Vector(json, i).Length);
        }

        Assert.Equal(5, json["usage"]!["prompt_tokens"]!.GetValue<int>());
        Assert.Equal(5, json["usage"]!["total_tokens"]!.GetValue<int>());
        Assert.Equal(Math.Round(40 + (0.05 * 5), 1), json["impact"]!["inferenceTime"]!["total"]!.GetValue<double>());
        Assert.Equal("Wms", json["impact"]!["energy"]!["unit"]!.GetValue<string>());
        Assert.Single(emulator.EmbeddingRequests);
    }

    [Fact]
    public async Task Embeddings_are_normalised_deterministic_and_honour_dimensions()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var a1 = Vector(await EmbedAsync(client, """{"model":"green-embedding","input":"the same text","dimensions":256}"""), 0);
        var a2 = Vector(await EmbedAsync(client, """{"model":"green-embedding","input":"the same text","dimensions":256}"""), 0);
        var b = Vector(await EmbedAsync(client, """{"model":"green-embedding","input":"another text","dimensions":256}"""), 0);
        var full = Vector(await EmbedAsync(client, """{"model":"green-embedding","input":"the same text"}"""), 0);

        Assert.Equal(256, a1.Length);
        Assert.Equal(a1, a2);
        Assert.NotEqual(a1, b);
        foreach (var v in (float[][])[a1, b, full])
        {
            double norm = Math.Sqrt(v.Sum(x => (double)x * x));
            Assert.InRange(norm, 0.9999, 1.0001);
        }

        // Restarting the emulator gives the same vector: it depends on the text only.
        await using var other = await StartAsync();
        using var otherClient = Client(other);
        Assert.Equal(a1, Vector(await EmbedAsync(otherClient, """{"model":"green-embedding","input":"the same text","dimensions":256}"""), 0));
    }

    [Fact]
    public async Task Base64_encoding_carries_the_same_floats()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var floats = Vector(await EmbedAsync(client, """{"model":"green-embedding","input":"b64","dimensions":64}"""), 0);
        var json = await EmbedAsync(client, """{"model":"green-embedding","input":"b64","dimensions":64,"encoding_format":"base64"}""");
        byte[] bytes = Convert.FromBase64String(json["data"]![0]!["embedding"]!.GetValue<string>());
        var decoded = Enumerable.Range(0, 64).Select(i => BitConverter.ToSingle(bytes, i * 4)).ToArray();
        Assert.Equal(floats, decoded);
    }

    [Theory]
    [InlineData("""{"model":"green-l","input":"x"}""", "model")]
    [InlineData("""{"model":"nope","input":"x"}""", "model")]
    [InlineData("""{"input":"x"}""", "model")]
    [InlineData("""{"model":"green-embedding"}""", "input")]
    [InlineData("""{"model":"green-embedding","input":[]}""", "input")]
    [InlineData("""{"model":"green-embedding","input":[1,2,3]}""", "input")]
    [InlineData("""{"model":"green-embedding","input":"x","dimensions":8}""", "dimensions")]
    [InlineData("""{"model":"green-embedding","input":"x","encoding_format":"int8"}""", "encoding_format")]
    public async Task Invalid_embedding_requests_give_400(string body, string param)
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (response, json) = await PostJsonAsync(client, "embeddings", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertGreenPTError(json, 400, "invalid_request_error", param);
    }
}
