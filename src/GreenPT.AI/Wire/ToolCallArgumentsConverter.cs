using System.Text.Json;
using System.Text.Json.Serialization;

namespace GreenPT.AI.Wire;

/// <summary>
/// Reads tool-call <c>arguments</c> as JSON text: a string as it is (the OpenAI contract), an object or array as its raw JSON (what
/// some backends send), <c>null</c> as <see langword="null"/>. Keeping text avoids building a <see cref="JsonDocument"/> per fragment.
/// </summary>
internal sealed class ToolCallArgumentsConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadArguments(ref reader);

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    /// <summary>Reads the arguments value the reader is positioned on.</summary>
    public static string? ReadArguments(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.StartObject or JsonTokenType.StartArray => RawText(ref reader),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Tool-call arguments must be a JSON string or object, not {reader.TokenType}."),
    };

    private static string RawText(ref Utf8JsonReader reader)
    {
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }
}
