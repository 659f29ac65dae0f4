using System.Globalization;
using System.Text;
using System.Text.Json;
using GreenPT.AI.Impact;

namespace GreenPT.AI;

/// <summary>
/// The Software Carbon Intensity for AI (the Green Software Foundation's SCI for AI) of a <see cref="GreenPTImpactReport"/>'s scope
/// and window: SCI = (E × I + M) per R, with R a token, a call and a workflow, from GreenPT's measured figures and, separately,
/// with the estimates added (<see cref="Total"/>), per model too (<see cref="ByModel"/>, operational only). Made by
/// <see cref="GreenPTImpactReport.ToSci"/>; <see cref="ToString"/> gives text, <see cref="ToJson"/> JSON and <see cref="ToCsv"/> CSV.
/// </summary>
/// <remarks>
/// The boundary (<see cref="Boundary"/>): the operational emissions of the inference GreenPT ran for the scope's calls,
/// location-based, as GreenPT reports them; the embodied emissions M only when the caller supplies them.
/// </remarks>
public sealed class GreenPTSciReport
{
    /// <summary>The boundary every <see cref="GreenPTSciReport"/> is computed within, in words.</summary>
    public static string Boundary { get; } =
        "Operational emissions of the inference GreenPT ran for the scope's calls, location-based. E is the energy GreenPT reports for each " +
        "call (which GreenPT models from the measured inference time, GPU power, CPU overhead and PUE); E x I is the emissions figure " +
        "GreenPT reports for each call, at the hourly, datacenter-level grid intensity of its hour, summed call by call. Calls GreenPT " +
        "reported nothing for are in the measured score's R but not in its C; the second score adds their estimates (the scope's " +
        "average measured call of the model, else of the scope, else the tracker's default), and says what share they make. M (embodied " +
        "emissions of the hardware) is excluded unless the caller supplies it. The caller's own servers, network and devices, training " +
        "and the provider's other lifecycle stages are outside it.";

    internal GreenPTSciReport(GreenPTImpactReport report, GreenPTSciOptions options)
    {
        Scope = report.Scope;
        Window = report.Window;
        WindowStart = report.WindowStart;
        WindowEnd = report.WindowEnd;
        EmbodiedEmissionsGramsCO2e = ImpactUnits.ToGramsCO2e(options.EmbodiedEmissions);
        Total = new GreenPTSciFigures(report.Total, EmbodiedEmissionsGramsCO2e, options.Workflows);
        ByModel = report.ByModel.ToDictionary(m => m.Key, m => new GreenPTSciFigures(m.Value, embodiedGrams: null, workflows: null), StringComparer.Ordinal);
    }

    /// <summary>The tracker's name, if it has one.</summary>
    public string? Scope { get; }

    /// <summary>The window the scores cover.</summary>
    public GreenPTBudgetWindow Window { get; }

    /// <summary>Where the window starts (UTC; <see cref="DateTimeOffset.MinValue"/> for all time).</summary>
    public DateTimeOffset WindowStart { get; }

    /// <summary>Where the window ends (UTC, exclusive; <see cref="DateTimeOffset.MaxValue"/> for all time).</summary>
    public DateTimeOffset WindowEnd { get; }

    /// <summary>M, in gCO2e, as supplied; <see langword="null"/> when excluded.</summary>
    public double? EmbodiedEmissionsGramsCO2e { get; }

    /// <summary>The scope's scores: per token, per call and, when the number of workflows was given, per workflow; M included when supplied.</summary>
    public GreenPTSciFigures Total { get; }

    /// <summary>The scores per model: operational only (M is not allocated to models) and without a per-workflow score.</summary>
    public IReadOnlyDictionary<string, GreenPTSciFigures> ByModel { get; }

    /// <summary>Readable text: the boundary, the functional units, then each score on its own line.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("SCI for AI").Append(Scope is null ? string.Empty : " for " + Scope)
            .Append(Window.Kind == GreenPTBudgetWindowKind.AllTime ? ", all time" : $", {Window} {Stamp(WindowStart, "yyyy-MM-dd HH:mm")} to {Stamp(WindowEnd, "yyyy-MM-dd HH:mm")} UTC")
            .AppendLine();
        text.Append("  boundary: operational, location-based (GreenPT's per-call energy and emissions); M ")
            .Append(EmbodiedEmissionsGramsCO2e is double m ? "supplied: " + Grams(m) : "excluded (not supplied)").AppendLine();
        GreenPTSciFigures t = Total;
        text.Append("  R: ").Append(Count(t.Tokens)).Append(" tokens, ").Append(Count(t.Calls)).Append(" calls")
            .Append(t.Workflows is long w ? ", " + Count(w) + " workflows" : string.Empty)
            .Append(" (").Append(Count(t.MeasuredCalls)).Append(" measured, ").Append(Count(t.EstimatedCalls)).Append(" estimated, ")
            .Append(Count(t.CallsWithoutFigures)).Append(" without figures)").AppendLine();
        AppendScore(text, "measured", t.Measured);
        AppendScore(text, "with estimates", t.WithEstimates);
        text.Append("    estimated share of the emissions: ").Append(t.EstimatedShare is double s ? Number(s * 100) + " %" : "n/a").AppendLine();
        if (t.CallsWithoutFigures > 0)
        {
            text.Append("    lower bounds: ").Append(Count(t.CallsWithoutFigures)).Append(" calls have neither a measured impact nor an estimate").AppendLine();
        }

        return text.ToString();
    }

    /// <summary>
    /// The report as JSON (indented): <c>scope</c>, <c>window</c>, <c>boundary</c>, <c>functionalUnits</c>, <c>calls</c>,
    /// <c>measured</c> and <c>withEstimates</c> (each <c>energyKWh</c>, <c>operationalGramsCO2e</c>, <c>embodiedGramsCO2e</c>,
    /// <c>carbonGramsCO2e</c>, <c>gridIntensityGramsCO2ePerKWh</c>, <c>gramsCO2ePerToken</c>, <c>gramsCO2ePerCall</c>,
    /// <c>gramsCO2ePerWorkflow</c>), <c>estimatedShare</c> and <c>models</c>. A figure that does not apply is <c>null</c>.
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(SciJson.From(this), AccountingJsonContext.Default.SciReportJson);

    /// <summary>The column names of <see cref="ToCsv"/>, in order.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
    [
        "scope", "window", "window_start_utc", "window_end_utc", "model", "basis", "calls", "measured_calls", "estimated_calls", "tokens", "workflows",
        "energy_kwh", "operational_gco2e", "embodied_gco2e", "carbon_gco2e", "grid_gco2e_per_kwh", "sci_gco2e_per_token", "sci_gco2e_per_call",
        "sci_gco2e_per_workflow", "estimated_share",
    ];

    /// <summary>
    /// The report as CSV (RFC 4180: a header line, CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled;
    /// invariant culture). Two rows for the scope (<c>model</c> empty) and two per model: <c>basis</c> <c>measured</c> and
    /// <c>measured+estimated</c>. Columns (<see cref="CsvColumns"/>): energy in kWh, emissions in gCO2e, SCI in gCO2e per token, call
    /// and workflow, grid intensity in gCO2e/kWh, <c>estimated_share</c> from 0 to 1, times in ISO 8601 UTC (empty for all time);
    /// an empty cell is a figure that does not apply (no M supplied, no workflows given, nothing to divide by).
    /// </summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        Csv.AppendRow(csv, CsvColumns);
        AppendRows(csv, string.Empty, Total);
        foreach (KeyValuePair<string, GreenPTSciFigures> model in ByModel.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            AppendRows(csv, model.Key, model.Value);
        }

        return csv.ToString();
    }

    internal string? StartText => Window.Kind == GreenPTBudgetWindowKind.AllTime ? null : Stamp(WindowStart, "yyyy-MM-dd'T'HH:mm:ss'Z'");

    internal string? EndText => Window.Kind == GreenPTBudgetWindowKind.AllTime ? null : Stamp(WindowEnd, "yyyy-MM-dd'T'HH:mm:ss'Z'");

    private void AppendRows(StringBuilder csv, string model, GreenPTSciFigures f)
    {
        foreach (GreenPTSciScore score in new[] { f.Measured, f.WithEstimates })
        {
            Csv.AppendRow(csv,
            [
                Scope ?? string.Empty, Window.ToString(), StartText ?? string.Empty, EndText ?? string.Empty, model, score.Basis,
                Csv.Integer(f.Calls), Csv.Integer(f.MeasuredCalls), Csv.Integer(f.EstimatedCalls), Csv.Integer(f.Tokens), Csv.Integer(f.Workflows),
                Csv.Number(score.EnergyKilowattHours), Csv.Number(score.OperationalEmissionsGramsCO2e), Csv.Number(score.EmbodiedEmissionsGramsCO2e),
                Csv.Number(score.CarbonGramsCO2e), Csv.Number(score.GridIntensityGramsPerKilowattHour), Csv.Number(score.PerToken),
                Csv.Number(score.PerCall), Csv.Number(score.PerWorkflow), Csv.Number(f.EstimatedShare),
            ]);
        }
    }

    private static void AppendScore(StringBuilder text, string title, GreenPTSciScore s)
    {
        text.Append("  ").Append(title).Append(": E ").Append(Number(s.EnergyKilowattHours)).Append(" kWh, I ")
            .Append(s.GridIntensityGramsPerKilowattHour is double i ? Number(i) + " gCO2e/kWh" : "n/a")
            .Append(", E x I ").Append(Grams(s.OperationalEmissionsGramsCO2e))
            .Append(s.EmbodiedEmissionsGramsCO2e is double m ? ", M " + Grams(m) : string.Empty).AppendLine();
        text.Append("    SCI ").Append(PerUnit(s.PerToken, "token")).Append(", ").Append(PerUnit(s.PerCall, "call"));
        if (s.PerWorkflow is double w)
        {
            text.Append(", ").Append(PerUnit(w, "workflow"));
        }

        text.AppendLine();
    }

    private static string PerUnit(double? grams, string unit) => grams is double g ? Grams(g) + "/" + unit : "n/a per " + unit;

    /// <summary>A mass of CO2e in the unit that reads best, three significant figures.</summary>
    internal static string Grams(double g) =>
        g == 0 ? "0 gCO2e"
        : g >= 1000 ? Number(g / 1000) + " kgCO2e"
        : g >= 1 ? Number(g) + " gCO2e"
        : g >= 1e-3 ? Number(g * 1e3) + " mgCO2e"
        : g >= 1e-6 ? Number(g * 1e6) + " µgCO2e"
        : Number(g * 1e9) + " ngCO2e";

    private static string Number(double v) => v.ToString(v >= 1000 ? "0" : "G3", CultureInfo.InvariantCulture);

    private static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Stamp(DateTimeOffset t, string format) => t.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
}
