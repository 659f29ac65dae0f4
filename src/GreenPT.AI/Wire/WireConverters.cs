using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace GreenPT.AI.Wire;

// Property converters that apply the rule of WireValues to the source-generated deserialization of every answer and error body,
// so that one unusable value drops that value (or fails with a message that names it) instead of failing the whole body with an
// exception from deep inside System.Text.Json. Writing is plain: the client only writes what it read or built itself.

/// <summary>
/// The answer types are only read: a converter of theirs refuses to write, so that nothing serializes an answer by mistake in a shape
/// the server would not recognise. Only <see cref="ImpactDto"/> (and its measurements, units and figures) is written, for the impact
/// kept as JSON.
/// </summary>
internal static class ReadOnlyWire
{
    public static NotSupportedException Refusal() => new("GreenPT's answer types are only read, never written.");
}

/// <summary>A metadata string (<see cref="WireValues.ReadString"/>).</summary>
internal sealed class WireStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => WireValues.ReadString(ref reader);

    /// <remarks>Written for the impact's <c>unit</c> and <c>version</c>.</remarks>
    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>Answer text (<see cref="WireValues.ReadText"/>): an object or array fails, naming <see cref="Field"/>.</summary>
internal abstract class WireTextConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    /// <summary>The field, as messages name it.</summary>
    protected abstract string Field { get; }

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => WireValues.ReadText(ref reader, Field);

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => throw ReadOnlyWire.Refusal();
}

internal sealed class WireContentConverter : WireTextConverter
{
    protected override string Field => "content";
}

internal sealed class WireReasoningContentConverter : WireTextConverter
{
    protected override string Field => "reasoning_content";
}

internal sealed class WireReasoningConverter : WireTextConverter
{
    protected override string Field => "reasoning";
}

internal sealed class WireRefusalConverter : WireTextConverter
{
    protected override string Field => "refusal";
}

/// <summary>Text for a person, such as an error message (<see cref="WireValues.ReadMessage"/>): an object or array is kept as JSON text.</summary>
internal sealed class WireMessageConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => WireValues.ReadMessage(ref reader);

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => throw ReadOnlyWire.Refusal();
}

/// <summary>A count or timestamp (<see cref="WireValues.ReadInt64"/>).</summary>
internal sealed class WireInt64Converter : JsonConverter<long?>
{
    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => WireValues.ReadInt64(ref reader);

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options) => throw ReadOnlyWire.Refusal();
}

/// <summary>An index (<see cref="WireValues.ReadInt32"/>).</summary>
internal sealed class WireInt32Converter : JsonConverter<int?>
{
    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => WireValues.ReadInt32(ref reader);

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options) => throw ReadOnlyWire.Refusal();
}

/// <summary>A measurement's figure (<see cref="WireValues.ReadDouble"/>): NaN and Infinity are dropped.</summary>
internal sealed class WireDoubleConverter : JsonConverter<double?>
{
    public override bool HandleNull => true;

    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => WireValues.ReadDouble(ref reader);

    /// <remarks>Written for the impact's figures, which are never null there.</remarks>
    public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options) => writer.WriteNumberValue(value.GetValueOrDefault());
}

/// <summary>An object property that only adds to the answer (usage, impact): another JSON type is dropped; see <see cref="WireValues.ReadObject"/>.</summary>
internal abstract class WireOptionalObjectConverter<T> : JsonConverter<T?>
    where T : class
{
    public override bool HandleNull => true;

    /// <summary>The context's own contract for <typeparamref name="T"/>.</summary>
    protected abstract JsonTypeInfo<T> TypeInfo { get; }

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    /// <summary>Reads the value the reader is on: by default through the context's contract (see <see cref="WireValues.ReadObject"/>).</summary>
    protected virtual T? ReadValue(ref Utf8JsonReader reader) => WireValues.ReadObject(ref reader, TypeInfo);

    /// <remarks>Written for the impact's measurements.</remarks>
    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options) => JsonSerializer.Serialize(writer, value!, TypeInfo);
}

/// <summary>An object property that holds the answer (<c>message</c>, <c>delta</c>, <c>function</c>): another JSON type fails; see <see cref="WireValues.ReadRequiredObject"/>.</summary>
internal abstract class WireAnswerObjectConverter<T> : JsonConverter<T?>
    where T : class
{
    public override bool HandleNull => true;

    /// <summary>The field, as messages name it.</summary>
    protected abstract string Field { get; }

    /// <summary>The context's own contract for <typeparamref name="T"/>.</summary>
    protected abstract JsonTypeInfo<T> TypeInfo { get; }

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => WireValues.ReadRequiredObject(ref reader, TypeInfo, Field);

    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options) => throw ReadOnlyWire.Refusal();
}

/// <summary>An array-of-objects property; see <see cref="WireValues.ReadList"/>.</summary>
internal abstract class WireListConverter<T> : JsonConverter<List<T>?>
    where T : class
{
    public override bool HandleNull => true;

    /// <summary>The field, as messages name it.</summary>
    protected abstract string Field { get; }

    /// <summary>Whether an element of another JSON type than an object is skipped (it names nothing) rather than failing the answer.</summary>
    protected virtual bool ElementsOptional => false;

    /// <summary>The context's own contract for <typeparamref name="T"/>.</summary>
    protected abstract JsonTypeInfo<T> TypeInfo { get; }

    public override List<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        WireValues.ReadList(ref reader, TypeInfo, Field, ElementsOptional);

    public override void Write(Utf8JsonWriter writer, List<T>? value, JsonSerializerOptions options) => throw ReadOnlyWire.Refusal();
}

/// <summary><c>usage</c> on every answer, read by <see cref="WireFigures"/> (the chat parser's reader too).</summary>
internal sealed class WireUsageConverter : WireOptionalObjectConverter<ResponseUsage>
{
    protected override JsonTypeInfo<ResponseUsage> TypeInfo => GreenPTJsonContext.Default.ResponseUsage;

    protected override ResponseUsage? ReadValue(ref Utf8JsonReader reader) => WireFigures.ReadUsage(ref reader);
}

internal sealed class WirePromptTokensDetailsConverter : WireOptionalObjectConverter<PromptTokensDetails>
{
    protected override JsonTypeInfo<PromptTokensDetails> TypeInfo => GreenPTJsonContext.Default.PromptTokensDetails;
}

internal sealed class WireCompletionTokensDetailsConverter : WireOptionalObjectConverter<CompletionTokensDetails>
{
    protected override JsonTypeInfo<CompletionTokensDetails> TypeInfo => GreenPTJsonContext.Default.CompletionTokensDetails;
}

/// <summary><c>impact</c> on every answer, read by <see cref="WireFigures"/> (the chat parser's reader too).</summary>
internal sealed class WireImpactConverter : WireOptionalObjectConverter<ImpactDto>
{
    protected override JsonTypeInfo<ImpactDto> TypeInfo => GreenPTJsonContext.Default.ImpactDto;

    protected override ImpactDto? ReadValue(ref Utf8JsonReader reader) => WireFigures.ReadImpact(ref reader);
}

internal sealed class WireMeasurementConverter : WireOptionalObjectConverter<MeasurementDto>
{
    protected override JsonTypeInfo<MeasurementDto> TypeInfo => GreenPTJsonContext.Default.MeasurementDto;
}

internal sealed class WireMessageObjectConverter : WireAnswerObjectConverter<ResponseMessage>
{
    protected override string Field => "message";

    protected override JsonTypeInfo<ResponseMessage> TypeInfo => GreenPTJsonContext.Default.ResponseMessage;
}

internal sealed class WireFunctionConverter : WireAnswerObjectConverter<ResponseFunctionCall>
{
    protected override string Field => "function";

    protected override JsonTypeInfo<ResponseFunctionCall> TypeInfo => GreenPTJsonContext.Default.ResponseFunctionCall;
}

internal sealed class WireChoicesConverter : WireListConverter<ResponseChoice>
{
    protected override string Field => "choices";

    protected override JsonTypeInfo<ResponseChoice> TypeInfo => GreenPTJsonContext.Default.ResponseChoice;
}

internal sealed class WireToolCallsConverter : WireListConverter<ResponseToolCall>
{
    protected override string Field => "tool_calls";

    protected override JsonTypeInfo<ResponseToolCall> TypeInfo => GreenPTJsonContext.Default.ResponseToolCall;
}


/// <summary>The model list: an entry that is not an object names no model and is skipped.</summary>
internal sealed class WireModelListConverter : WireListConverter<ModelDto>
{
    protected override string Field => "data";

    protected override bool ElementsOptional => true;

    protected override JsonTypeInfo<ModelDto> TypeInfo => GreenPTJsonContext.Default.ModelDto;
}

/// <summary>
/// An <c>error</c> member: never dropped, since any error a server reports must fail the call. An object is read leniently; a
/// string, number, boolean or array becomes the error's message.
/// </summary>
internal sealed class WireErrorConverter : JsonConverter<ErrorDetail?>
{
    public override bool HandleNull => true;

    public override ErrorDetail? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadError(ref reader);

    public override void Write(Utf8JsonWriter writer, ErrorDetail? value, JsonSerializerOptions options) => throw ReadOnlyWire.Refusal();

    /// <summary>Reads an <c>error</c> value as described on the class.</summary>
    public static ErrorDetail? ReadError(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.StartObject => JsonSerializer.Deserialize(ref reader, GreenPTJsonContext.Default.ErrorDetail) ?? new ErrorDetail(),
        _ => new ErrorDetail { Message = WireValues.ReadMessage(ref reader) },
    };
}
