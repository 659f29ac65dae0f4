using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal.ImpactModel;

/// <summary>Writes <c>usage</c> and <c>impact</c> (the figures of <see cref="ImpactFormula"/>) into an answer.</summary>
internal static class UsageJson
{
    /// <summary>
    /// Chat: <c>usage</c> (<c>prompt_tokens</c>, <c>completion_tokens</c>, <c>total_tokens</c>,
    /// <c>completion_tokens_details.reasoning_tokens</c> when there is reasoning, <c>inferenceTiming.inferenceTimeMs</c>), then <c>impact</c>.
    /// </summary>
    public static void WriteChatUsageAndImpact(Utf8JsonWriter w, int prompt, int completion, int reasoning)
    {
        var figures = ImpactFormula.Compute(prompt, completion);
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
        w.WriteNumber("inferenceTimeMs", (long)Math.Round(figures.InferenceTimeMs, MidpointRounding.AwayFromZero));
        w.WriteEndObject();
        w.WriteEndObject();
        WriteImpact(w, figures);
    }

    /// <summary>Embeddings: <c>usage</c> (<c>prompt_tokens</c>, <c>total_tokens</c>), then <c>impact</c> with no completion tokens.</summary>
    public static void WriteEmbeddingsUsageAndImpact(Utf8JsonWriter w, int prompt)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", prompt);
        w.WriteNumber("total_tokens", prompt);
        w.WriteEndObject();
        WriteImpact(w, ImpactFormula.Compute(prompt, 0));
    }

    private static void WriteImpact(Utf8JsonWriter w, ImpactFigures figures)
    {
        w.WriteStartObject("impact");
        WriteMeasurement(w, "inferenceTime", figures.InferenceTimeMs, "ms");
        WriteMeasurement(w, "energy", figures.EnergyWms, "Wms");
        WriteMeasurement(w, "emissions", figures.EmissionsUgCO2e, "ugCO2e");
        w.WriteString("version", ImpactFormula.Version);
        w.WriteEndObject();
    }

    private static void WriteMeasurement(Utf8JsonWriter w, string name, double total, string unit)
    {
        w.WriteStartObject(name);
        w.WriteNumber("total", total);
        w.WriteString("unit", unit);
        w.WriteEndObject();
    }
}
