using System.Net;
using static GreenPT.AI.Emulator.Tests.TestSupport;

namespace GreenPT.AI.Emulator.Tests;

/// <summary><c>POST /v1/tools/websearch</c> and <c>POST /v1/tools/search/web</c>: the documented simulated answers, validation, faults.</summary>
public sealed class SearchTests
{
    [Fact]
    public async Task Websearch_answers_three_simulated_sources_with_a_note()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (response, json) = await PostJsonAsync(client, "tools/websearch", """{"query":"Wind power?"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["note", "results"], json.AsObject().Select(p => p.Key));
        var results = json["results"]!.AsArray();
        Assert.Equal(3, results.Count);
        Assert.Equal(["title", "link", "snippet", "relevant_content"], results[0]!.AsObject().Select(p => p.Key));
        Assert.Equal("https://emulator.greenpt.invalid/search/wind-power/2", results[1]!["link"]!.GetValue<string>());
        Assert.Equal("Simulated page 3 about Wind power?. This text comes from the GreenPT emulator.", results[2]!["relevant_content"]!.GetValue<string>());
        Assert.Single(emulator.SearchRequests);
    }

    [Fact]
    public async Task Search_web_answers_max_results_links_of_the_page_with_the_country()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (_, json) = await PostJsonAsync(client, "tools/search/web", """{"query":"wind","maxResults":2,"page":3,"country":"nl"}""");
        var (_, defaults) = await PostJsonAsync(client, "tools/search/web", """{"query":"wind"}""");

        var results = json["results"]!.AsArray();
        Assert.Equal(["https://emulator.greenpt.invalid/links/wind/5?country=nl", "https://emulator.greenpt.invalid/links/wind/6?country=nl"],
            results.Select(r => r!["link"]!.GetValue<string>()));
        Assert.Equal("wind (simulated link 5)", results[0]!["title"]!.GetValue<string>());
        Assert.Equal(10, defaults["results"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("tools/websearch", """{"query":"  "}""", "query")]
    [InlineData("tools/websearch", """[]""", null)]
    [InlineData("tools/search/web", """{"query":"q","maxResults":0}""", "maxResults")]
    [InlineData("tools/search/web", """{"query":"q","maxResults":21}""", "maxResults")]
    [InlineData("tools/search/web", """{"query":"q","page":0}""", "page")]
    [InlineData("tools/search/web", """{"query":"q","country":""}""", "country")]
    public async Task Search_refuses_bad_requests_naming_the_field(string path, string body, string? param)
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (response, json) = await PostJsonAsync(client, path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertGreenPTError(json, 400, "invalid_request_error", param);
    }

    [Fact]
    public async Task Search_takes_status_faults_and_refuses_corruptions_without_a_target()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);

        var (status, _) = await PostJsonAsync(client, "tools/websearch", """{"query":"q"}""", fault: "status=502");
        Assert.Equal(HttpStatusCode.BadGateway, status.StatusCode);

        var (noTarget, error) = await PostJsonAsync(client, "tools/search/web", """{"query":"q"}""", fault: "corrupt=usage-array");
        Assert.Equal(HttpStatusCode.BadRequest, noTarget.StatusCode);
        Assert.Contains("it does not apply to search answers", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
