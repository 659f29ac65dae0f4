using System.Text.Json;
using System.Text.Json.Serialization;

namespace GreenPT.AI.SemanticKernel;

/// <summary>
/// <see cref="GreenPTPromptExecutionSettings.ResponseFormat"/> in JSON: a string or a schema object, the only forms a prompt template can
/// hold and Semantic Kernel's conversion understands. A <see cref="Type"/> or an MEAI <c>ChatResponseFormat</c> is written as nothing:
/// the settings object applies it itself, so Semantic Kernel's JSON round trip neither fails on it nor mangles it.
/// </summary>
internal sealed class ResponseFormatJsonConverter : JsonConverter<object?>
{
    public override bool HandleNull => true;

    public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => JsonElement.ParseValue(ref reader),
    };

    public override void Write(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case string text:
                writer.WriteStringValue(text);
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
