namespace GreenPT.AI;

/// <summary>
/// One Software Carbon Intensity score: C = E × I + M over a window, and C divided by each functional unit R. Figures in kWh, gCO2e
/// and gCO2e per unit.
/// </summary>
public sealed class GreenPTSciScore
{
    internal GreenPTSciScore(string basis, double energyKilowattHours, double operationalGrams, double? embodiedGrams, long tokens, long calls, long? workflows)
    {
        Basis = basis;
        EnergyKilowattHours = energyKilowattHours;
        OperationalEmissionsGramsCO2e = operationalGrams;
        EmbodiedEmissionsGramsCO2e = embodiedGrams;
        double carbon = operationalGrams + (embodiedGrams ?? 0);
        CarbonGramsCO2e = carbon;
        PerToken = tokens > 0 ? carbon / tokens : null;
        PerCall = calls > 0 ? carbon / calls : null;
        PerWorkflow = workflows is long w && w > 0 ? carbon / w : null;
    }

    /// <summary>What the operational part is made of: <c>measured</c> (GreenPT's figures only) or <c>measured+estimated</c>.</summary>
    public string Basis { get; }

    /// <summary>E: the energy, in kWh.</summary>
    public double EnergyKilowattHours { get; }

    /// <summary>E × I: the operational emissions, in gCO2e (summed call by call, each at the grid intensity of its hour).</summary>
    public double OperationalEmissionsGramsCO2e { get; }

    /// <summary>M: the embodied emissions the caller supplied, in gCO2e; <see langword="null"/> when excluded.</summary>
    public double? EmbodiedEmissionsGramsCO2e { get; }

    /// <summary>C = E × I + M, in gCO2e.</summary>
    public double CarbonGramsCO2e { get; }

    /// <summary>The grid intensity the figures imply, (E × I) / E, in gCO2e/kWh; <see langword="null"/> without energy.</summary>
    public double? GridIntensityGramsPerKilowattHour => EnergyKilowattHours > 0 ? OperationalEmissionsGramsCO2e / EnergyKilowattHours : null;

    /// <summary>SCI per token (input plus output), in gCO2e; <see langword="null"/> when no token was counted.</summary>
    public double? PerToken { get; }

    /// <summary>SCI per call, in gCO2e; <see langword="null"/> without calls.</summary>
    public double? PerCall { get; }

    /// <summary>SCI per workflow, in gCO2e; <see langword="null"/> unless the number of workflows was given.</summary>
    public double? PerWorkflow { get; }
}
