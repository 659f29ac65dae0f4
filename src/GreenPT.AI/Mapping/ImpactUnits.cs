using System.Globalization;

namespace GreenPT.AI.Mapping;

/// <summary>Conversions between the units GreenPT reports impact in and common units. Pure functions.</summary>
internal static class ImpactUnits
{
    /// <summary>Joules per unit of energy, by unit name (case-insensitive).</summary>
    public static double? JoulesPer(string unit) => Normalize(unit) switch
    {
        "wms" or "mj" or "mws" => 1e-3,
        "j" or "ws" => 1,
        "kj" => 1e3,
        "uj" => 1e-6,
        "mwh" => 3.6,
        "wh" => 3600,
        "kwh" => 3.6e6,
        _ => null,
    };

    /// <summary>Grams of CO2-equivalent per unit of emissions, by unit name (case-insensitive; a CO2/CO2e/CO2eq suffix is optional).</summary>
    public static double? GramsPer(string unit)
    {
        string u = Normalize(unit);
        foreach (string suffix in (ReadOnlySpan<string>)["co2eq", "co2e", "co2"])
        {
            if (u.EndsWith(suffix, StringComparison.Ordinal))
            {
                u = u.Substring(0, u.Length - suffix.Length);
                break;
            }
        }

        return u switch
        {
            "ng" => 1e-9,
            "ug" => 1e-6,
            "mg" => 1e-3,
            "g" => 1,
            "kg" => 1e3,
            "t" => 1e6,
            _ => null,
        };
    }

    /// <summary>Seconds per unit of time, by unit name (case-insensitive).</summary>
    public static double? SecondsPer(string unit) => Normalize(unit) switch
    {
        "ns" => 1e-9,
        "us" => 1e-6,
        "ms" => 1e-3,
        "s" or "sec" => 1,
        "min" => 60,
        _ => null,
    };

    /// <summary>
    /// Adds two figures of one kind: in their unit when both share it, else in <paramref name="commonUnit"/> (converted with
    /// <paramref name="perUnit"/>, which gives each unit's size in a base unit).
    /// </summary>
    public static GreenPTMeasurement? Add(GreenPTMeasurement? a, GreenPTMeasurement? b, Func<string, double?> perUnit, string commonUnit)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }

        if (string.Equals(Normalize(a.Unit), Normalize(b.Unit), StringComparison.Ordinal))
        {
            return new GreenPTMeasurement(a.Total + b.Total, a.Unit);
        }

        double? aBase = a.Total * perUnit(a.Unit);
        double? bBase = b.Total * perUnit(b.Unit);
        if (aBase is not double x || bBase is not double y || perUnit(commonUnit) is not double common)
        {
            throw new InvalidOperationException($"Cannot add {a} and {b}: their units differ and one of them is unknown.");
        }

        return new GreenPTMeasurement((x + y) / common, commonUnit);
    }

    public static double? ToJoules(GreenPTMeasurement? m) => m is null ? null : m.Total * JoulesPer(m.Unit);

    public static double? ToGramsCO2e(GreenPTMeasurement? m) => m is null ? null : m.Total * GramsPer(m.Unit);

    public static double? ToSeconds(GreenPTMeasurement? m) => m is null ? null : m.Total * SecondsPer(m.Unit);

    /// <summary>"1.38 s, 0.146 mWh, 47 µgCO2e": each figure in the unit that reads best.</summary>
    public static string Describe(GreenPTImpact impact)
    {
        var parts = new List<string>(3);
        if (ToSeconds(impact.InferenceTime) is double s)
        {
            parts.Add(s < 1 ? Format(s * 1e3, "ms") : Format(s, "s"));
        }
        else if (impact.InferenceTime is { } t)
        {
            parts.Add(t.ToString());
        }

        if (ToJoules(impact.Energy) is double j)
        {
            double wh = j / 3600;
            parts.Add(wh >= 1000 ? Format(wh / 1000, "kWh") : wh >= 1 ? Format(wh, "Wh") : Format(wh * 1000, "mWh"));
        }
        else if (impact.Energy is { } e)
        {
            parts.Add(e.ToString());
        }

        if (ToGramsCO2e(impact.Emissions) is double g)
        {
            parts.Add(g >= 1000 ? Format(g / 1000, "kgCO2e") : g >= 1 ? Format(g, "gCO2e") : g >= 1e-3 ? Format(g * 1e3, "mgCO2e") : Format(g * 1e6, "µgCO2e"));
        }
        else if (impact.Emissions is { } c)
        {
            parts.Add(c.ToString());
        }

        return parts.Count == 0 ? "no impact figures" : string.Join(", ", parts);
    }

    /// <summary>Three significant figures ("55.9", "2.24", "0.146"), whole numbers from 1000 up.</summary>
    private static string Format(double value, string unit) =>
        value.ToString(value >= 1000 ? "0" : "G3", CultureInfo.InvariantCulture) + " " + unit;

    private static string Normalize(string unit) =>
        unit.Trim().Replace('\u00B5', 'u').Replace('\u03BC', 'u').ToLowerInvariant();
}
