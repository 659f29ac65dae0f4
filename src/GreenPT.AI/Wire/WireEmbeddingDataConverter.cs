using System.Text.Json;
using System.Text.Json.Serialization;

namespace GreenPT.AI.Wire;

/// <summary>
/// The <c>data</c> list of the embeddings answer, read by hand: the rule of <see cref="WireValues.ReadList"/> (null is no list,
/// another type than an array fails, null elements are skipped, another element type fails) with each element's two fields read in
/// the same pass. A nested <see cref="JsonSerializer.Deserialize{TValue}(ref Utf8JsonReader, System.Text.Json.Serialization.Metadata.JsonTypeInfo{TValue})"/>
/// per element would scan each 5 KB vector twice (once to find the element's end, once to read it).
/// </summary>
/// <remarks>
/// An element's fields are read as the generated contract of <see cref="EmbeddingData"/> reads them: <c>index</c> with
/// <see cref="WireValues.ReadInt32"/>, <c>embedding</c> with <see cref="WireEmbeddingVectorConverter"/>, names compared exactly
/// (after unescaping), the last of a repeated field kept, every other field skipped.
/// </remarks>
internal sealed class WireEmbeddingDataConverter : JsonConverter<List<EmbeddingData>?>
{
    private const string Field = "data";

    public override bool HandleNull => true;

    public override List<EmbeddingData>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw WireValues.WrongType(Field, "an array", reader.TokenType);
        }

        var list = new List<EmbeddingData>(16);
        for (int position = 0; WireValues.Next(ref reader) != JsonTokenType.EndArray; position++)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                list.Add(ReadElement(ref reader, position));
            }
            else if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }
            else
            {
                throw WireValues.WrongType(Field + "[]", "an object", reader.TokenType);
            }
        }

        return list;
    }

    public override void Write(Utf8JsonWriter writer, List<EmbeddingData>? value, JsonSerializerOptions options) => throw ReadOnlyWire.Refusal();

    /// <summary>Reads the object the reader is on; a failure inside it names the element and field.</summary>
    private static EmbeddingData ReadElement(ref Utf8JsonReader reader, int position)
    {
        var data = new EmbeddingData();
        while (WireValues.Next(ref reader) != JsonTokenType.EndObject)
        {
            bool isIndex = WireValues.NameIs(ref reader, "index"u8);
            bool isEmbedding = !isIndex && WireValues.NameIs(ref reader, "embedding"u8);
            WireValues.Next(ref reader);
            if (isIndex)
            {
                data.Index = WireValues.ReadInt32(ref reader);
            }
            else if (isEmbedding)
            {
                try
                {
                    data.Embedding = WireEmbeddingVectorConverter.ReadVector(ref reader);
                }
                catch (JsonException ex) when (ex.Path is null && ex.GetType() == typeof(JsonException))
                {
                    // A message of the client's own (not the reader's, which System.Text.Json places itself): name the element.
                    throw new JsonException(ex.Message, $"$.{Field}[{position}].embedding", ex.LineNumber, ex.BytePositionInLine, ex);
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return data;
    }
}
