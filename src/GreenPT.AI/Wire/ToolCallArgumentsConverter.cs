using System.Text.Json;
using System.Text.Json.Serialization;

namespace GreenPT.AI.Wire;

/// <summary>
/// Reads tool-call <c>arguments</c> as JSON text: a string as it is (the OpenAI contract), an object or array as its raw JSON (what
/// some backends send), <c>null</c> as <see langword="null"/>. Keeping text avoids building a <see cref="JsonDocument"/> per fragment;
/// it never fails on a value, however malformed its text.
/// </summary>
internal sealed class ToolCallArgumentsConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadArguments(ref reader);

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    /// <summary>
    /// Reads the arguments value the reader is positioned on: a string decoded (invalid UTF-8 and lone surrogates as U+FFFD), an
    /// object or array as its JSON text, a number or boolean as its JSON text (which then fails to parse as arguments, and MEAI
    /// reports that in <c>FunctionCallContent.Exception</c>).
    /// </summary>
    public static string? ReadArguments(ref Utf8JsonReader reader) => WireValues.ReadMessage(ref reader);
}
