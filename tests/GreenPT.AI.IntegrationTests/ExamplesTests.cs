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
        var output = new StringWriter();
        int exit = await Bounded.Within(CarbonAccounting.CarbonAccountingApp.RunAsync(output, Ct), TimeSpan.FromSeconds(60));

        string text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("tool get_weather", text, StringComparison.Ordinal);
        Assert.Contains("degraded: model green-l, reasoning_effort none", text, StringComparison.Ordinal);
        Assert.Contains("the call was not sent", text, StringComparison.Ordinal);
        Assert.Contains("GreenPT impact report for demo-budget", text, StringComparison.Ordinal);
        Assert.Contains("\"gridIntensityGramsCO2ePerKWh\"", text, StringComparison.Ordinal);
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
