using System.Text.Json.Serialization;

namespace GreenPT.AI;

/// <summary>The JSON shape of a <see cref="GreenPTSciReport"/> (camelCase; see <see cref="GreenPTSciReport.ToJson"/>).</summary>
internal sealed class SciReportJson
{
    public string? Scope { get; set; }

    public SciWindowJson Window { get; set; } = new();

    public SciBoundaryJson Boundary { get; set; } = new();

    public SciUnitsJson FunctionalUnits { get; set; } = new();

    public SciCallsJson Calls { get; set; } = new();

    public SciScoreJson Measured { get; set; } = new();

    public SciScoreJson WithEstimates { get; set; } = new();

    public double? EstimatedShare { get; set; }

    public Dictionary<string, SciModelJson> Models { get; set; } = [];
}

internal sealed class SciWindowJson
{
    public string Kind { get; set; } = string.Empty;

    public string? Start { get; set; }

    public string? End { get; set; }
}

internal sealed class SciBoundaryJson
{
    public string Specification { get; set; } = "Software Carbon Intensity for AI (Green Software Foundation), consumer boundary, operational";

    public string Emissions { get; set; } = "operational, location-based";

    public string EnergySource { get; set; } = "GreenPT impact.energy per call";

    public string EmissionsSource { get; set; } = "GreenPT impact.emissions per call (E x I at the hour's grid intensity)";

    public string Estimates { get; set; } = "calls without a reported impact: the scope's average measured call of the model, else of the scope, else the tracker's default; only in withEstimates";

    public string Embodied { get; set; } = "excluded";

    public string Description { get; set; } = GreenPTSciReport.Boundary;
}

internal sealed class SciUnitsJson
{
    public long Tokens { get; set; }

    public long Calls { get; set; }

    public long? Workflows { get; set; }
}

internal sealed class SciCallsJson
{
    public long Total { get; set; }

    public long Measured { get; set; }

    public long Estimated { get; set; }

    public long WithoutFigures { get; set; }
}

internal sealed class SciScoreJson
{
    public string Basis { get; set; } = string.Empty;

    [JsonPropertyName("energyKWh")]
    public double EnergyKWh { get; set; }

    [JsonPropertyName("operationalGramsCO2e")]
    public double OperationalGramsCO2e { get; set; }

    [JsonPropertyName("embodiedGramsCO2e")]
    public double? EmbodiedGramsCO2e { get; set; }

    [JsonPropertyName("carbonGramsCO2e")]
    public double CarbonGramsCO2e { get; set; }

    [JsonPropertyName("gridIntensityGramsCO2ePerKWh")]
    public double? GridIntensityGramsCO2ePerKWh { get; set; }

    [JsonPropertyName("gramsCO2ePerToken")]
    public double? GramsCO2ePerToken { get; set; }

    [JsonPropertyName("gramsCO2ePerCall")]
    public double? GramsCO2ePerCall { get; set; }

    [JsonPropertyName("gramsCO2ePerWorkflow")]
    public double? GramsCO2ePerWorkflow { get; set; }
}

internal sealed class SciModelJson
{
    public SciUnitsJson FunctionalUnits { get; set; } = new();

    public SciCallsJson Calls { get; set; } = new();

    public SciScoreJson Measured { get; set; } = new();

    public SciScoreJson WithEstimates { get; set; } = new();

    public double? EstimatedShare { get; set; }
}

/// <summary>Maps a report to its JSON shape, every figure rounded to twelve significant digits.</summary>
internal static class SciJson
{
    public static SciReportJson From(GreenPTSciReport report)
    {
        GreenPTSciFigures t = report.Total;
        var json = new SciReportJson
        {
            Scope = report.Scope,
            Window = new SciWindowJson { Kind = report.Window.ToString(), Start = report.StartText, End = report.EndText },
            Boundary = new SciBoundaryJson { Embodied = report.EmbodiedEmissionsGramsCO2e is null ? "excluded" : "included, as supplied by the caller" },
            FunctionalUnits = Units(t),
            Calls = Calls(t),
            Measured = Score(t.Measured),
            WithEstimates = Score(t.WithEstimates),
            EstimatedShare = Csv.Round(t.EstimatedShare),
        };
        foreach (KeyValuePair<string, GreenPTSciFigures> model in report.ByModel)
        {
            json.Models[model.Key] = new SciModelJson
            {
                FunctionalUnits = Units(model.Value),
                Calls = Calls(model.Value),
                Measured = Score(model.Value.Measured),
                WithEstimates = Score(model.Value.WithEstimates),
                EstimatedShare = Csv.Round(model.Value.EstimatedShare),
            };
        }

        return json;
    }

    private static SciUnitsJson Units(GreenPTSciFigures f) => new() { Tokens = f.Tokens, Calls = f.Calls, Workflows = f.Workflows };

    private static SciCallsJson Calls(GreenPTSciFigures f) =>
        new() { Total = f.Calls, Measured = f.MeasuredCalls, Estimated = f.EstimatedCalls, WithoutFigures = f.CallsWithoutFigures };

    private static SciScoreJson Score(GreenPTSciScore s) => new()
    {
        Basis = s.Basis,
        EnergyKWh = Csv.Round(s.EnergyKilowattHours),
        OperationalGramsCO2e = Csv.Round(s.OperationalEmissionsGramsCO2e),
        EmbodiedGramsCO2e = Csv.Round(s.EmbodiedEmissionsGramsCO2e),
        CarbonGramsCO2e = Csv.Round(s.CarbonGramsCO2e),
        GridIntensityGramsCO2ePerKWh = Csv.Round(s.GridIntensityGramsPerKilowattHour),
        GramsCO2ePerToken = Csv.Round(s.PerToken),
        GramsCO2ePerCall = Csv.Round(s.PerCall),
        GramsCO2ePerWorkflow = Csv.Round(s.PerWorkflow),
    };
}
