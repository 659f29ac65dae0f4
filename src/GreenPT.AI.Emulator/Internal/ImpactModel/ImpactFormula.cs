using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal;

/// <summary>Simulated impact figures, each rounded to one decimal place.</summary>
internal readonly record struct ImpactFigures(double InferenceTimeMs, double EnergyWms, double EmissionsUgCO2e);

/// <summary>
/// The emulator's documented (and entirely simulated) impact model:
/// time_ms = 40 + 12 * completion_tokens + 0.05 * prompt_tokens;
/// energy_Wms = time_ms * 300 W * 1.2 (CPU overhead) * 1.1 (PUE);
/// emissions_ug = energy_Wms / 3.6e9 (kWh) * 40 gCO2e/kWh * 1e6.
/// Each figure is computed from the unrounded previous one, then rounded to one decimal.
/// </summary>
internal static class ImpactModel
{
    public const string Version = "emulator-20250922";
    public const double BaseMs = 40;
    public const double MsPerCompletionToken = 12;
    public const double MsPerPromptToken = 0.05;
    public const double GpuWatts = 300;
    public const double CpuOverhead = 1.2;
    public const double Pue = 1.1;
    public const double GridGramsPerKwh = 40;

    public static ImpactFigures Compute(int promptTokens, int completionTokens)
    {
        double time = BaseMs + (MsPerCompletionToken * completionTokens) + (MsPerPromptToken * promptTokens);
        double energy = time * GpuWatts * CpuOverhead * Pue;
        double emissions = energy / 3.6e9 * GridGramsPerKwh * 1e6;
        return new ImpactFigures(Math.Round(time, 1), Math.Round(energy, 1), Math.Round(emissions, 1));
    }

    public static void WriteImpact(Utf8JsonWriter w, ImpactFigures f)
    {
        w.WriteStartObject("impact");
        w.WriteStartObject("inferenceTime");
        w.WriteNumber("total", f.InferenceTimeMs);
        w.WriteString("unit", "ms");
        w.WriteEndObject();
        w.WriteStartObject("energy");
        w.WriteNumber("total", f.EnergyWms);
        w.WriteString("unit", "Wms");
        w.WriteEndObject();
        w.WriteStartObject("emissions");
        w.WriteNumber("total", f.EmissionsUgCO2e);
        w.WriteString("unit", "ugCO2e");
        w.WriteEndObject();
        w.WriteString("version", Version);
        w.WriteEndObject();
    }

    /// <summary>Writes the chat <c>usage</c> object.</summary>
    public static void WriteChatUsage(Utf8JsonWriter w, int prompt, int completion, int reasoning, ImpactFigures f)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", prompt);
        w.WriteNumber("completion_tokens", completion);
        w.WriteNumber("total_tokens", prompt + completion);
        if (reasoning > 0)
        {
            w.WriteStartObject("completion_tokens_details");
            w.WriteNumber("reasoning_tokens", reasoning);
            w.WriteEndObject();
        }

        w.WriteStartObject("inferenceTiming");
        w.WriteNumber("inferenceTimeMs", (long)Math.Round(f.InferenceTimeMs, MidpointRounding.AwayFromZero));
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
