using System.Globalization;
using System.Text;
using System.Text.Json;
using GreenPT.AI.Impact;

namespace GreenPT.AI;

/// <summary>
/// A report of a <see cref="GreenPTImpactTracker"/>'s scope: totals, per model and per call on average, with tokens per watt-hour,
/// the grid carbon intensity the figures imply and the state of the scope's budget. <see cref="ToString"/> gives readable text, <see cref="ToJson"/> JSON.
/// </summary>
public sealed class GreenPTImpactReport
{
    internal GreenPTImpactReport(
        string? scope, GreenPTCarbonBudget? budget, GreenPTImpactTotals total, IReadOnlyDictionary<string, GreenPTImpactTotals> byModel,
        GreenPTLedgerReading reading, double? budgetSpentFraction)
    {
        Scope = scope;
        Budget = budget;
        Total = total;
        ByModel = byModel;
        Window = reading.Window;
        WindowStart = reading.Start;
        WindowEnd = reading.End;
        BudgetSpentFraction = budgetSpentFraction;
    }

    /// <summary>The window the report covers (<see cref="GreenPTBudgetWindow.AllTime"/> unless one was asked for).</summary>
    public GreenPTBudgetWindow Window { get; }

    /// <summary>Where the window starts (UTC; <see cref="DateTimeOffset.MinValue"/> for all time).</summary>
    public DateTimeOffset WindowStart { get; }

    /// <summary>Where the window ends (UTC, exclusive; <see cref="DateTimeOffset.MaxValue"/> for all time).</summary>
    public DateTimeOffset WindowEnd { get; }

    /// <summary>The scope's budget, if it has one.</summary>
    public GreenPTCarbonBudget? Budget { get; }

    /// <summary>
    /// The largest share of a budget limit spent in the budget's own window (1 or more: spent); <see langword="null"/> without a budget.
    /// </summary>
    public double? BudgetSpentFraction { get; }

    /// <summary>The tracker's name, if it has one.</summary>
    public string? Scope { get; }

    /// <summary>Everything recorded.</summary>
    public GreenPTImpactTotals Total { get; }

    /// <summary>What was recorded per model.</summary>
    public IReadOnlyDictionary<string, GreenPTImpactTotals> ByModel { get; }

    /// <summary>
    /// The Software Carbon Intensity for AI of the report's scope and window: SCI = (E × I + M) per token, per call and, given the number
    /// of workflows, per workflow; from GreenPT's measured figures and, apart, with the estimates added (see <see cref="GreenPTSciReport"/>).
    /// </summary>
    /// <param name="options">The embodied emissions M and the number of workflows, if the caller has them; <see langword="null"/> for neither.</param>
    public GreenPTSciReport ToSci(GreenPTSciOptions? options = null) => new(this, options ?? new GreenPTSciOptions());

    /// <summary>Readable text: one block for the total, one line per model.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("GreenPT impact report").Append(Scope is null ? string.Empty : $" for {Scope}")
            .Append(Window.Kind == GreenPTBudgetWindowKind.AllTime ? string.Empty : $", {Window} {Range()}").AppendLine();
        AppendBlock(text, "Total", Total);
        if (Budget is not null)
        {
            text.Append("    budget: ").Append(Percent(BudgetSpentFraction)).Append(" spent of ").Append(Limits(Budget))
                .Append(Budget.Window.Kind == GreenPTBudgetWindowKind.AllTime ? string.Empty : " per " + Budget.Window)
                .Append("; ").Append(Total.DegradedCalls.ToString(CultureInfo.InvariantCulture)).Append(" calls degraded, ")
                .Append(Total.RefusedCalls.ToString(CultureInfo.InvariantCulture)).Append(" refused").AppendLine();
        }

        foreach (KeyValuePair<string, GreenPTImpactTotals> model in ByModel.OrderByDescending(m => m.Value.Impact.EnergyInJoules ?? 0))
        {
            AppendBlock(text, "Model " + model.Key, model.Value);
        }

        return text.ToString();
    }

    /// <summary>
    /// The report as JSON: <c>scope</c>, <c>window</c> (unless all time), <c>total</c>, <c>budget</c> and <c>models</c>, figures in Wh,
    /// gCO2e, s and gCO2e/kWh.
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("scope", Scope);
            if (Window.Kind != GreenPTBudgetWindowKind.AllTime)
            {
                json.WriteStartObject("window");
                json.WriteString("kind", Window.ToString());
                json.WriteString("start", WindowStart.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                json.WriteString("end", WindowEnd.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }

            json.WritePropertyName("total");
            WriteTotals(json, Total);
            if (Budget is not null)
            {
                json.WriteStartObject("budget");
                WriteNumber(json, "energyLimitWh", Budget.EnergyLimit is { } e ? new GreenPTImpact { Energy = e }.EnergyInWattHours : null);
                WriteNumber(json, "emissionsLimitGramsCO2e", Budget.EmissionsLimit is { } m ? new GreenPTImpact { Emissions = m }.EmissionsInGramsCO2e : null);
                WriteNumber(json, "spentFraction", BudgetSpentFraction);
                if (Budget.Window.Kind != GreenPTBudgetWindowKind.AllTime)
                {
                    json.WriteString("window", Budget.Window.ToString());
                }

                json.WriteNumber("degradedCalls", Total.DegradedCalls);
                json.WriteNumber("refusedCalls", Total.RefusedCalls);
                json.WriteEndObject();
            }

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

    private string Range() =>
        WindowStart.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " to " +
        WindowEnd.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static void AppendBlock(StringBuilder text, string title, GreenPTImpactTotals t)
    {
        text.Append("  ").Append(title).Append(": ")
            .Append(t.Calls.ToString(CultureInfo.InvariantCulture)).Append(" calls")
            .Append(t.CallsWithoutImpact > 0 ? $" ({t.CallsWithoutImpact} without impact)" : string.Empty)
            .Append(", ").Append(t.InputTokens.ToString(CultureInfo.InvariantCulture)).Append(" in / ")
            .Append(t.OutputTokens.ToString(CultureInfo.InvariantCulture)).Append(" out tokens, ")
            .Append(t.Duration.TotalSeconds < 1
                ? t.Duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms"
                : t.Duration.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s")
            .Append(" wall-clock").AppendLine();
        text.Append("    impact ").Append(ImpactUnits.Describe(t.Impact));
        if (t.AveragePerCall is { } average)
        {
            text.Append("; per call ").Append(ImpactUnits.Describe(average));
        }

        text.Append("; ").Append(Figure(t.TokensPerWattHour, "tokens/Wh"))
            .Append("; grid ").Append(Figure(t.Impact.CarbonIntensityInGramsPerKilowattHour, "gCO2e/kWh")).AppendLine();
        if (t.EstimatedCalls > 0)
        {
            // Kept apart: the figures above are what GreenPT measured; these are estimates for the calls it reported nothing for.
            text.Append("    estimated, not measured (").Append(t.EstimatedCalls.ToString(CultureInfo.InvariantCulture)).Append(" calls): ")
                .Append(ImpactUnits.Describe(t.EstimatedImpact)).Append(", range ").Append(ImpactUnits.Describe(t.EstimatedImpactLow))
                .Append(" to ").Append(ImpactUnits.Describe(t.EstimatedImpactHigh)).AppendLine();
        }
    }

    private static string Figure(double? value, string unit) =>
        value is double v ? v.ToString(v >= 1000 ? "0" : "G3", CultureInfo.InvariantCulture) + " " + unit : "n/a " + unit;

    private static string Percent(double? fraction) =>
        fraction is double f ? (f * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static string Limits(GreenPTCarbonBudget budget) =>
        string.Join(" and ", new[] { budget.EnergyLimit?.ToString(), budget.EmissionsLimit?.ToString() }.Where(l => l is not null));

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
        WriteNumber(json, "averageEnergyWhPerCall", t.AveragePerCall?.EnergyInWattHours);
        WriteNumber(json, "averageEmissionsGramsCO2ePerCall", t.AveragePerCall?.EmissionsInGramsCO2e);
        WriteNumber(json, "tokensPerWh", t.TokensPerWattHour);
        WriteNumber(json, "gridIntensityGramsCO2ePerKWh", t.Impact.CarbonIntensityInGramsPerKilowattHour);
        if (t.EstimatedCalls > 0)
        {
            // The figures above are measured; the estimates for calls GreenPT reported nothing for are here, never added to them.
            json.WriteStartObject("estimated");
            json.WriteString("basis", "estimated");
            json.WriteNumber("calls", t.EstimatedCalls);
            WriteNumber(json, "energyWh", t.EstimatedImpact.EnergyInWattHours);
            WriteNumber(json, "energyWhLow", t.EstimatedImpactLow.EnergyInWattHours);
            WriteNumber(json, "energyWhHigh", t.EstimatedImpactHigh.EnergyInWattHours);
            WriteNumber(json, "emissionsGramsCO2e", t.EstimatedImpact.EmissionsInGramsCO2e);
            WriteNumber(json, "emissionsGramsCO2eLow", t.EstimatedImpactLow.EmissionsInGramsCO2e);
            WriteNumber(json, "emissionsGramsCO2eHigh", t.EstimatedImpactHigh.EmissionsInGramsCO2e);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v && !double.IsNaN(v) && !double.IsInfinity(v))
        {
            // Twelve significant digits: exact for GreenPT's figures, without binary noise such as 0.06426200000000001.
            json.WriteNumber(name, double.Parse(v.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
