using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using GreenPT.AI.IntegrationTests.Infrastructure;

namespace GreenPT.AI.IntegrationTests;

/// <summary>The examples, run in-process offline against the emulator: each must exit 0 and show what it promises.</summary>
[Collection(nameof(ProcessWideState))]
public sealed class ExamplesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Quickstart_RunsOffline_AndShowsEverySection()
    {
        var output = new StringWriter();
        int exit = await Bounded.Within(Quickstart.QuickstartApp.RunAsync(output, apiKey: null, Ct), TimeSpan.FromSeconds(60));

        string text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("simulated", text.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("1. An answer", text, StringComparison.Ordinal);
        Assert.Contains("2. A streamed answer", text, StringComparison.Ordinal);
        Assert.Contains("3. Reasoning", text, StringComparison.Ordinal);
        Assert.Contains("Reasoning: (none)", text, StringComparison.Ordinal);
        Assert.Contains("Total impact", text, StringComparison.Ordinal);
        Assert.Matches(@"Impact: \d+ ms, [\d.]+ mWh, [\d.]+ (µ|m)gCO2e", text);
    }

    [Fact]
    public async Task HostedApp_RunsOffline_WithDependencyInjectionAndConfiguration()
    {
        var output = new StringWriter();
        int exit = await Bounded.Within(HostedApp.HostedAppProgram.RunAsync(["--offline"], output, Ct), TimeSpan.FromSeconds(60));

        string text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("simulated", text, StringComparison.Ordinal);
        Assert.Contains("embedding: green-embedding", text, StringComparison.Ordinal);
        Assert.Contains("Total impact", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CarbonAccounting_RunsOffline_TripsItsBudget_AndReports()
    {
        string files = Directory.CreateTempSubdirectory("greenpt-carbon-").FullName;
        var output = new StringWriter();
        int exit = await Bounded.Within(CarbonAccounting.CarbonAccountingApp.RunAsync(output, files, Ct), TimeSpan.FromSeconds(60));

        string text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("tool get_weather", text, StringComparison.Ordinal);
        Assert.Contains("degraded: model green-l, reasoning_effort none", text, StringComparison.Ordinal);
        Assert.Contains("the call was not sent", text, StringComparison.Ordinal);
        Assert.Contains("GreenPT impact report for demo-budget", text, StringComparison.Ordinal);
        Assert.Contains("\"gridIntensityGramsCO2ePerKWh\"", text, StringComparison.Ordinal);

        // Step 4: the day's SCI, and the chart, JSON and CSV written where the example says.
        Assert.Contains("SCI for AI for demo-fleet, UTC day", text, StringComparison.Ordinal);
        Assert.Matches(@"R: \d+ tokens, 42 calls, 30 workflows \(30 measured, 12 estimated, 0 without figures\)", text);
        Assert.Matches(@"estimated share of the emissions: [\d.]+ %", text);
        string chart = Path.Combine(files, "demo-fleet-day.svg");
        Assert.Contains($"Chart (energy and emissions per hour and per model): {chart}", text, StringComparison.Ordinal);
        XDocument svg = XDocument.Parse(await File.ReadAllTextAsync(chart, Ct));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        string[] models = [.. svg.Descendants(ns + "g").Where(g => (string?)g.Attribute("class") == "series" && (string?)g.Attribute("data-basis") == "measured")
            .Select(g => (string)g.Attribute("data-model")!).Distinct()];
        Assert.Equal(["gemma4", "green-l", "other-provider"], models.Order(StringComparer.Ordinal));
        int[] hours = [.. svg.Descendants(ns + "rect").Select(r => (string?)r.Attribute("data-start")).OfType<string>()
            .Select(s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture).UtcDateTime.Hour).Distinct().Order()];
        Assert.Equal(Enumerable.Range(6, 12), hours);
        byte[] png = await File.ReadAllBytesAsync(Path.ChangeExtension(chart, ".png"), Ct);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]); // the PNG signature
        Assert.Contains($"The same as PNG: {Path.ChangeExtension(chart, ".png")}", text, StringComparison.Ordinal);
        JsonNode sci = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(files, "demo-fleet-sci.json"), Ct))!;
        Assert.Equal(30, sci["functionalUnits"]!["workflows"]!.GetValue<int>());
        Assert.True(sci["measured"]!["gramsCO2ePerToken"]!.GetValue<double>() > 0);
        string[] csv = (await File.ReadAllTextAsync(Path.Combine(files, "demo-fleet-sci.csv"), Ct)).Split("\r\n");
        Assert.Equal(string.Join(',', GreenPTSciReport.CsvColumns), csv[0]);
        Assert.Equal(1 + 2 + (3 * 2) + 1, csv.Length); // header, the scope, three models, and the empty string after the last CRLF
        Directory.Delete(files, recursive: true);
    }

    [Fact]
    public async Task SemanticKernelAgent_RunsOffline_CallsTheRightToolsAndReportsEachTurnsImpact()
    {
        var output = new StringWriter();
        int exit = await Bounded.Within(SemanticKernelAgent.SemanticKernelAgentApp.RunAsync(output, apiKey: null, Ct), TimeSpan.FromSeconds(60));

        string text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("simulated", text.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("tool call: travel_get_weather(city: Lisbon)", text, StringComparison.Ordinal);
        Assert.Contains("tool result: Lisbon to Porto: about 2 h 50 min", text, StringComparison.Ordinal);
        Assert.Contains("Reasoning: A tool returned", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split("Impact of the turn (every call): ").Length - 1);
        Assert.Matches(@"Total impact of the conversation: [\d.]+ (ms|s), [\d.]+ mWh", text);
    }

    [Fact]
    public async Task AgentFramework_RunsOffline_KeepsTheConversation_AndTracksItsImpact()
    {
        var output = new StringWriter();
        int exit = await Bounded.Within(AgentFramework.AgentFrameworkApp.RunAsync(output, apiKey: null, Ct), TimeSpan.FromSeconds(60));

        string text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("simulated", text.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("TravelAgent: The tool returned: \"Lisbon: sunny", text, StringComparison.Ordinal);
        Assert.Contains("TravelAgent: You said: \"And should I take an umbrella?\"", text, StringComparison.Ordinal);
        Assert.Matches(@"The conversation: 3 GreenPT calls, [\d.]+ (ms|s), [\d.]+ mWh", text);
    }

    [Fact]
    public async Task Rag_RunsOffline_EmbedsRetrievesReranksAnswersWithCitations_AndShowsEachStagesImpact()
    {
        var output = new StringWriter();
        int exit = await Bounded.Within(Rag.RagApp.RunAsync(output, apiKey: null, Ct), TimeSpan.FromSeconds(60));

        string text = output.ToString();
        Assert.True(exit == 0, text);
        string[] lines = text.Split('\n');
        Assert.Contains("simulated", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"1\. Embedded 8 documents and the question\. Impact: [\d.]+ (ms|s), [\d.]+ mWh, [\d.]+ (µ|m)gCO2e", text);
        Assert.Matches(@"2\. Retrieved documents #\d, #\d, #\d, #\d by cosine similarity", text);
        Assert.Matches(@"3\. Reranked to #\d \([\d.]+\), #\d \([\d.]+\)\. Impact: [\d.]+ (ms|s), [\d.]+ mWh", text);
        Assert.Contains("4. Answer: You said: \"Sources:\n[1] ", text, StringComparison.Ordinal);
        Assert.Contains("   Cited: [1] ", text, StringComparison.Ordinal);
        Assert.Matches(@"   Impact: [\d.]+ (ms|s), [\d.]+ mWh", text);
        Assert.Matches(@"Total impact of the answer \(embed \+ rerank \+ chat\): [\d.]+ (ms|s), [\d.]+ mWh", text);

        // The sources given to the model are documents of the set, and the answer cites the first one as [1].
        string first = text.Split("[1] ")[1].Split('\n')[0];
        Assert.Contains(first, Rag.RagApp.Documents);
        Assert.Contains($"   Cited: [1] {first}", text, StringComparison.Ordinal);
    }
}
