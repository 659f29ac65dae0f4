using System.Text.Json.Nodes;

namespace GreenPT.AI.Tests.Accounting;

/// <summary>The report's text and JSON, whole: every figure, unit, order and conditional part is pinned.</summary>
public sealed class ImpactReportTests
{
    private static GreenPTImpact Impact(double ms, double wms, double ug) =>
        new() { InferenceTime = new(ms, "ms"), Energy = new(wms, "Wms"), Emissions = new(ug, "ugCO2e"), Version = "20250922" };

    private static GreenPTImpactTracker Tracker(GreenPTCarbonBudget? budget)
    {
        var tracker = new GreenPTImpactTracker("tenant-a") { Budget = budget };
        tracker.Record(new GreenPTImpactRecord { ModelId = "green-l", Impact = Impact(500, 360_000, 4_000), InputTokens = 50, OutputTokens = 50, Duration = TimeSpan.FromMilliseconds(640) });
        tracker.Record(new GreenPTImpactRecord { ModelId = "gemma4", Impact = Impact(1000, 3_600_000, 40_000), InputTokens = 600, OutputTokens = 400, Duration = TimeSpan.FromSeconds(1.5) });
        tracker.Record(new GreenPTImpactRecord { ModelId = "green-l", InputTokens = 7, OutputTokens = 3, Duration = TimeSpan.FromMilliseconds(250) });
        tracker.Record(new GreenPTImpactRecord { Impact = Impact(2000, 36_000_000, 400_000), InputTokens = 1, OutputTokens = 1, Duration = TimeSpan.FromSeconds(2.345) });
        return tracker;
    }

    // The green-l call without impact is given an estimate (the scope's average measured green-l call), shown apart from what was measured.
    [Fact]
    public void Text_WithoutBudget_IsExactly()
    {
        string text = Tracker(budget: null).CreateReport().ToString();

        Assert.Equal(
            """
            GreenPT impact report for tenant-a
              Total: 4 calls (1 without impact), 658 in / 454 out tokens, 4.74 s wall-clock
                impact 3.5 s, 11.1 Wh, 444 mgCO2e; per call 1.17 s, 3.7 Wh, 148 mgCO2e; 100 tokens/Wh; grid 40 gCO2e/kWh
                estimated, not measured (1 calls): 100 mWh, 4 mgCO2e, range 50 mWh, 2 mgCO2e to 200 mWh, 8 mgCO2e
              Model unknown: 1 calls, 1 in / 1 out tokens, 2.35 s wall-clock
                impact 2 s, 10 Wh, 400 mgCO2e; per call 2 s, 10 Wh, 400 mgCO2e; 0.2 tokens/Wh; grid 40 gCO2e/kWh
              Model gemma4: 1 calls, 600 in / 400 out tokens, 1.5 s wall-clock
                impact 1 s, 1 Wh, 40 mgCO2e; per call 1 s, 1 Wh, 40 mgCO2e; 1000 tokens/Wh; grid 40 gCO2e/kWh
              Model green-l: 2 calls (1 without impact), 57 in / 53 out tokens, 890 ms wall-clock
                impact 500 ms, 100 mWh, 4 mgCO2e; per call 500 ms, 100 mWh, 4 mgCO2e; 1100 tokens/Wh; grid 40 gCO2e/kWh
                estimated, not measured (1 calls): 100 mWh, 4 mgCO2e, range 50 mWh, 2 mgCO2e to 200 mWh, 8 mgCO2e

            """.ReplaceLineEndings(Environment.NewLine),
            text);
    }

    [Fact]
    public void Text_WithBudget_SaysWhatIsSpent_AndAScopelessReportSaysNoScope()
    {
        GreenPTImpactTracker tracker = Tracker(new GreenPTCarbonBudget { EnergyLimit = new(20, "Wh"), EmissionsLimit = new(1, "gCO2e") });

        string text = tracker.CreateReport().ToString();

        Assert.Contains(Environment.NewLine + "    budget: 56 % spent of 20 Wh and 1 gCO2e; 0 calls degraded, 0 refused" + Environment.NewLine, text, StringComparison.Ordinal);
        Assert.StartsWith("GreenPT impact report" + Environment.NewLine + "  Total: 0 calls, 0 in / 0 out tokens, 0 ms wall-clock" + Environment.NewLine +
            "    impact 0 ms, 0 mWh, 0 µgCO2e; n/a tokens/Wh; grid n/a gCO2e/kWh" + Environment.NewLine,
            new GreenPTImpactTracker().CreateReport().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_IsExactly()
    {
        GreenPTImpactTracker tracker = Tracker(new GreenPTCarbonBudget { EnergyLimit = new(20, "Wh"), EmissionsLimit = new(1, "gCO2e") });

        string json = tracker.CreateReport().ToJson();

        Assert.Contains(Environment.NewLine + "  \"scope\": \"tenant-a\"", json, StringComparison.Ordinal); // indented
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(
            """
            {
              "scope": "tenant-a",
              "total": { "calls": 4, "callsWithoutImpact": 1, "inputTokens": 658, "outputTokens": 454, "energyWh": 11.1, "emissionsGramsCO2e": 0.444,
                         "inferenceTimeSeconds": 3.5, "averageEnergyWhPerCall": 3.7, "averageEmissionsGramsCO2ePerCall": 0.148, "tokensPerWh": 100.18018018,
                         "gridIntensityGramsCO2ePerKWh": 40,
                         "estimated": { "basis": "estimated", "calls": 1, "energyWh": 0.1, "energyWhLow": 0.05, "energyWhHigh": 0.2, "emissionsGramsCO2e": 0.004, "emissionsGramsCO2eLow": 0.002, "emissionsGramsCO2eHigh": 0.008 } },
              "budget": { "energyLimitWh": 20, "emissionsLimitGramsCO2e": 1, "spentFraction": 0.555, "degradedCalls": 0, "refusedCalls": 0 },
              "models": {
                "green-l": { "calls": 2, "callsWithoutImpact": 1, "inputTokens": 57, "outputTokens": 53, "energyWh": 0.1, "emissionsGramsCO2e": 0.004,
                             "inferenceTimeSeconds": 0.5, "averageEnergyWhPerCall": 0.1, "averageEmissionsGramsCO2ePerCall": 0.004, "tokensPerWh": 1100,
                             "gridIntensityGramsCO2ePerKWh": 40,
                             "estimated": { "basis": "estimated", "calls": 1, "energyWh": 0.1, "energyWhLow": 0.05, "energyWhHigh": 0.2, "emissionsGramsCO2e": 0.004, "emissionsGramsCO2eLow": 0.002, "emissionsGramsCO2eHigh": 0.008 } },
                "gemma4": { "calls": 1, "callsWithoutImpact": 0, "inputTokens": 600, "outputTokens": 400, "energyWh": 1, "emissionsGramsCO2e": 0.04,
                            "inferenceTimeSeconds": 1, "averageEnergyWhPerCall": 1, "averageEmissionsGramsCO2ePerCall": 0.04, "tokensPerWh": 1000,
                            "gridIntensityGramsCO2ePerKWh": 40 },
                "unknown": { "calls": 1, "callsWithoutImpact": 0, "inputTokens": 1, "outputTokens": 1, "energyWh": 10, "emissionsGramsCO2e": 0.4,
                             "inferenceTimeSeconds": 2, "averageEnergyWhPerCall": 10, "averageEmissionsGramsCO2ePerCall": 0.4, "tokensPerWh": 0.2,
                             "gridIntensityGramsCO2ePerKWh": 40 }
              }
            }
            """), JsonNode.Parse(json)), json);
    }

    [Theory]
    [InlineData(999, "999 ms")]
    [InlineData(1000, "1 s")]
    [InlineData(61_500, "61.5 s")]
    public void WallClockTime_IsInMillisecondsBelowASecond_ElseInSeconds(int milliseconds, string expected)
    {
        var tracker = new GreenPTImpactTracker();
        tracker.Record(new GreenPTImpactRecord { Duration = TimeSpan.FromMilliseconds(milliseconds) });

        Assert.Contains($", 0 in / 0 out tokens, {expected} wall-clock", tracker.CreateReport().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_WithoutFigures_WritesNulls()
    {
        var tracker = new GreenPTImpactTracker { Budget = new GreenPTCarbonBudget { EnergyLimit = new(1, "Wh") } };
        tracker.Record(new GreenPTImpactRecord { ModelId = "m" });

        JsonNode json = JsonNode.Parse(tracker.CreateReport().ToJson())!;

        Assert.Null(json["scope"]);
        Assert.Equal(0, json["total"]!["energyWh"]!.GetValue<double>());
        Assert.True(((JsonObject)json["total"]!).TryGetPropertyValue("averageEnergyWhPerCall", out JsonNode? average) && average is null, "written as null");
        Assert.Null(json["total"]!["tokensPerWh"]);
        Assert.Null(json["total"]!["gridIntensityGramsCO2ePerKWh"]);
        Assert.Null(json["budget"]!["emissionsLimitGramsCO2e"]);
        Assert.Equal(0, json["budget"]!["spentFraction"]!.GetValue<double>());
        Assert.Equal(1, json["total"]!["callsWithoutImpact"]!.GetValue<int>());
    }
}
