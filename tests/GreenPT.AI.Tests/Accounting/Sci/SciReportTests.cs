using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace GreenPT.AI.Tests.Accounting.Sci;

/// <summary>SCI for AI from a report: the arithmetic against hand-computed values, the exports parsed back, bad input.</summary>
public sealed class SciReportTests
{
    private const string QuotedModel = "mistral, \"small\"";

    // 1 Wh = 3,600,000 Wms; 0.04 gCO2e = 40,000 µgCO2e.
    private static GreenPTImpact OneWattHour() => new() { InferenceTime = new(1000, "ms"), Energy = new(3_600_000, "Wms"), Emissions = new(40_000, "ugCO2e") };

    /// <summary>
    /// Two measured calls of <see cref="QuotedModel"/> (1 Wh, 0.04 g, 1,000 tokens each), then one green-l call without impact (100
    /// tokens), estimated at the scope's average measured call: 1 Wh, 0.04 g.
    /// </summary>
    private static GreenPTImpactTracker Tracker(TimeProvider? time = null)
    {
        var tracker = new GreenPTImpactTracker("tenant-a") { TimeProvider = time ?? TimeProvider.System };
        tracker.Record(new GreenPTImpactRecord { ModelId = QuotedModel, Impact = OneWattHour(), InputTokens = 600, OutputTokens = 400 });
        tracker.Record(new GreenPTImpactRecord { ModelId = QuotedModel, Impact = OneWattHour(), InputTokens = 700, OutputTokens = 300 });
        tracker.Record(new GreenPTImpactRecord { ModelId = "green-l", InputTokens = 60, OutputTokens = 40 });
        return tracker;
    }

    private static GreenPTSciReport Sci() =>
        Tracker().CreateReport().ToSci(new GreenPTSciOptions { EmbodiedEmissions = new(0.5, "gCO2e"), Workflows = 2 });

    [Fact]
    public void Total_Measured_IsETimesIPlusMPerUnit_FromGreenPTsFiguresOnly()
    {
        GreenPTSciFigures total = Sci().Total;

        Assert.Equal((3, 2, 1, 0, 2100L, 2L), (total.Calls, total.MeasuredCalls, total.EstimatedCalls, total.CallsWithoutFigures, total.Tokens, total.Workflows));
        GreenPTSciScore m = total.Measured;
        Assert.Equal("measured", m.Basis);
        Assert.Equal(0.002, m.EnergyKilowattHours, 12);
        Assert.Equal(0.08, m.OperationalEmissionsGramsCO2e, 12);
        Assert.Equal(0.5, m.EmbodiedEmissionsGramsCO2e);
        Assert.Equal(0.58, m.CarbonGramsCO2e, 12);
        Assert.Equal(40, m.GridIntensityGramsPerKilowattHour!.Value, 9);
        Assert.Equal(0.58 / 2100, m.PerToken!.Value, 15);
        Assert.Equal(0.58 / 3, m.PerCall!.Value, 12);
        Assert.Equal(0.29, m.PerWorkflow!.Value, 12);
    }

    [Fact]
    public void Total_WithEstimates_AddsTheEstimate_AndStatesItsShare()
    {
        GreenPTSciFigures total = Sci().Total;

        GreenPTSciScore e = total.WithEstimates;
        Assert.Equal("measured+estimated", e.Basis);
        Assert.Equal(0.003, e.EnergyKilowattHours, 12);
        Assert.Equal(0.12, e.OperationalEmissionsGramsCO2e, 12);
        Assert.Equal(0.62, e.CarbonGramsCO2e, 12);
        Assert.Equal(0.62 / 2100, e.PerToken!.Value, 15);
        Assert.Equal(0.62 / 3, e.PerCall!.Value, 12);
        Assert.Equal(0.31, e.PerWorkflow!.Value, 12);
        Assert.Equal(1d / 3, total.EstimatedShare!.Value, 12);
    }

    [Fact]
    public void ByModel_IsOperationalOnly_WithoutMOrWorkflows()
    {
        GreenPTSciReport sci = Sci();

        GreenPTSciFigures quoted = sci.ByModel[QuotedModel];
        Assert.Null(quoted.Workflows);
        Assert.Null(quoted.Measured.EmbodiedEmissionsGramsCO2e);
        Assert.Null(quoted.Measured.PerWorkflow);
        Assert.Equal(0.08 / 2000, quoted.Measured.PerToken!.Value, 15);
        Assert.Equal(0.04, quoted.Measured.PerCall!.Value, 12);
        Assert.Equal(0, quoted.EstimatedShare);

        GreenPTSciFigures estimated = sci.ByModel["green-l"];
        Assert.Equal(0, estimated.Measured.CarbonGramsCO2e);
        Assert.Equal(0, estimated.Measured.PerToken);
        Assert.Null(estimated.Measured.GridIntensityGramsPerKilowattHour);
        Assert.Equal(0.04 / 100, estimated.WithEstimates.PerToken!.Value, 15);
        Assert.Equal(1, estimated.EstimatedShare);
    }

    [Fact]
    public void WithoutOptions_MIsExcluded_AndThereIsNoPerWorkflowScore()
    {
        GreenPTSciReport sci = Tracker().CreateReport().ToSci();

        Assert.Null(sci.EmbodiedEmissionsGramsCO2e);
        Assert.Null(sci.Total.Measured.EmbodiedEmissionsGramsCO2e);
        Assert.Equal(0.08, sci.Total.Measured.CarbonGramsCO2e, 12);
        Assert.Null(sci.Total.Measured.PerWorkflow);
        Assert.Contains("M excluded (not supplied)", sci.ToString(), StringComparison.Ordinal);
        Assert.Equal("excluded", JsonNode.Parse(sci.ToJson())!["boundary"]!["embodied"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(1.5, "kgCO2e", 1500)]
    [InlineData(250_000, "ugCO2e", 0.25)]
    [InlineData(3, "mgCO2e", 0.003)]
    [InlineData(0, "gCO2e", 0)]
    public void EmbodiedEmissions_InAnyCO2eUnit_AreAddedInGrams(double total, string unit, double grams)
    {
        GreenPTSciReport sci = Tracker().CreateReport().ToSci(new GreenPTSciOptions { EmbodiedEmissions = new(total, unit) });

        Assert.Equal(grams, sci.EmbodiedEmissionsGramsCO2e!.Value, 12);
        Assert.Equal(0.08 + grams, sci.Total.Measured.CarbonGramsCO2e, 9);
    }

    [Fact]
    public void CallsWithNeitherImpactNorEstimate_CountInR_AndMakeTheScoresLowerBounds()
    {
        var tracker = new GreenPTImpactTracker("t");
        tracker.Record(new GreenPTImpactRecord { ModelId = "other", InputTokens = 10, OutputTokens = 10 }); // nothing measured yet: no estimate
        tracker.Record(new GreenPTImpactRecord { ModelId = "m", Impact = OneWattHour(), InputTokens = 30, OutputTokens = 50 });

        GreenPTSciReport sci = tracker.CreateReport().ToSci();

        Assert.Equal((2, 1, 0, 1), (sci.Total.Calls, sci.Total.MeasuredCalls, sci.Total.EstimatedCalls, sci.Total.CallsWithoutFigures));
        Assert.Equal(0.04 / 100, sci.Total.Measured.PerToken!.Value, 15);
        Assert.Equal(0.02, sci.Total.WithEstimates.PerCall!.Value, 12);
        Assert.Equal(0, sci.Total.EstimatedShare);
        Assert.Contains("lower bounds: 1 calls have neither a measured impact nor an estimate", sci.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyScope_HasNoScorePerUnit_RatherThanADivisionByZero()
    {
        GreenPTSciReport sci = new GreenPTImpactTracker().CreateReport().ToSci(new GreenPTSciOptions { Workflows = 1 });

        Assert.Null(sci.Total.Measured.PerToken);
        Assert.Null(sci.Total.Measured.PerCall);
        Assert.Equal(0, sci.Total.Measured.PerWorkflow);
        Assert.Null(sci.Total.EstimatedShare);
        JsonNode json = JsonNode.Parse(sci.ToJson())!;
        Assert.True(((JsonObject)json["measured"]!).TryGetPropertyValue("gramsCO2ePerToken", out JsonNode? perToken) && perToken is null, "written as null");
    }

    [Theory]
    [InlineData(-0.1, "gCO2e", "must be a finite figure of zero or more")]
    [InlineData(double.NaN, "gCO2e", "must be a finite figure of zero or more")]
    [InlineData(double.PositiveInfinity, "kgCO2e", "must be a finite figure of zero or more")]
    [InlineData(1, "Wh", "'Wh', which is not a mass of CO2e")]
    [InlineData(1, "", "'', which is not a mass of CO2e")]
    public void EmbodiedEmissions_Invalid_ThrowsNamingIt(double total, string unit, string message)
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new GreenPTSciOptions { EmbodiedEmissions = new(total, unit) });

        Assert.Equal("EmbodiedEmissions", ex.ParamName);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Workflows_ZeroOrNegative_ThrowsNamingIt(long workflows)
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new GreenPTSciOptions { Workflows = workflows });

        Assert.Equal("Workflows", ex.ParamName);
        Assert.Contains($"at least 1, not {workflows}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_ParsesBack_WithEveryFigure_TheBoundary_AndTheWindow()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 13, 7, 0, TimeSpan.Zero));
        GreenPTSciReport sci = Tracker(time).CreateReport(GreenPTBudgetWindow.UtcDay)
            .ToSci(new GreenPTSciOptions { EmbodiedEmissions = new(0.5, "gCO2e"), Workflows = 2 });

        JsonNode json = JsonNode.Parse(sci.ToJson())!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(
            """
            {
              "kind": "UTC day", "start": "2026-12-02T00:00:00Z", "end": "2026-12-03T00:00:00Z"
            }
            """), json["window"]), json.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(
            """
            {
              "basis": "measured", "energyKWh": 0.002, "operationalGramsCO2e": 0.08, "embodiedGramsCO2e": 0.5, "carbonGramsCO2e": 0.58,
              "gridIntensityGramsCO2ePerKWh": 40, "gramsCO2ePerToken": 0.000276190476190, "gramsCO2ePerCall": 0.193333333333,
              "gramsCO2ePerWorkflow": 0.29
            }
            """), json["measured"]), json["measured"]!.ToJsonString());
        Assert.Equal(0.62, json["withEstimates"]!["carbonGramsCO2e"]!.GetValue<double>(), 12);
        Assert.Equal(0.333333333333, json["estimatedShare"]!.GetValue<double>());
        Assert.Equal("tenant-a", json["scope"]!.GetValue<string>());
        Assert.Equal("{\"tokens\":2100,\"calls\":3,\"workflows\":2}", json["functionalUnits"]!.ToJsonString());
        Assert.Equal("{\"total\":3,\"measured\":2,\"estimated\":1,\"withoutFigures\":0}", json["calls"]!.ToJsonString());
        Assert.Equal("operational, location-based", json["boundary"]!["emissions"]!.GetValue<string>());
        Assert.Equal("included, as supplied by the caller", json["boundary"]!["embodied"]!.GetValue<string>());
        Assert.Equal(GreenPTSciReport.Boundary, json["boundary"]!["description"]!.GetValue<string>());
        Assert.Equal(0.04, json["models"]![QuotedModel]!["measured"]!["gramsCO2ePerCall"]!.GetValue<double>());
        Assert.Null(json["models"]!["green-l"]!["measured"]!["embodiedGramsCO2e"]);
        Assert.Equal(1, json["models"]!["green-l"]!["estimatedShare"]!.GetValue<double>());
    }

    [Fact]
    public void Csv_ParsesBack_WithTheDocumentedColumns_AndQuotedModelNames()
    {
        string csv = Sci().ToCsv();

        List<string[]> rows = CsvReader.Parse(csv);
        Assert.Equal(GreenPTSciReport.CsvColumns, rows[0]);
        Assert.Equal(7, rows.Count); // header, the scope's two rows, two per model
        Assert.All(rows, r => Assert.Equal(GreenPTSciReport.CsvColumns.Count, r.Length));
        Dictionary<string, string>[] records = [.. rows.Skip(1).Select(r => GreenPTSciReport.CsvColumns.Zip(r).ToDictionary(p => p.First, p => p.Second))];
        Assert.Equal(
            [("", "measured"), ("", "measured+estimated"), ("green-l", "measured"), ("green-l", "measured+estimated"), (QuotedModel, "measured"), (QuotedModel, "measured+estimated")],
            records.Select(r => (r["model"], r["basis"])));
        Assert.Contains("\"mistral, \"\"small\"\"\"", csv, StringComparison.Ordinal);

        Dictionary<string, string> measured = records[0];
        Assert.Equal(("tenant-a", "all time", "", ""), (measured["scope"], measured["window"], measured["window_start_utc"], measured["window_end_utc"]));
        Assert.Equal(("3", "2", "1", "2100", "2"), (measured["calls"], measured["measured_calls"], measured["estimated_calls"], measured["tokens"], measured["workflows"]));
        Assert.Equal(("0.002", "0.08", "0.5", "0.58", "40"), (measured["energy_kwh"], measured["operational_gco2e"], measured["embodied_gco2e"], measured["carbon_gco2e"], measured["grid_gco2e_per_kwh"]));
        Assert.Equal(0.58 / 2100, double.Parse(measured["sci_gco2e_per_token"], CultureInfo.InvariantCulture), 15);
        Assert.Equal(("0.29", "0.333333333333"), (measured["sci_gco2e_per_workflow"], measured["estimated_share"]));
        Assert.Equal("0.31", records[1]["sci_gco2e_per_workflow"]);
        Assert.Equal(("", "", ""), (records[2]["workflows"], records[2]["embodied_gco2e"], records[2]["sci_gco2e_per_workflow"]));
        Assert.Equal("0.0004", records[3]["sci_gco2e_per_token"]);
    }

    [Fact]
    public void Csv_IsInInvariantCulture_WhateverTheCurrentCulture()
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            string csv = Sci().ToCsv();

            Assert.Equal("0.002", CsvReader.Parse(csv)[1][11]);
            Assert.DoesNotContain("0,002", csv, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Text_StatesTheBoundary_TheUnits_AndBothScoresApart()
    {
        string text = Sci().ToString();

        Assert.Equal(
            """
            SCI for AI for tenant-a, all time
              boundary: operational, location-based (GreenPT's per-call energy and emissions); M supplied: 500 mgCO2e
              R: 2100 tokens, 3 calls, 2 workflows (2 measured, 1 estimated, 0 without figures)
              measured: E 0.002 kWh, I 40 gCO2e/kWh, E x I 80 mgCO2e, M 500 mgCO2e
                SCI 276 µgCO2e/token, 193 mgCO2e/call, 290 mgCO2e/workflow
              with estimates: E 0.003 kWh, I 40 gCO2e/kWh, E x I 120 mgCO2e, M 500 mgCO2e
                SCI 295 µgCO2e/token, 207 mgCO2e/call, 310 mgCO2e/workflow
                estimated share of the emissions: 33.3 %

            """.ReplaceLineEndings(Environment.NewLine),
            text);
    }
}
