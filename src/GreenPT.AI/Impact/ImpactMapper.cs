using System.Text.Json;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Impact;

/// <summary>Maps GreenPT's <c>impact</c> between its wire form, <see cref="GreenPTImpact"/> and usage counts.</summary>
internal static class ImpactMapper
{
    /// <summary>The typed impact of a wire <c>impact</c> object; <see langword="null"/> when there is none.</summary>
    public static GreenPTImpact? FromDto(ImpactDto? dto) => dto is null ? null : new GreenPTImpact
    {
        InferenceTime = FromDto(dto.InferenceTime),
        Energy = FromDto(dto.Energy),
        Emissions = FromDto(dto.Emissions),
        Version = dto.Version,
    };

    public static ImpactDto ToDto(GreenPTImpact impact) => new()
    {
        InferenceTime = ToDto(impact.InferenceTime),
        Energy = ToDto(impact.Energy),
        Emissions = ToDto(impact.Emissions),
        Version = impact.Version,
    };

    /// <summary>
    /// Whether <see cref="AIJsonUtilities.DefaultOptions"/> (what MEAI's distributed cache serializes with) can write a
    /// <see cref="GreenPTImpact"/>: true where reflection-based JSON is on, false in trimmed and NativeAOT apps.
    /// </summary>
    private static readonly bool DefaultOptionsKnowImpact = CanSerializeImpact();

    /// <summary>
    /// The value stored under <see cref="GreenPTPropertyNames.Impact"/>: the typed impact, or, where MEAI's default JSON options
    /// could not serialize it (trimmed and NativeAOT apps), the same impact as a <see cref="JsonElement"/>, so that a JSON cache
    /// never fails on it. Readers accept both.
    /// </summary>
    public static object ToPropertyValue(GreenPTImpact impact) =>
        DefaultOptionsKnowImpact ? impact : JsonSerializer.SerializeToElement(ToDto(impact), GreenPTJsonContext.Default.ImpactDto);

    private static bool CanSerializeImpact()
    {
        try
        {
            return AIJsonUtilities.DefaultOptions.TryGetTypeInfo(typeof(GreenPTImpact), out _);
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>The impact stored under <see cref="GreenPTPropertyNames.Impact"/> in a property bag, in either form; otherwise <see langword="null"/>.</summary>
    public static GreenPTImpact? FromProperties(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(GreenPTPropertyNames.Impact, out object? value) ? FromPropertyValue(value) : null;

    /// <summary>Reads an impact from whatever form an <c>AdditionalProperties</c> value has: typed, or JSON after a cache round trip.</summary>
    public static GreenPTImpact? FromPropertyValue(object? value)
    {
        switch (value)
        {
            case GreenPTImpact impact:
                return impact;
            case JsonElement { ValueKind: JsonValueKind.Object } element:
                try
                {
                    return FromDto(element.Deserialize(GreenPTJsonContext.Default.ImpactDto));
                }
                catch (JsonException)
                {
                    return null;
                }

            default:
                return null;
        }
    }

    /// <summary>
    /// Adds the impact to <see cref="UsageDetails.AdditionalCounts"/> in units fine enough that sums of the values GreenPT
    /// reports stay exact: micro-joules, nanograms CO2e and microseconds.
    /// </summary>
    public static void AddCounts(UsageDetails usage, GreenPTImpact impact)
    {
        AddCount(usage, GreenPTUsageCounts.EnergyMicrojoules, ImpactUnits.ToJoules(impact.Energy), 1e6);
        AddCount(usage, GreenPTUsageCounts.EmissionsNanogramsCO2e, ImpactUnits.ToGramsCO2e(impact.Emissions), 1e9);
        AddCount(usage, GreenPTUsageCounts.InferenceTimeMicroseconds, ImpactUnits.ToSeconds(impact.InferenceTime), 1e6);
    }

    /// <summary>Rebuilds an impact from the counts <see cref="AddCounts"/> wrote (possibly summed over many calls).</summary>
    public static GreenPTImpact? FromCounts(UsageDetails? usage)
    {
        if (usage?.AdditionalCounts is not { } counts)
        {
            return null;
        }

        GreenPTMeasurement? Read(string key, double perCount, string unit) =>
            counts.TryGetValue(key, out long value) ? new GreenPTMeasurement(value * perCount, unit) : null;

        var impact = new GreenPTImpact
        {
            InferenceTime = Read(GreenPTUsageCounts.InferenceTimeMicroseconds, 1e-3, "ms"),
            Energy = Read(GreenPTUsageCounts.EnergyMicrojoules, 1e-3, "Wms"),
            Emissions = Read(GreenPTUsageCounts.EmissionsNanogramsCO2e, 1e-3, "ugCO2e"),
        };
        return impact.InferenceTime is null && impact.Energy is null && impact.Emissions is null ? null : impact;
    }

    /// <summary>A figure the client can use: a finite total (the wire reader already drops NaN and Infinity; a DTO built elsewhere may not).</summary>
    private static GreenPTMeasurement? FromDto(MeasurementDto? dto) =>
        dto?.Total is double total && !double.IsNaN(total) && !double.IsInfinity(total) ? new GreenPTMeasurement(total, dto.Unit ?? string.Empty) : null;

    private static MeasurementDto? ToDto(GreenPTMeasurement? m) => m is null ? null : new MeasurementDto { Total = m.Total, Unit = m.Unit };

    /// <summary>
    /// Adds one figure in counts. A figure whose count does not fit a <see cref="long"/> (a server reporting 1e300 Wms, say), or would
    /// overflow the sum, is left out rather than wrapped around into a wrong number.
    /// </summary>
    private static void AddCount(UsageDetails usage, string key, double? baseValue, double countsPerBaseUnit)
    {
        if (baseValue is not double value)
        {
            return;
        }

        double scaled = Math.Round(value * countsPerBaseUnit, MidpointRounding.AwayFromZero);
        if (double.IsNaN(scaled) || scaled < MinCount || scaled >= MaxCount)
        {
            return;
        }

        long count = (long)scaled;
        long existing = 0;
        if (usage.AdditionalCounts?.TryGetValue(key, out existing) == true &&
            ((count > 0 && existing > long.MaxValue - count) || (count < 0 && existing < long.MinValue - count)))
        {
            return;
        }

        usage.AdditionalCounts ??= [];
        usage.AdditionalCounts[key] = existing + count;
    }

    /// <summary>The range of doubles that convert to a <see cref="long"/> exactly: [-2^63, 2^63).</summary>
    private const double MinCount = -9.2233720368547758E+18;

    private const double MaxCount = 9.2233720368547758E+18;
}
