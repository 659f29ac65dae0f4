using System.Text.Json;
using System.Text.Json.Serialization;

namespace GreenPT.AI.Wire;

/// <summary>Writes <see cref="MessageContent"/> as a JSON string or an array of parts. Write-only: responses use plain strings.</summary>
internal sealed class MessageContentConverter : JsonConverter<MessageContent>
{
    public override MessageContent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Request message content is only ever written.");

    public override void Write(Utf8JsonWriter writer, MessageContent value, JsonSerializerOptions options)
    {
        if (value.Parts is { } parts)
        {
            JsonSerializer.Serialize(writer, parts, GreenPTJsonContext.Default.ListContentPart);
        }
        else
        {
            writer.WriteStringValue(value.Text);
        }
    }
}
