namespace GreenPT.AI.Emulator.Internal.ImpactModel;

/// <summary>Simulated impact figures, each rounded to one decimal place.</summary>
internal readonly record struct ImpactFigures(double InferenceTimeMs, double EnergyWms, double EmissionsUgCO2e);

/// <summary>
/// The emulator's documented (and entirely simulated) impact model:
/// time_ms = 40 + 12 * completion_tokens + 0.05 * prompt_tokens;
/// energy_Wms = time_ms * 300 W * 1.2 (CPU overhead) * 1.1 (PUE);
/// emissions_ug = energy_Wms / 3.6e9 (kWh) * 40 gCO2e/kWh * 1e6.
/// Each figure is computed from the unrounded previous one, then rounded to one decimal.
/// </summary>
internal static class ImpactFormula
{
    public const string Version = "emulator-20250922";

    private const double BaseMs = 40;
    private const double MsPerCompletionToken = 12;
    private const double MsPerPromptToken = 0.05;
    private const double GpuWatts = 300;
    private const double CpuOverhead = 1.2;
    private const double Pue = 1.1;
    private const double GridGramsPerKwh = 40;
    private const double WmsPerKwh = 3.6e9;
    private const double MicrogramsPerGram = 1e6;

    public static ImpactFigures Compute(int promptTokens, int completionTokens)
    {
        double time = BaseMs + (MsPerCompletionToken * completionTokens) + (MsPerPromptToken * promptTokens);
        double energy = time * GpuWatts * CpuOverhead * Pue;
        double emissions = energy / WmsPerKwh * GridGramsPerKwh * MicrogramsPerGram;
        return new ImpactFigures(Math.Round(time, 1), Math.Round(energy, 1), Math.Round(emissions, 1));
    }
}
