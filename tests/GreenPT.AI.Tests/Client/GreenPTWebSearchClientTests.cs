using System.Net;
using System.Text.Json;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Client;

/// <summary>
/// Golden wire tests and behaviour of <see cref="GreenPTWebSearchClient"/> and its functions. Requests as /work/shared/greenpt-api.md
/// gives them: <c>POST /v1/tools/websearch {"query"}</c> ([DOC] S11) and <c>POST /v1/tools/search/web {"query","maxResults","page","country"}</c>
/// ([DOC] S12), Bearer auth ([DOC] S11). The LLM-ready answer's shape is the one third-party code reads ([3P-OBS] S23); the raw-links
/// answer is undocumented.
/// </summary>
public sealed class GreenPTWebSearchClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string WebAnswer = """
        {"note":"Search results for wind","results":[
        {"title":"Wind power","link":"https://example.org/wind","snippet":"Wind turbines...","relevant_content":"Wind turbines turn wind into electricity."},
        {"title":"Offshore","link":"https://example.org/offshore","snippet":"Offshore farms..."},
        {"title":"No address","link":"not a url"}]}
        """;

    private static GreenPTWebSearchClient Create(ScriptedHandler handler) =>
        new(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = TestClients.Endpoint, MaxRetries = 0 }, new HttpClient(handler));

    [Fact]
    public async Task Search_GoldenRequest_AndTheSourcesNumberedFromOne()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(WebAnswer));
        using GreenPTWebSearchClient search = Create(handler);

        GreenPTWebSearchResult result = await search.SearchAsync("wind in Zürich", cancellationToken: Ct);

        RecordedRequest request = Assert.Single(handler.Requests);
        Assert.Equal(new Uri("https://api.greenpt.test/v1/tools/websearch"), request.Uri);
        Assert.Equal("Bearer", request.Headers.Authorization!.Scheme);
        JsonAssert.Equal("""{"query":"wind in Zürich"}""", request.Body);
        Assert.Equal("wind in Zürich", result.Query);
        Assert.Equal("Search results for wind", result.Note);
        Assert.Equal([1, 2, 3], result.Sources.Select(s => s.Number));
        Assert.Equal(new Uri("https://example.org/wind"), result.Sources[0].Url);
        Assert.Equal("Wind turbines turn wind into electricity.", result.Sources[0].Content);
        Assert.Equal("Offshore farms...", result.Sources[1].Snippet);
        Assert.Null(result.Sources[1].Content);
        Assert.Null(result.Sources[2].Url); // not an absolute http(s) address
        Assert.Null(result.Impact);
        Assert.Equal("[1] Wind power https://example.org/wind", result.Sources[0].ToString());
    }

    [Fact]
    public async Task Search_MaxResults_IsCutByTheClient_AndNotSent()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(WebAnswer));
        using GreenPTWebSearchClient search = Create(handler);

        GreenPTWebSearchResult result = await search.SearchAsync("wind", maxResults: 2, cancellationToken: Ct);

        JsonAssert.Equal("""{"query":"wind"}""", handler.Requests[0].Body);
        Assert.Equal(2, result.Sources.Count);
    }

    [Fact]
    public async Task SearchLinks_GoldenRequest_ReadsUrlAndDescriptionToo_AndAnImpact()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""
            {"results":[{"title":"A","url":"https://a.example/","description":"about a"},7,{"title":"B","link":"https://b.example/"}],
             "impact":{"energy":{"total":10,"unit":"Wms"}}}
            """));
        using GreenPTWebSearchClient search = Create(handler);

        GreenPTWebSearchResult result = await search.SearchLinksAsync("wind", new GreenPTLinkSearchOptions { MaxResults = 5, Page = 2, Country = "nl" }, Ct);

        Assert.Equal(new Uri("https://api.greenpt.test/v1/tools/search/web"), handler.Requests[0].Uri);
        JsonAssert.Equal("""{"query":"wind","maxResults":5,"page":2,"country":"nl"}""", handler.Requests[0].Body);
        Assert.Equal([new Uri("https://a.example/"), new Uri("https://b.example/")], result.Sources.Select(s => s.Url));
        Assert.Equal("about a", result.Sources[0].Snippet);
        Assert.Equal(new GreenPTMeasurement(10, "Wms"), result.Impact!.Energy);
    }

    [Fact]
    public async Task SearchLinks_WithoutOptions_SendsOnlyTheQuery()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""{"results":[]}"""));
        using GreenPTWebSearchClient search = Create(handler);

        GreenPTWebSearchResult result = await search.SearchLinksAsync("wind", cancellationToken: Ct);

        JsonAssert.Equal("""{"query":"wind"}""", handler.Requests[0].Body);
        Assert.Empty(result.Sources);
    }

    [Fact]
    public async Task BadInput_IsRefusedBeforeSending()
    {
        var handler = new ScriptedHandler();
        using GreenPTWebSearchClient search = Create(handler);

        await Assert.ThrowsAsync<ArgumentNullException>("query", () => search.SearchAsync(null!, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>("query", () => search.SearchAsync(" \t", cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("maxResults", () => search.SearchAsync("q", 0, Ct));
        await Assert.ThrowsAsync<ArgumentException>("query", () => search.SearchLinksAsync("", cancellationToken: Ct));
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>("options", () => search.SearchLinksAsync("q", new() { MaxResults = 0 }, Ct));
        Assert.Contains("GreenPTLinkSearchOptions.MaxResults must be at least 1; it was 0.", ex.Message, StringComparison.Ordinal);
        ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>("options", () => search.SearchLinksAsync("q", new() { Page = -1 }, Ct));
        Assert.Contains("GreenPTLinkSearchOptions.Page", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>("options", () => search.SearchLinksAsync("q", new() { Country = " " }, Ct));
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("""{"results":{"title":"x"}}""", "results")]
    [InlineData("""{"error":{"message":"quota"},"results":[]}""", "quota")]
    public async Task UnusableAnswer_IsAGreenPTException(string body, string named)
    {
        using GreenPTWebSearchClient search = Create(new ScriptedHandler(ScriptedHandler.Json(body, HttpStatusCode.OK, ("x-request-id", "req_s"))));

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => search.SearchAsync("q", cancellationToken: Ct));

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        Assert.Equal("req_s", ex.RequestId);
    }

    [Fact]
    public async Task ServerError_HasItsStatusAndMessage()
    {
        using GreenPTWebSearchClient search = Create(new ScriptedHandler(ScriptedHandler.Json(
            """{"error":{"code":402,"message":"Insufficient credits","type":"insufficient_credits"},"requestId":"req_p"}""", HttpStatusCode.PaymentRequired)));

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => search.SearchLinksAsync("q", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.PaymentRequired, ex.StatusCode);
        Assert.Equal("req_p", ex.RequestId);
        Assert.DoesNotContain(TestClients.ApiKey, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Functions_HaveTheirNamesAndSchemas()
    {
        using GreenPTWebSearchClient search = Create(new ScriptedHandler());
        IList<AITool> tools = search.AsTools();

        Assert.Equal(["greenpt_web_search", "greenpt_search_links"], tools.Select(t => t.Name));
        AIFunction web = search.AsWebSearchFunction();
        AIFunction links = search.AsLinkSearchFunction();
        Assert.Equal(["query", "max_results"], web.JsonSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["query", "max_results", "page", "country"], links.JsonSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal("""["query"]""", links.JsonSchema.GetProperty("required").GetRawText());
        Assert.Contains("[n]", web.Description, StringComparison.Ordinal);
        Assert.Equal("GreenPTWebSearchClient { Endpoint = https://api.greenpt.test/v1/ }", search.ToString());
    }

    [Fact]
    public async Task WebSearchFunction_TakesJsonArguments_AndReturnsLlmReadyJson()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(WebAnswer));
        using GreenPTWebSearchClient search = Create(handler);
        using JsonDocument args = JsonDocument.Parse("""{"query":"wind","max_results":"2"}""");

        object? result = await search.AsWebSearchFunction().InvokeAsync(
            new AIFunctionArguments(args.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone())), Ct);

        JsonAssert.Equal("""{"query":"wind"}""", handler.Requests[0].Body);
        JsonAssert.Equal("""
            {"query":"wind","note":"Search results for wind","instructions":"Cite a source by its number in square brackets, for example [1].",
             "results":[{"source":1,"title":"Wind power","url":"https://example.org/wind","content":"Wind turbines turn wind into electricity."},
                        {"source":2,"title":"Offshore","url":"https://example.org/offshore","content":"Offshore farms..."}]}
            """, Assert.IsType<JsonElement>(result).GetRawText());
    }

    [Fact]
    public async Task LinkSearchFunction_SendsEveryArgument_AndRefusesAWrongType()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""{"results":[]}"""));
        using GreenPTWebSearchClient search = Create(handler);
        AIFunction links = search.AsLinkSearchFunction();

        await links.InvokeAsync(new AIFunctionArguments(new Dictionary<string, object?> { ["query"] = "wind", ["max_results"] = 3L, ["page"] = 2, ["country"] = "de" }), Ct);
        JsonAssert.Equal("""{"query":"wind","maxResults":3,"page":2,"country":"de"}""", handler.Requests[0].Body);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => links.InvokeAsync(new AIFunctionArguments(new Dictionary<string, object?> { ["query"] = "w", ["page"] = 1.5 }), Ct).AsTask());
        Assert.Contains("'page' must be a whole number", ex.Message, StringComparison.Ordinal);
        ex = await Assert.ThrowsAsync<ArgumentException>(() => links.InvokeAsync(new AIFunctionArguments(new Dictionary<string, object?> { ["query"] = 5 }), Ct).AsTask());
        Assert.Contains("'query' must be a string", ex.Message, StringComparison.Ordinal);
        ex = await Assert.ThrowsAsync<ArgumentException>(() => links.InvokeAsync(new AIFunctionArguments(), Ct).AsTask());
        Assert.Contains("'query' is required", ex.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }
}
