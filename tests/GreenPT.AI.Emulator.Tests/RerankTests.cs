using System.Net;
using static GreenPT.AI.Emulator.Tests.TestSupport;

namespace GreenPT.AI.Emulator.Tests;

/// <summary><c>POST /v1/rerank</c>: the answer's shape, the documented score, validation and the fault catalogue.</summary>
public sealed class RerankTests
{
    private const string Body = """{"model":"green-rerank","query":"Wind power in Europe","documents":["Solar panels on roofs","wind power, in Europe and beyond","Power of wind"]}""";

    [Fact]
    public async Task Rerank_answers_results_by_word_overlap_with_usage_and_impact()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (response, json) = await PostJsonAsync(client, "rerank", Body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["id", "model", "results", "usage", "impact"], json.AsObject().Select(p => p.Key));
        Assert.Equal("green-rerank", json["model"]!.GetValue<string>());
        var results = json["results"]!.AsArray();
        Assert.Equal([1, 2, 0], results.Select(r => r!["index"]!.GetValue<int>()));
        Assert.Equal([1.0, 0.5, 0.0], results.Select(r => r!["relevance_score"]!.GetValue<double>())); // 4/4, 2/4 ("power", "wind"), 0/4
        Assert.All(results, r => Assert.Null(r!["document"]));
        Assert.Equal(25, json["usage"]!["prompt_tokens"]!.GetValue<int>()); // 3 documents x 4 query words + 4 + 6 + 3 words
        Assert.True(json["impact"]!["energy"]!["total"]!.GetValue<double>() > 0);
        Assert.Single(emulator.RerankRequests);
    }

    [Fact]
    public async Task Rerank_top_n_and_return_documents()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (_, json) = await PostJsonAsync(client, "rerank", Body.Replace("]}", "],\"top_n\":1,\"return_documents\":true}", StringComparison.Ordinal));

        var result = Assert.Single(json["results"]!.AsArray())!;
        Assert.Equal(1, result["index"]!.GetValue<int>());
        Assert.Equal("wind power, in Europe and beyond", result["document"]!["text"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"model":"gemma4","query":"q","documents":["a"]}""", "model", "not a rerank model")]
    [InlineData("""{"model":"green-rerank","query":"  ","documents":["a"]}""", "query", "'query' must be a non-empty string.")]
    [InlineData("""{"model":"green-rerank","query":"q","documents":[]}""", "documents", "'documents' must not be empty.")]
    [InlineData("""{"model":"green-rerank","query":"q","documents":["a",""]}""", "documents", "documents[1] must not be empty.")]
    [InlineData("""{"model":"green-rerank","query":"q","documents":[1]}""", "documents", "'documents' must be an array of strings.")]
    [InlineData("""{"model":"green-rerank","query":"q","documents":["a"],"top_n":2}""", "top_n", "'top_n' must be an integer from 1 to the number of documents (1).")]
    [InlineData("""{"model":"green-rerank","query":"q","documents":["a"],"return_documents":"yes"}""", "return_documents", "must be a boolean")]
    public async Task Rerank_refuses_bad_requests_naming_the_field(string body, string param, string message)
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (response, json) = await PostJsonAsync(client, "rerank", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertGreenPTError(json, 400, "invalid_request_error", param);
        Assert.Contains(message, json["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerank_refuses_more_documents_than_its_limit()
    {
        await using var emulator = await StartAsync(new GreenPTEmulatorOptions { MaxRerankDocuments = 2 });
        using var client = Client(emulator);
        var (response, json) = await PostJsonAsync(client, "rerank", Body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Too many documents: 3; at most 2 per request.", json["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rerank_takes_status_faults_queued_faults_and_answer_corruptions()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);

        var (status, _) = await PostJsonAsync(client, "rerank", Body, fault: "status=503");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status.StatusCode);

        emulator.EnqueueFault(new EmulatorFault { Kind = EmulatorFaultKind.Status, StatusCode = 429 });
        var (queued, _) = await PostJsonAsync(client, "rerank", Body);
        Assert.Equal((HttpStatusCode)429, queued.StatusCode);

        var (corrupted, json) = await PostJsonAsync(client, "rerank", Body, fault: "corrupt=usage-array");
        Assert.Equal(HttpStatusCode.OK, corrupted.StatusCode);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, JsonValueKind(json["usage"]));

        var (noTarget, error) = await PostJsonAsync(client, "rerank", Body, fault: "corrupt=choices-null");
        Assert.Equal(HttpStatusCode.BadRequest, noTarget.StatusCode);
        Assert.Contains("it does not apply to rerank answers", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
