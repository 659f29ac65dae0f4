using System.Text.Json;
using GreenPT.AI.Emulator;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;

namespace GreenPT.AI.IntegrationTests;

/// <summary>
/// GreenPT's web searches over loopback against the emulator: the typed client, and the search functions called by a model through
/// MEAI's <c>UseFunctionInvocation()</c> (with the answer's citations as <see cref="CitationAnnotation"/>s), Semantic Kernel and Agent Framework.
/// </summary>
public sealed class WebSearchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GreenPTWebSearchClient Search(Harness harness) =>
        harness.Own(new GreenPTWebSearchClient(harness.ClientOptions(), harness.CreateHttpClient(), harness.ClientLoggerFactory));

    [Fact]
    public async Task TypedClient_BothSearches_RoundTrip()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTWebSearchClient search = Search(harness);

        GreenPTWebSearchResult web = await Bounded.Within(search.SearchAsync("wind power", maxResults: 2, Ct));
        GreenPTWebSearchResult links = await Bounded.Within(search.SearchLinksAsync("wind power", new GreenPTLinkSearchOptions { MaxResults = 3, Page = 2, Country = "nl" }, Ct));

        Assert.Equal([1, 2], web.Sources.Select(s => s.Number));
        Assert.Equal(new Uri("https://emulator.greenpt.invalid/search/wind-power/1"), web.Sources[0].Url);
        Assert.StartsWith("Simulated page 1 about wind power.", web.Sources[0].Content, StringComparison.Ordinal);
        Assert.Equal("These search results are simulated by the GreenPT emulator.", web.Note);
        Assert.Null(web.Impact); // the emulator, like GreenPT's docs, reports none for the tools
        Assert.Equal(new Uri("https://emulator.greenpt.invalid/links/wind-power/4?country=nl"), links.Sources[0].Url);
        Assert.Equal(3, links.Sources.Count);
        Assert.Equal(["/v1/tools/websearch", "/v1/tools/search/web"], harness.Emulator.SearchRequests.Select(r => r.Path));
        Assert.Equal("Bearer ***", harness.Emulator.SearchRequests[0].Headers["Authorization"]);
    }

    [Fact]
    public async Task TypedClient_ServerErrorsAndRetries()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTWebSearchClient search = Search(harness);
        harness.Emulator.EnqueueFault(EmulatorFault.Status(503));
        harness.Emulator.EnqueueFault(EmulatorFault.Status(402));

        GreenPTException ex = await Bounded.ThrowsAsync<GreenPTException>(() => search.SearchAsync("wind", cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.PaymentRequired, ex.StatusCode);
        Assert.Equal(2, harness.ClientSends);
        GreenPTException badPage = await Bounded.ThrowsAsync<GreenPTException>(() =>
            search.SearchLinksAsync("wind", new GreenPTLinkSearchOptions { MaxResults = 50 }, Ct));
        Assert.Contains("'maxResults' must be an integer from 1 to 20.", badPage.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseFunctionInvocation_CallsTheSearch_AndTheAnswersAddressesBecomeCitations()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTWebSearchClient search = Search(harness);
        IChatClient client = new ChatClientBuilder(harness.CreateClient()).UseFunctionInvocation().Build();

        ChatResponse response = await Bounded.Within(client.GetResponseAsync(
            "wind power in Europe", new ChatOptions { Tools = [search.AsWebSearchFunction()] }, Ct));

        // The emulator's model calls the first tool with the user's text, then reports the tool's result, addresses included.
        FunctionCallContent call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        Assert.Equal("greenpt_web_search", call.Name);
        Assert.Equal("wind power in Europe", call.Arguments!["query"]?.ToString());
        Assert.Equal("""{"query":"wind power in Europe"}""", Assert.Single(harness.Emulator.SearchRequests).Body);
        Assert.StartsWith("The tool returned:", response.Messages[^1].Text, StringComparison.Ordinal);

        // The emulator echoes the whole result: the three addresses, and the "[1]" of its citing instruction, which names source 1.
        Assert.Equal(4, response.AddGreenPTCitations());
        List<CitationAnnotation> citations = [.. response.Messages[^1].Contents.SelectMany(c => c.Annotations ?? []).OfType<CitationAnnotation>()];
        Assert.Equal([1, 1, 2, 3], citations.Select(c => int.Parse(c.Url!.Segments[^1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(citations, c => Assert.Equal("greenpt_web_search", c.ToolName));
        Assert.NotNull(response.GetTotalGreenPTImpact()); // the chat calls' impact; the search reported none
    }

    [Fact]
    public async Task UseFunctionInvocation_AnAnswerCitingByNumber_GetsThatSourcesCitation()
    {
        await using Harness harness = await Harness.StartAsync(o => o.Script = request =>
            request.GetProperty("messages").EnumerateArray().Last().GetProperty("role").GetString() == "tool"
                ? new EmulatorScript { Content = "Europe builds offshore wind farms [2]." }
                : null);
        GreenPTWebSearchClient search = Search(harness);
        IChatClient client = new ChatClientBuilder(harness.CreateClient()).UseFunctionInvocation().Build();

        ChatResponse response = await Bounded.Within(client.GetResponseAsync(
            "offshore wind", new ChatOptions { Tools = search.AsTools() }, Ct));

        Assert.Equal(1, response.AddGreenPTCitations());
        CitationAnnotation citation = response.Messages[^1].Contents.SelectMany(c => c.Annotations ?? []).OfType<CitationAnnotation>().Single();
        Assert.Equal(new Uri("https://emulator.greenpt.invalid/search/offshore-wind/2"), citation.Url);
        Assert.Equal("offshore wind (simulated source 2)", citation.Title);
        var region = Assert.IsType<TextSpanAnnotatedRegion>(Assert.Single(citation.AnnotatedRegions!));
        Assert.Equal("[2]", response.Messages[^1].Text[region.StartIndex!.Value..region.EndIndex!.Value]);
    }

    [Fact]
    public async Task SemanticKernel_InvokesTheSearchAsAKernelFunction()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTWebSearchClient search = Search(harness);
        IKernelBuilder builder = Kernel.CreateBuilder();
        builder.AddGreenPTChatCompletion(o => { o.ApiKey = Harness.ApiKey; o.Endpoint = harness.Emulator.BaseAddress; });
        builder.Plugins.AddFromFunctions("greenpt", [search.AsLinkSearchFunction().AsKernelFunction()]);
        Kernel kernel = builder.Build();

        FunctionResult result = await Bounded.Within(kernel.InvokePromptAsync(
            "solar", new(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }), cancellationToken: Ct));

        JsonElement sent = JsonDocument.Parse(Assert.Single(harness.Emulator.SearchRequests).Body).RootElement;
        Assert.Equal("solar", sent.GetProperty("query").GetString());
        Assert.Contains("https://emulator.greenpt.invalid/links/solar/1", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentFramework_AgentCallsTheSearch()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTWebSearchClient search = Search(harness);
        AIAgent agent = new ChatClientAgent(harness.CreateClient(), instructions: "Search before answering.", tools: [search.AsWebSearchFunction()]);

        AgentResponse response = await Bounded.Within(agent.RunAsync("heat pumps", cancellationToken: Ct));

        Assert.Single(harness.Emulator.SearchRequests);
        Assert.Contains("https://emulator.greenpt.invalid/search/heat-pumps/3", response.Text, StringComparison.Ordinal);
        Assert.Equal(4, response.AsChatResponse().AddGreenPTCitations()); // three addresses and the echoed instruction's "[1]"
    }
}
