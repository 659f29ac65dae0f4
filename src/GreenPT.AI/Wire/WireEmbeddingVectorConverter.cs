using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GreenPT.AI.Wire;

/// <summary>
/// An embedding vector in either of the encodings GreenPT documents: a string holding the base64 of little-endian 32-bit floats
/// (what the client asks for), decoded straight into the vector's memory, or an array of numbers (a server that ignores
/// <c>encoding_format</c>). <c>null</c> is no vector; anything else, or base64 that is not whole floats, fails naming <c>embedding</c>.
/// </summary>
internal sealed class WireEmbeddingVectorConverter : JsonConverter<float[]?>
{
    private const string Field = "embedding";

    public override bool HandleNull => true;

    public override float[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadVector(ref reader);

    /// <summary>Reads the vector the reader is on, as described on the class.</summary>
    /// <exception cref="JsonException">The value is neither a vector nor null.</exception>
    public static float[]? ReadVector(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => ReadBase64(ref reader),
        JsonTokenType.StartArray => ReadNumbers(ref reader),
        _ => throw WireValues.WrongType(Field, "an array of numbers or a base64 string", reader.TokenType),
    };

    public override void Write(Utf8JsonWriter writer, float[]? value, JsonSerializerOptions options) => throw ReadOnlyWire.Refusal();

    /// <summary>Decodes the base64 string the reader is on into floats.</summary>
    /// <exception cref="JsonException">The text is not base64, or not of a whole number of 32-bit floats.</exception>
    public static float[] ReadBase64(ref Utf8JsonReader reader)
    {
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> base64;
            if (!reader.HasValueSequence && !reader.ValueIsEscaped)
            {
                base64 = reader.ValueSpan;
            }
            else
            {
                int length = checked((int)(reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length));
                rented = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                base64 = rented.AsSpan(0, reader.CopyString(rented));
            }

            var vector = new float[Base64.GetMaxDecodedFromUtf8Length(base64.Length) / sizeof(float)];
            OperationStatus status = Base64.DecodeFromUtf8(base64, MemoryMarshal.AsBytes(vector.AsSpan()), out int consumed, out int written);
            if (status != OperationStatus.Done || consumed != base64.Length || written % sizeof(float) != 0)
            {
                throw new JsonException($"'{Field}' must be the base64 of 32-bit floats: {base64.Length} characters do not decode to whole floats.");
            }

            if (written != vector.Length * sizeof(float))
            {
                Array.Resize(ref vector, written / sizeof(float));
            }

            if (!BitConverter.IsLittleEndian)
            {
                Span<int> bits = MemoryMarshal.Cast<float, int>(vector.AsSpan());
                for (int i = 0; i < bits.Length; i++)
                {
                    bits[i] = BinaryPrimitives.ReverseEndianness(bits[i]);
                }
            }

            return vector;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Reads an array of numbers (a number written as a string is read too); any other element fails.</summary>
    /// <exception cref="JsonException">An element is not a number.</exception>
    private static float[] ReadNumbers(ref Utf8JsonReader reader)
    {
        float[] buffer = ArrayPool<float>.Shared.Rent(1024);
        int count = 0;
        try
        {
            while (WireValues.Next(ref reader) != JsonTokenType.EndArray)
            {
                float value = reader.TokenType switch
                {
                    JsonTokenType.Number when reader.TryGetSingle(out float number) => number,
                    JsonTokenType.String when float.TryParse(WireValues.DecodeString(ref reader), NumberStyles.Float, CultureInfo.InvariantCulture, out float parsed) => parsed,
                    _ => throw WireValues.WrongType(Field + "[]", "a number", reader.TokenType),
                };
                if (count == buffer.Length)
                {
                    float[] larger = ArrayPool<float>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<float>.Shared.Return(buffer);
                    buffer = larger;
                }

                buffer[count++] = value;
            }

            return buffer.AsSpan(0, count).ToArray();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
