using System.Globalization;
using System.Text;
using System.Text.Json;
using GreenPT.AI.Mapping;

namespace GreenPT.AI;

/// <summary>
/// A report of a <see cref="GreenPTImpactTracker"/>'s scope: totals, per model and per call, with tokens per watt-hour and the grid
/// carbon intensity the figures imply. <see cref="ToString"/> gives readable text, <see cref="ToJson"/> JSON.
/// </summary>
public sealed class GreenPTImpactReport
{
    internal GreenPTImpactReport(string? scope, GreenPTImpactTotals total, IReadOnlyDictionary<string, GreenPTImpactTotals> byModel)
    {
        Scope = scope;
        Total = total;
        ByModel = byModel;
    }

    /// <summary>The tracker's name, if it has one.</summary>
    public string? Scope { get; }

    /// <summary>Everything recorded.</summary>
    public GreenPTImpactTotals Total { get; }

    /// <summary>What was recorded per model.</summary>
    public IReadOnlyDictionary<string, GreenPTImpactTotals> ByModel { get; }

    /// <summary>Energy per call on average, in watt-hours; <see langword="null"/> without calls.</summary>
    public static double? AverageEnergyWattHours(GreenPTImpactTotals totals) =>
        Throw.IfNull(totals).Calls == 0 ? null : totals.Impact.EnergyInWattHours / totals.Calls;

    /// <summary>Emissions per call on average, in grams CO2e; <see langword="null"/> without calls.</summary>
    public static double? AverageEmissionsGrams(GreenPTImpactTotals totals) =>
        Throw.IfNull(totals).Calls == 0 ? null : totals.Impact.EmissionsInGramsCO2e / totals.Calls;

    /// <summary>Tokens (input and output) per watt-hour of energy; <see langword="null"/> when no energy was reported.</summary>
    public static double? TokensPerWattHour(GreenPTImpactTotals totals) =>
        Throw.IfNull(totals).Impact.EnergyInWattHours is double wh && wh > 0 ? totals.TotalTokens / wh : null;

    /// <summary>Readable text: one block for the total, one line per model.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("GreenPT impact report").Append(Scope is null ? string.Empty : $" for {Scope}").AppendLine();
        AppendBlock(text, "Total", Total);
        foreach (KeyValuePair<string, GreenPTImpactTotals> model in ByModel.OrderByDescending(m => m.Value.Impact.EnergyInJoules ?? 0))
        {
            AppendBlock(text, "Model " + model.Key, model.Value);
        }

        return text.ToString();
    }

    /// <summary>The report as JSON: <c>scope</c>, <c>total</c> and <c>models</c>, figures in Wh, gCO2e, s and gCO2e/kWh.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("scope", Scope);
            json.WritePropertyName("total");
            WriteTotals(json, Total);
            json.WriteStartObject("models");
            foreach (KeyValuePair<string, GreenPTImpactTotals> model in ByModel)
            {
                json.WritePropertyName(model.Key);
                WriteTotals(json, model.Value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void AppendBlock(StringBuilder text, string title, GreenPTImpactTotals t)
    {
        string F(double? value, string unit) => value is double v ? v.ToString("G4", CultureInfo.InvariantCulture) + " " + unit : "n/a";
        text.Append("  ").Append(title).Append(": ")
            .Append(t.Calls.ToString(CultureInfo.InvariantCulture)).Append(" calls")
            .Append(t.CallsWithoutImpact > 0 ? $" ({t.CallsWithoutImpact} without impact)" : string.Empty)
            .Append(", ").Append(t.InputTokens.ToString(CultureInfo.InvariantCulture)).Append(" in / ")
            .Append(t.OutputTokens.ToString(CultureInfo.InvariantCulture)).Append(" out tokens").AppendLine();
        text.Append("    impact ").Append(ImpactUnits.Describe(t.Impact))
            .Append("; per call ").Append(F(AverageEnergyWattHours(t) * 1000, "mWh")).Append(", ").Append(F(AverageEmissionsGrams(t) * 1000, "mgCO2e"))
            .Append("; ").Append(F(TokensPerWattHour(t), "tokens/Wh"))
            .Append("; grid ").Append(F(t.Impact.CarbonIntensityInGramsPerKilowattHour, "gCO2e/kWh")).AppendLine();
    }

    private static void WriteTotals(Utf8JsonWriter json, GreenPTImpactTotals t)
    {
        json.WriteStartObject();
        json.WriteNumber("calls", t.Calls);
        json.WriteNumber("callsWithoutImpact", t.CallsWithoutImpact);
        json.WriteNumber("inputTokens", t.InputTokens);
        json.WriteNumber("outputTokens", t.OutputTokens);
        WriteNumber(json, "energyWh", t.Impact.EnergyInWattHours);
        WriteNumber(json, "emissionsGramsCO2e", t.Impact.EmissionsInGramsCO2e);
        WriteNumber(json, "inferenceTimeSeconds", t.Impact.InferenceDuration?.TotalSeconds);
        WriteNumber(json, "averageEnergyWhPerCall", AverageEnergyWattHours(t));
        WriteNumber(json, "averageEmissionsGramsCO2ePerCall", AverageEmissionsGrams(t));
        WriteNumber(json, "tokensPerWh", TokensPerWattHour(t));
        WriteNumber(json, "gridIntensityGramsCO2ePerKWh", t.Impact.CarbonIntensityInGramsPerKilowattHour);
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v && !double.IsNaN(v) && !double.IsInfinity(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
