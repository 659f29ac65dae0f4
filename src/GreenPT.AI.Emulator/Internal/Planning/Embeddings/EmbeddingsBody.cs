using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using GreenPT.AI.Emulator.Internal.ImpactModel;
using GreenPT.AI.Emulator.Internal.Validation;

namespace GreenPT.AI.Emulator.Internal.Planning.Embeddings;

/// <summary>
/// The embeddings answer: <c>{"object":"list","data":[{"object":"embedding","index","embedding"}],"model","usage","impact"}</c>,
/// each vector from <see cref="EmbeddingVectors"/>, as numbers or as base64 little-endian float32.
/// </summary>
internal static class EmbeddingsBody
{
    public static byte[] Build(ValidatedEmbeddingsRequest request)
    {
        int promptTokens = Math.Max(1, request.Inputs.Sum(TextTokens.CountWords));
        var buffer = new ArrayBufferWriter<byte>(request.Inputs.Count * request.Dimensions * 12 + 512);
        using (var w = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            var vector = new float[request.Dimensions];
            for (int i = 0; i < request.Inputs.Count; i++)
            {
                EmbeddingVectors.Fill(request.Inputs[i], vector);
                WriteItem(w, i, vector, request.Base64);
            }

            w.WriteEndArray();
            w.WriteString("model", request.Model);
            UsageJson.WriteEmbeddingsUsageAndImpact(w, promptTokens);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteItem(Utf8JsonWriter w, int index, float[] vector, bool base64)
    {
        w.WriteStartObject();
        w.WriteString("object", "embedding");
        w.WriteNumber("index", index);
        if (base64)
        {
            var bytes = new byte[vector.Length * sizeof(float)];
            for (int k = 0; k < vector.Length; k++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(k * sizeof(float)), vector[k]);
            }

            w.WriteBase64String("embedding", bytes);
        }
        else
        {
            w.WriteStartArray("embedding");
            foreach (float v in vector)
            {
                w.WriteNumberValue(v);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }
}
