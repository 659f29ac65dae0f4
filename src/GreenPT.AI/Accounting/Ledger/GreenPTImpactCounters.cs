using GreenPT.AI.Impact;

namespace GreenPT.AI;

/// <summary>
/// Exact integer sums a <see cref="GreenPTImpactLedger"/> keeps per scope, bucket and model: calls, tokens, micro-joules,
/// nanograms CO2e, microseconds of inference and ticks of wall-clock time. Immutable; <see cref="Add"/> gives a new sum.
/// </summary>
public sealed class GreenPTImpactCounters
{
    /// <summary>The names of the counters, in the order of <see cref="ToFields"/>: stable, used as field names by stored ledgers.</summary>
    public static IReadOnlyList<string> FieldNames { get; } = ["calls", "noimpact", "in", "out", "uj", "ng", "us", "ticks", "refused", "degraded", "est", "estuj", "estng", "estujlo", "estujhi", "estnglo", "estnghi"];

    /// <summary>Nothing.</summary>
    public static GreenPTImpactCounters Zero { get; } = new();

    /// <summary>Calls recorded.</summary>
    public long Calls { get; init; }

    /// <summary>Calls that reported no impact (or one in units this library does not know).</summary>
    public long CallsWithoutImpact { get; init; }

    /// <summary>Input tokens.</summary>
    public long InputTokens { get; init; }

    /// <summary>Output tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Energy in micro-joules.</summary>
    public long EnergyMicrojoules { get; init; }

    /// <summary>Emissions in nanograms CO2e.</summary>
    public long EmissionsNanograms { get; init; }

    /// <summary>Inference time in microseconds.</summary>
    public long InferenceMicroseconds { get; init; }

    /// <summary>The callers' wall-clock time in ticks (100 ns).</summary>
    public long DurationTicks { get; init; }

    /// <summary>Calls a budget refused.</summary>
    public long RefusedCalls { get; init; }

    /// <summary>Calls a budget degraded.</summary>
    public long DegradedCalls { get; init; }

    /// <summary>Calls without a measured impact that were given an estimate (counted in <see cref="CallsWithoutImpact"/> too).</summary>
    public long EstimatedCalls { get; init; }

    /// <summary>The estimated energy of those calls, in micro-joules (never in <see cref="EnergyMicrojoules"/>).</summary>
    public long EstimatedEnergyMicrojoules { get; init; }

    /// <summary>The estimated emissions of those calls, in nanograms CO2e (never in <see cref="EmissionsNanograms"/>).</summary>
    public long EstimatedEmissionsNanograms { get; init; }

    /// <summary>The low end of the estimated energy's range, in micro-joules.</summary>
    public long EstimatedEnergyLowMicrojoules { get; init; }

    /// <summary>The high end of the estimated energy's range, in micro-joules.</summary>
    public long EstimatedEnergyHighMicrojoules { get; init; }

    /// <summary>The low end of the estimated emissions' range, in nanograms CO2e.</summary>
    public long EstimatedEmissionsLowNanograms { get; init; }

    /// <summary>The high end of the estimated emissions' range, in nanograms CO2e.</summary>
    public long EstimatedEmissionsHighNanograms { get; init; }

    /// <summary>What one call adds: one call, its tokens, its impact in exact units and its duration.</summary>
    /// <param name="record">What the call reported.</param>
    public static GreenPTImpactCounters FromRecord(GreenPTImpactRecord record)
    {
        Throw.IfNull(record);
        double? joules = ImpactUnits.ToJoules(record.Impact?.Energy);
        double? grams = ImpactUnits.ToGramsCO2e(record.Impact?.Emissions);
        return new GreenPTImpactCounters
        {
            Calls = 1,
            CallsWithoutImpact = joules is null && grams is null ? 1 : 0,
            InputTokens = record.InputTokens ?? 0,
            OutputTokens = record.OutputTokens ?? 0,
            EnergyMicrojoules = Round(joules, 1e6),
            EmissionsNanograms = Round(grams, 1e9),
            InferenceMicroseconds = Round(ImpactUnits.ToSeconds(record.Impact?.InferenceTime), 1e6),
            DurationTicks = record.Duration.Ticks,
        };
    }

    /// <summary>Micro-joules for an energy (<see langword="null"/> when there is none or its unit is unknown).</summary>
    /// <param name="energy">An energy.</param>
    public static long? ToMicrojoules(GreenPTMeasurement? energy) => ImpactUnits.ToJoules(energy) is double j ? Round(j, 1e6) : null;

    /// <summary>Nanograms CO2e for an emissions figure (<see langword="null"/> when there is none or its unit is unknown).</summary>
    /// <param name="emissions">An emissions figure.</param>
    public static long? ToNanograms(GreenPTMeasurement? emissions) => ImpactUnits.ToGramsCO2e(emissions) is double g ? Round(g, 1e9) : null;

    /// <summary>The counters in the order of <see cref="FieldNames"/>.</summary>
    public long[] ToFields() =>
    [
        Calls, CallsWithoutImpact, InputTokens, OutputTokens, EnergyMicrojoules, EmissionsNanograms, InferenceMicroseconds, DurationTicks, RefusedCalls, DegradedCalls,
        EstimatedCalls, EstimatedEnergyMicrojoules, EstimatedEmissionsNanograms, EstimatedEnergyLowMicrojoules, EstimatedEnergyHighMicrojoules,
        EstimatedEmissionsLowNanograms, EstimatedEmissionsHighNanograms,
    ];

    /// <summary>Counters from values named by <see cref="FieldNames"/>; names it does not know are ignored, missing ones are zero.</summary>
    /// <param name="fields">Field names and values.</param>
    public static GreenPTImpactCounters FromFields(IEnumerable<KeyValuePair<string, long>> fields)
    {
        Throw.IfNull(fields);
        long[] v = new long[FieldNames.Count];
        foreach (KeyValuePair<string, long> field in fields)
        {
            for (int i = 0; i < v.Length; i++)
            {
                if (string.Equals(FieldNames[i], field.Key, StringComparison.Ordinal))
                {
                    v[i] += field.Value;
                    break;
                }
            }
        }

        return new GreenPTImpactCounters
        {
            Calls = v[0], CallsWithoutImpact = v[1], InputTokens = v[2], OutputTokens = v[3], EnergyMicrojoules = v[4],
            EmissionsNanograms = v[5], InferenceMicroseconds = v[6], DurationTicks = v[7], RefusedCalls = v[8], DegradedCalls = v[9],
            EstimatedCalls = v[10], EstimatedEnergyMicrojoules = v[11], EstimatedEmissionsNanograms = v[12], EstimatedEnergyLowMicrojoules = v[13],
            EstimatedEnergyHighMicrojoules = v[14], EstimatedEmissionsLowNanograms = v[15], EstimatedEmissionsHighNanograms = v[16],
        };
    }

    /// <summary>The sum of these counters and <paramref name="other"/>.</summary>
    /// <param name="other">More counters.</param>
    public GreenPTImpactCounters Add(GreenPTImpactCounters other)
    {
        Throw.IfNull(other);
        return new GreenPTImpactCounters
        {
            Calls = Calls + other.Calls,
            CallsWithoutImpact = CallsWithoutImpact + other.CallsWithoutImpact,
            InputTokens = InputTokens + other.InputTokens,
            OutputTokens = OutputTokens + other.OutputTokens,
            EnergyMicrojoules = EnergyMicrojoules + other.EnergyMicrojoules,
            EmissionsNanograms = EmissionsNanograms + other.EmissionsNanograms,
            InferenceMicroseconds = InferenceMicroseconds + other.InferenceMicroseconds,
            DurationTicks = DurationTicks + other.DurationTicks,
            RefusedCalls = RefusedCalls + other.RefusedCalls,
            DegradedCalls = DegradedCalls + other.DegradedCalls,
            EstimatedCalls = EstimatedCalls + other.EstimatedCalls,
            EstimatedEnergyMicrojoules = EstimatedEnergyMicrojoules + other.EstimatedEnergyMicrojoules,
            EstimatedEmissionsNanograms = EstimatedEmissionsNanograms + other.EstimatedEmissionsNanograms,
            EstimatedEnergyLowMicrojoules = EstimatedEnergyLowMicrojoules + other.EstimatedEnergyLowMicrojoules,
            EstimatedEnergyHighMicrojoules = EstimatedEnergyHighMicrojoules + other.EstimatedEnergyHighMicrojoules,
            EstimatedEmissionsLowNanograms = EstimatedEmissionsLowNanograms + other.EstimatedEmissionsLowNanograms,
            EstimatedEmissionsHighNanograms = EstimatedEmissionsHighNanograms + other.EstimatedEmissionsHighNanograms,
        };
    }

    /// <summary>The counters as totals, the impact in ms, Wms and ugCO2e.</summary>
    public GreenPTImpactTotals ToTotals() => new()
    {
        Calls = Clamp(Calls),
        CallsWithoutImpact = Clamp(CallsWithoutImpact),
        InputTokens = InputTokens,
        OutputTokens = OutputTokens,
        Duration = TimeSpan.FromTicks(DurationTicks),
        RefusedCalls = Clamp(RefusedCalls),
        DegradedCalls = Clamp(DegradedCalls),
        Impact = new GreenPTImpact
        {
            InferenceTime = new GreenPTMeasurement(InferenceMicroseconds / 1e3, "ms"),
            Energy = new GreenPTMeasurement(EnergyMicrojoules / 1e3, "Wms"),
            Emissions = new GreenPTMeasurement(EmissionsNanograms / 1e3, "ugCO2e"),
        },
        EstimatedCalls = Clamp(EstimatedCalls),
        EstimatedImpact = Estimate(EstimatedEnergyMicrojoules, EstimatedEmissionsNanograms),
        EstimatedImpactLow = Estimate(EstimatedEnergyLowMicrojoules, EstimatedEmissionsLowNanograms),
        EstimatedImpactHigh = Estimate(EstimatedEnergyHighMicrojoules, EstimatedEmissionsHighNanograms),
    };

    /// <summary>
    /// These counters (one call without a measured impact) with an estimate: an average measured call,
    /// its range half to twice that.
    /// </summary>
    /// <remarks>The estimate is kept in its own counters, never added to the measured ones.</remarks>
    /// <param name="averageMicrojoules">The central estimate of the energy.</param>
    /// <param name="averageNanograms">The central estimate of the emissions.</param>
    public GreenPTImpactCounters WithEstimate(long averageMicrojoules, long averageNanograms) => Add(new GreenPTImpactCounters
    {
        EstimatedCalls = 1,
        EstimatedEnergyMicrojoules = averageMicrojoules,
        EstimatedEmissionsNanograms = averageNanograms,
        EstimatedEnergyLowMicrojoules = averageMicrojoules / 2,
        EstimatedEnergyHighMicrojoules = averageMicrojoules * 2,
        EstimatedEmissionsLowNanograms = averageNanograms / 2,
        EstimatedEmissionsHighNanograms = averageNanograms * 2,
    });

    private static GreenPTImpact Estimate(long microjoules, long nanograms) =>
        new() { Energy = new GreenPTMeasurement(microjoules / 1e3, "Wms"), Emissions = new GreenPTMeasurement(nanograms / 1e3, "ugCO2e") };

    private static int Clamp(long value) => value > int.MaxValue ? int.MaxValue : (int)value;

    private static long Round(double? value, double scale) =>
        value is double v && !double.IsNaN(v) && !double.IsInfinity(v) ? (long)Math.Round(v * scale, MidpointRounding.AwayFromZero) : 0;
}
