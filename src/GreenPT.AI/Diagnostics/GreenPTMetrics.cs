using System.Diagnostics;
using System.Diagnostics.Metrics;
using GreenPT.AI.Impact;

namespace GreenPT.AI.Diagnostics;

/// <summary>
/// The library's metrics, on the <see cref="Meter"/> named <see cref="MeterName"/>: the energy, emissions and inference time GreenPT
/// reports, per call (histograms) and in total (counters), tagged with OpenTelemetry's GenAI attributes. Recording costs next to
/// nothing while no listener (such as the OpenTelemetry SDK with <c>AddMeter("GreenPT.AI")</c>) is attached. A request can carry a
/// scope tag (<see cref="GreenPTPropertyNames.MetricsScope"/>), and the budgets of scopes that opted in are published as a gauge.
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

    /// <summary>The tag naming a scope (a tenant, a user) on measurements, when the caller opted in.</summary>
    public const string ScopeTag = "greenpt.scope";

    /// <summary>The tag naming a budget's window (<c>all time</c>, <c>UTC day</c>, <c>30 minutes</c>…) on the budget gauge.</summary>
    public const string BudgetWindowTag = "greenpt.budget.window";

    private static readonly List<WeakReference<GreenPTImpactTracker>> PublishedTrackers = [];

    /// <summary>Created when the first tracker opts in, so that an app without one publishes no empty gauge.</summary>
    private static ObservableGauge<double>? _budgetSpentFraction;

    /// <summary>Records one request's impact; figures in units this library does not know are skipped.</summary>
    public static void Record(string operation, string requestModel, string? responseModel, GreenPTImpact impact, string? scope = null)
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

        if (scope is not null)
        {
            tags.Add(ScopeTag, scope);
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

    /// <summary>The scope a request's <c>AdditionalProperties</c> name for its measurements (<see cref="GreenPTPropertyNames.MetricsScope"/>), if any.</summary>
    /// <exception cref="ArgumentException">The value is not a non-blank string.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2208", Justification = "The exception names the caller's options parameter, where the property came from.")]
    public static string? ScopeOf(Microsoft.Extensions.AI.AdditionalPropertiesDictionary? properties)
    {
        if (properties is null || !properties.TryGetValue(GreenPTPropertyNames.MetricsScope, out object? value) || value is null)
        {
            return null;
        }

        return value is string scope && !string.IsNullOrWhiteSpace(scope)
            ? scope
            : throw new ArgumentException(
                $"AdditionalProperties[\"{GreenPTPropertyNames.MetricsScope}\"] must be a non-blank string naming the scope (for example a tenant id); it was {Describe(value)}.",
                "options");
    }

    /// <summary>Publishes a tracker's budget on the <c>greenpt.budget.spent_fraction</c> gauge for as long as the tracker lives.</summary>
    public static void PublishBudget(GreenPTImpactTracker tracker)
    {
        lock (PublishedTrackers)
        {
            PublishedTrackers.Add(new WeakReference<GreenPTImpactTracker>(tracker));
            _budgetSpentFraction ??= Meter.CreateObservableGauge(
                "greenpt.budget.spent_fraction", ObserveBudgets, "1",
                "The largest share of a scope's carbon budget limit spent in the budget's window (1 or more: spent; calls are refused).");
        }
    }

    /// <summary>
    /// One measurement per published scope that has a budget, read from its ledger when a listener collects (once per scope name:
    /// several trackers of one scope share its totals). A ledger that cannot be reached leaves its scope out of this collection.
    /// </summary>
    private static List<Measurement<double>> ObserveBudgets()
    {
        var trackers = new List<GreenPTImpactTracker>();
        lock (PublishedTrackers)
        {
            PublishedTrackers.RemoveAll(reference => !reference.TryGetTarget(out _));
            foreach (WeakReference<GreenPTImpactTracker> reference in PublishedTrackers)
            {
                if (reference.TryGetTarget(out GreenPTImpactTracker? tracker))
                {
                    trackers.Add(tracker);
                }
            }
        }

        var measurements = new List<Measurement<double>>(trackers.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (GreenPTImpactTracker tracker in trackers)
        {
            if (tracker.Budget is not { } budget || !seen.Add(tracker.Scope))
            {
                continue;
            }

            double fraction;
            try
            {
                fraction = budget.SpentFraction(tracker.GetTotals(budget.Window).Impact);
            }
            catch (GreenPTImpactLedgerUnavailableException)
            {
                continue;
            }

            measurements.Add(new Measurement<double>(
                fraction,
                new KeyValuePair<string, object?>(ScopeTag, tracker.Scope),
                new KeyValuePair<string, object?>(BudgetWindowTag, budget.Window.ToString())));
        }

        return measurements;
    }

    private static string Describe(object value) => value is string ? "blank" : "a " + value.GetType().Name;
}
