using System.Diagnostics;
using System.Diagnostics.Metrics;
using GreenPT.AI.Impact;

namespace GreenPT.AI.Diagnostics;

/// <summary>
/// The library's metrics, on the <see cref="Meter"/> named <see cref="MeterName"/>: the energy, emissions and inference time GreenPT
/// reports, per call (histograms) and in total (counters), tagged with OpenTelemetry's GenAI attributes. Recording costs next to
/// nothing while no listener (such as the OpenTelemetry SDK with <c>AddMeter("GreenPT.AI")</c>) is attached.
/// </summary>
internal static class GreenPTMetrics
{
    public const string MeterName = "GreenPT.AI";

    private static readonly Meter Meter = new(MeterName, typeof(GreenPTMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Histogram<double> EnergyPerCall = Meter.CreateHistogram<double>(
        "greenpt.client.operation.energy", "J", "Energy GreenPT reported for one request.");

    private static readonly Histogram<double> EmissionsPerCall = Meter.CreateHistogram<double>(
        "greenpt.client.operation.emissions", "g{CO2e}", "Emissions GreenPT reported for one request, in grams of CO2-equivalent.");

    private static readonly Histogram<double> InferenceTimePerCall = Meter.CreateHistogram<double>(
        "greenpt.client.operation.inference_time", "s", "Inference time GreenPT reported for one request.");

    private static readonly Counter<double> EnergyTotal = Meter.CreateCounter<double>(
        "greenpt.client.energy", "J", "Energy GreenPT reported, summed over requests.");

    private static readonly Counter<double> EmissionsTotal = Meter.CreateCounter<double>(
        "greenpt.client.emissions", "g{CO2e}", "Emissions GreenPT reported, summed over requests, in grams of CO2-equivalent.");

    private static readonly Counter<double> InferenceTimeTotal = Meter.CreateCounter<double>(
        "greenpt.client.inference_time", "s", "Inference time GreenPT reported, summed over requests.");

    /// <summary>Records one request's impact; figures in units this library does not know are skipped.</summary>
    public static void Record(string operation, string requestModel, string? responseModel, GreenPTImpact impact)
    {
        if (!EnergyPerCall.Enabled && !EnergyTotal.Enabled && !EmissionsPerCall.Enabled && !EmissionsTotal.Enabled &&
            !InferenceTimePerCall.Enabled && !InferenceTimeTotal.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "gen_ai.provider.name", "greenpt" },
            { "gen_ai.operation.name", operation },
            { "gen_ai.request.model", requestModel },
        };
        if (responseModel is not null)
        {
            tags.Add("gen_ai.response.model", responseModel);
        }

        Record(EnergyPerCall, EnergyTotal, ImpactUnits.ToJoules(impact.Energy), tags);
        Record(EmissionsPerCall, EmissionsTotal, ImpactUnits.ToGramsCO2e(impact.Emissions), tags);
        Record(InferenceTimePerCall, InferenceTimeTotal, ImpactUnits.ToSeconds(impact.InferenceTime), tags);
    }

    private static void Record(Histogram<double> perCall, Counter<double> total, double? value, in TagList tags)
    {
        if (value is double v && v >= 0 && !double.IsInfinity(v))
        {
            perCall.Record(v, tags);
            total.Add(v, tags);
        }
    }
}
