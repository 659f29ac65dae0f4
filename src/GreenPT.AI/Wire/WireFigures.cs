using System.Text.Json;

namespace GreenPT.AI.Wire;

/// <summary>
/// Reads <c>usage</c> and <c>impact</c>, for every answer (the chat parser calls it in its own pass; the other answers' property
/// converters call it too), by the same rule as their source-generated contracts (a value of another JSON type is dropped, unknown
/// fields are skipped, the last of a repeated field wins): a nested serializer call per object cost more than the rest of a
/// non-streaming answer's figures.
/// </summary>
internal static class WireFigures
{
    /// <summary>The <c>usage</c> object the reader is on; <see langword="null"/> (the value skipped) when it is not an object.</summary>
    public static ResponseUsage? ReadUsage(ref Utf8JsonReader reader)
    {
        if (!IsObject(ref reader))
        {
            return null;
        }

        var usage = new ResponseUsage();
        while (WireValues.NextProperty(ref reader))
        {
            if (WireValues.NameIs(ref reader, "prompt_tokens"u8))
            {
                WireValues.Next(ref reader);
                usage.PromptTokens = WireValues.ReadInt64(ref reader);
            }
            else if (WireValues.NameIs(ref reader, "completion_tokens"u8))
            {
                WireValues.Next(ref reader);
                usage.CompletionTokens = WireValues.ReadInt64(ref reader);
            }
            else if (WireValues.NameIs(ref reader, "total_tokens"u8))
            {
                WireValues.Next(ref reader);
                usage.TotalTokens = WireValues.ReadInt64(ref reader);
            }
            else if (WireValues.NameIs(ref reader, "cached_tokens"u8))
            {
                WireValues.Next(ref reader);
                usage.CachedTokens = WireValues.ReadInt64(ref reader);
            }
            else if (WireValues.NameIs(ref reader, "prompt_tokens_details"u8))
            {
                WireValues.Next(ref reader);
                usage.PromptTokensDetails = IsObject(ref reader) ? new PromptTokensDetails { CachedTokens = ReadOneCount(ref reader, "cached_tokens"u8) } : null;
            }
            else if (WireValues.NameIs(ref reader, "completion_tokens_details"u8))
            {
                WireValues.Next(ref reader);
                usage.CompletionTokensDetails = IsObject(ref reader) ? new CompletionTokensDetails { ReasoningTokens = ReadOneCount(ref reader, "reasoning_tokens"u8) } : null;
            }
            else
            {
                WireValues.SkipPropertyValue(ref reader);
            }
        }

        return usage;
    }

    /// <summary>The <c>impact</c> object the reader is on; <see langword="null"/> (the value skipped) when it is not an object.</summary>
    public static ImpactDto? ReadImpact(ref Utf8JsonReader reader)
    {
        if (!IsObject(ref reader))
        {
            return null;
        }

        var impact = new ImpactDto();
        while (WireValues.NextProperty(ref reader))
        {
            if (WireValues.NameIs(ref reader, "inferenceTime"u8))
            {
                WireValues.Next(ref reader);
                impact.InferenceTime = ReadMeasurement(ref reader);
            }
            else if (WireValues.NameIs(ref reader, "energy"u8))
            {
                WireValues.Next(ref reader);
                impact.Energy = ReadMeasurement(ref reader);
            }
            else if (WireValues.NameIs(ref reader, "emissions"u8))
            {
                WireValues.Next(ref reader);
                impact.Emissions = ReadMeasurement(ref reader);
            }
            else if (WireValues.NameIs(ref reader, "version"u8))
            {
                WireValues.Next(ref reader);
                impact.Version = WireValues.ReadString(ref reader);
            }
            else
            {
                WireValues.SkipPropertyValue(ref reader);
            }
        }

        return impact;
    }

    private static MeasurementDto? ReadMeasurement(ref Utf8JsonReader reader)
    {
        if (!IsObject(ref reader))
        {
            return null;
        }

        var measurement = new MeasurementDto();
        while (WireValues.NextProperty(ref reader))
        {
            if (WireValues.NameIs(ref reader, "total"u8))
            {
                WireValues.Next(ref reader);
                measurement.Total = WireValues.ReadDouble(ref reader);
            }
            else if (WireValues.NameIs(ref reader, "unit"u8))
            {
                WireValues.Next(ref reader);
                measurement.Unit = WireValues.ReadString(ref reader);
            }
            else
            {
                WireValues.SkipPropertyValue(ref reader);
            }
        }

        return measurement;
    }

    /// <summary>The one count a details object holds (the reader is on its start), the rest skipped.</summary>
    private static long? ReadOneCount(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        long? count = null;
        while (WireValues.NextProperty(ref reader))
        {
            if (WireValues.NameIs(ref reader, name))
            {
                WireValues.Next(ref reader);
                count = WireValues.ReadInt64(ref reader);
            }
            else
            {
                WireValues.SkipPropertyValue(ref reader);
            }
        }

        return count;
    }

    /// <summary>Whether the value is an object; any other value is skipped whole (an array) or is its own last token already.</summary>
    private static bool IsObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return true;
        }

        reader.Skip();
        return false;
    }
}
