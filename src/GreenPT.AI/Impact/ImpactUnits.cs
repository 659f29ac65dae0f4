using System.Globalization;

namespace GreenPT.AI.Impact;

/// <summary>Conversions between the units GreenPT reports impact in and common units. Pure functions.</summary>
internal static class ImpactUnits
{
    /// <summary>
    /// Joules per unit of energy: <c>Wms</c> (GreenPT's unit, = mJ), <c>Ws</c>, <c>J</c> and <c>Wh</c> with an SI prefix
    /// (n, u/µ, m, k, M, G). The base unit's case does not matter; the prefix's does, so <c>mWh</c> and <c>MWh</c> differ.
    /// </summary>
    public static double? JoulesPer(string unit) => Normalize(unit) switch
    {
        var u when u.Equals("Wms", StringComparison.OrdinalIgnoreCase) => 1e-3,
        var u => Prefixed(u, static b => b.ToLowerInvariant() switch { "j" or "ws" => 1, "wh" => 3600, _ => null }),
    };

    /// <summary>
    /// Grams of CO2-equivalent per unit of emissions: <c>g</c> with an SI prefix (<c>ug</c> is GreenPT's), or <c>t</c>, with an
    /// optional CO2/CO2e/CO2eq suffix in any case.
    /// </summary>
    public static double? GramsPer(string unit)
    {
        string u = Normalize(unit);
        foreach (string suffix in (ReadOnlySpan<string>)["co2eq", "co2e", "co2"])
        {
            if (u.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                u = u.Substring(0, u.Length - suffix.Length);
                break;
            }
        }

        return u.Equals("t", StringComparison.OrdinalIgnoreCase) ? 1e6 : Prefixed(u, static b => b.Equals("g", StringComparison.OrdinalIgnoreCase) ? 1 : null);
    }

    /// <summary>Seconds per unit of time: <c>s</c> with an SI prefix (<c>ms</c> is GreenPT's), <c>min</c> or <c>h</c>.</summary>
    public static double? SecondsPer(string unit) => Normalize(unit) switch
    {
        var u when u.Equals("min", StringComparison.OrdinalIgnoreCase) => 60,
        var u when u.Equals("h", StringComparison.OrdinalIgnoreCase) => 3600,
        var u when u.Equals("sec", StringComparison.OrdinalIgnoreCase) => 1,
        var u => Prefixed(u, static b => b.Equals("s", StringComparison.OrdinalIgnoreCase) ? 1 : null),
    };

    /// <summary>The size of <paramref name="unit"/>: its base unit alone, or a case-sensitive SI prefix followed by it.</summary>
    private static double? Prefixed(string unit, Func<string, double?> baseSize)
    {
        if (unit.Length == 0)
        {
            return null;
        }

        if (baseSize(unit) is double plain)
        {
            return plain;
        }

        double? prefix = unit[0] switch
        {
            'n' => 1e-9,
            'u' => 1e-6,
            'm' => 1e-3,
            'k' or 'K' => 1e3,
            'M' => 1e6,
            'G' => 1e9,
            _ => null,
        };
        return prefix * baseSize(unit.Substring(1));
    }

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

        if (string.Equals(Normalize(a.Unit), Normalize(b.Unit), StringComparison.Ordinal) || (perUnit(a.Unit) is double sa && sa == perUnit(b.Unit)))
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

    /// <summary>Trims and writes the micro sign (µ or Greek mu) as <c>u</c>; keeps case, which tells milli from mega.</summary>
    private static string Normalize(string unit) =>
        unit.Trim().Replace('\u00B5', 'u').Replace('\u03BC', 'u');
}
