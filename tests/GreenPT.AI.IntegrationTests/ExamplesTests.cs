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
}
