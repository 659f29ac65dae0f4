namespace GreenPT.AI;

/// <summary>
/// Keys under which the impact is mirrored into <see cref="Microsoft.Extensions.AI.UsageDetails.AdditionalCounts"/>.
/// </summary>
/// <remarks>
/// Usage counts are summed by MEAI wherever usage is: streaming updates coalesced into a response, and every
/// iteration of a function-invocation loop. So these counts hold the total impact of everything a response
/// stands for, even where only the last call's <c>impact</c> property survives. The units are fine enough that the
/// sums are exact to the precision GreenPT reports. Read them back with
/// <see cref="GreenPTImpactExtensions.GetGreenPTImpact(Microsoft.Extensions.AI.UsageDetails)"/>.
/// </remarks>
public static class GreenPTUsageCounts
{
    /// <summary>Energy in micro-joules (1 Wms = 1,000 µJ).</summary>
    public const string EnergyMicrojoules = "greenpt.energy_uj";

    /// <summary>Emissions in nanograms of CO2-equivalent (1 µgCO2e = 1,000 ng).</summary>
    public const string EmissionsNanogramsCO2e = "greenpt.emissions_ngco2e";

    /// <summary>Inference time in microseconds.</summary>
    public const string InferenceTimeMicroseconds = "greenpt.inference_time_us";
}
