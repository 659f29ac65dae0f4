using System.Text.Json.Serialization;
using GreenPT.AI.Impact;

namespace GreenPT.AI;

/// <summary>
/// The energy, emissions and inference time GreenPT reports for one request (its <c>impact</c> object).
/// </summary>
/// <remarks>
/// The figures keep the units the server sent. The <c>…In…</c> properties convert them to common units and are
/// <see langword="null"/> when the figure is missing or its unit is not one this library knows.
/// GreenPT estimates energy from measured runtime and hardware power, and emissions from hourly datacenter-level
/// grid carbon intensity.
/// </remarks>
[JsonConverter(typeof(GreenPTImpactJsonConverter))]
public sealed class GreenPTImpact : IEquatable<GreenPTImpact>
{
    /// <summary>How long the inference ran, usually in <c>ms</c>.</summary>
    public GreenPTMeasurement? InferenceTime { get; init; }

    /// <summary>The energy the inference used, usually in <c>Wms</c> (watt-milliseconds, that is millijoules).</summary>
    public GreenPTMeasurement? Energy { get; init; }

    /// <summary>The emissions of that energy, usually in <c>ugCO2e</c> (micrograms of CO2-equivalent).</summary>
    public GreenPTMeasurement? Emissions { get; init; }

    /// <summary>The version of GreenPT's calculation method, for example <c>"20250922"</c>.</summary>
    public string? Version { get; init; }

    /// <summary>The inference time as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan? InferenceDuration =>
        ImpactUnits.ToSeconds(InferenceTime) is double seconds ? TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)) : null;

    /// <summary>The energy in joules (1 J = 1,000 Wms).</summary>
    public double? EnergyInJoules => ImpactUnits.ToJoules(Energy);

    /// <summary>The energy in watt-hours (1 Wh = 3,600,000 Wms).</summary>
    public double? EnergyInWattHours => EnergyInJoules / 3600d;

    /// <summary>The energy in kilowatt-hours.</summary>
    public double? EnergyInKilowattHours => EnergyInJoules / 3_600_000d;

    /// <summary>The emissions in grams of CO2-equivalent (1 g = 1,000,000 ugCO2e).</summary>
    public double? EmissionsInGramsCO2e => ImpactUnits.ToGramsCO2e(Emissions);

    /// <summary>
    /// The grid carbon intensity implied by the two figures, in grams of CO2-equivalent per kilowatt-hour;
    /// <see langword="null"/> when either is missing or the energy is zero.
    /// </summary>
    public double? CarbonIntensityInGramsPerKilowattHour =>
        EmissionsInGramsCO2e is double grams && EnergyInKilowattHours is double kwh && kwh > 0 ? grams / kwh : null;

    /// <summary>No impact: 0 ms, 0 Wms, 0 ugCO2e. The starting point for sums.</summary>
    public static GreenPTImpact Zero { get; } = new()
    {
        InferenceTime = new(0, "ms"),
        Energy = new(0, "Wms"),
        Emissions = new(0, "ugCO2e"),
    };

    /// <summary>
    /// The sum of two impacts, figure by figure. Figures in the same unit add up in that unit; figures in different units are
    /// converted to GreenPT's units first (ms, Wms, ugCO2e). A figure missing on one side is taken from the other. The version is
    /// kept when the two agree or one has none; two different versions give <see langword="null"/>.
    /// </summary>
    /// <param name="other">The impact to add.</param>
    /// <exception cref="InvalidOperationException">Two figures have different units and one of them is not a unit this library knows.</exception>
    public GreenPTImpact Add(GreenPTImpact other)
    {
        Throw.IfNull(other);
        return new GreenPTImpact
        {
            InferenceTime = ImpactUnits.Add(InferenceTime, other.InferenceTime, ImpactUnits.SecondsPer, "ms"),
            Energy = ImpactUnits.Add(Energy, other.Energy, ImpactUnits.JoulesPer, "Wms"),
            Emissions = ImpactUnits.Add(Emissions, other.Emissions, ImpactUnits.GramsPer, "ugCO2e"),
            Version = Version is null ? other.Version
                : other.Version is null || string.Equals(Version, other.Version, StringComparison.Ordinal) ? Version
                : null,
        };
    }

    /// <summary>The sum of two impacts; see <see cref="Add(GreenPTImpact)"/>.</summary>
    /// <param name="left">The first impact.</param>
    /// <param name="right">The second impact.</param>
    public static GreenPTImpact operator +(GreenPTImpact left, GreenPTImpact right) => Throw.IfNull(left).Add(right);

    /// <summary>The sum of many impacts (<see cref="Zero"/> when there are none); see <see cref="Add(GreenPTImpact)"/>.</summary>
    /// <param name="impacts">The impacts to add; <see langword="null"/> items are skipped.</param>
    public static GreenPTImpact Sum(IEnumerable<GreenPTImpact?> impacts)
    {
        Throw.IfNull(impacts);
        GreenPTImpact total = Zero;
        foreach (GreenPTImpact? impact in impacts)
        {
            if (impact is not null)
            {
                total = total.Add(impact);
            }
        }

        return total;
    }

    /// <inheritdoc />
    public bool Equals(GreenPTImpact? other) =>
        other is not null &&
        Equals(InferenceTime, other.InferenceTime) &&
        Equals(Energy, other.Energy) &&
        Equals(Emissions, other.Emissions) &&
        string.Equals(Version, other.Version, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GreenPTImpact);

    /// <inheritdoc />
    public override int GetHashCode() =>
        (InferenceTime?.GetHashCode() ?? 0) ^ (Energy?.GetHashCode() ?? 0) * 31 ^ (Emissions?.GetHashCode() ?? 0) * 17 ^ (Version?.GetHashCode() ?? 0);

    /// <summary>A one-line summary in human units, for example <c>"1.38 s, 0.146 mWh, 47 µgCO2e"</c>.</summary>
    public override string ToString() => ImpactUnits.Describe(this);
}
