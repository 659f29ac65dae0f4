using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace GreenPT.AI.Wire;

// Property converters that apply the rule of WireValues to the source-generated deserialization of every answer and error body,
// so that one unusable value drops that value (or fails with a message that names it) instead of failing the whole body with an
// exception from deep inside System.Text.Json. Writing is plain: the client only writes what it read or built itself.

/// <summary>A metadata string (<see cref="WireValues.ReadString"/>).</summary>
internal sealed class WireStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => WireValues.ReadString(ref reader);

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => WriteString(writer, value);

    internal static void WriteString(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}

/// <summary>Answer text (<see cref="WireValues.ReadText"/>): an object or array fails.</summary>
internal sealed class WireTextConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => WireValues.ReadText(ref reader, "content");

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => WireStringConverter.WriteString(writer, value);
}

/// <summary>Text for a person, such as an error message (<see cref="WireValues.ReadMessage"/>): an object or array is kept as JSON text.</summary>
internal sealed class WireMessageConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => WireValues.ReadMessage(ref reader);

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => WireStringConverter.WriteString(writer, value);
}

/// <summary>A count or timestamp (<see cref="WireValues.ReadInt64"/>).</summary>
internal sealed class WireInt64Converter : JsonConverter<long?>
{
    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => WireValues.ReadInt64(ref reader);

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is long number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>An index (<see cref="WireValues.ReadInt32"/>).</summary>
internal sealed class WireInt32Converter : JsonConverter<int?>
{
    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => WireValues.ReadInt32(ref reader);

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        if (value is int number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>A measurement's figure (<see cref="WireValues.ReadDouble"/>): NaN and Infinity are dropped.</summary>
internal sealed class WireDoubleConverter : JsonConverter<double?>
{
    public override bool HandleNull => true;

    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => WireValues.ReadDouble(ref reader);

    public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
    {
        if (value is double number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>An object property read with the context's own contract for <typeparamref name="T"/>; see <see cref="WireValues.ReadObject"/>.</summary>
internal abstract class WireObjectConverter<T>(string field, bool required) : JsonConverter<T?>
    where T : class
{
    public override bool HandleNull => true;

    protected abstract JsonTypeInfo<T> TypeInfo { get; }

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        WireValues.ReadObject(ref reader, TypeInfo, field, required);

    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(writer, value, TypeInfo);
        }
    }
}

/// <summary>An array-of-objects property; see <see cref="WireValues.ReadList"/>.</summary>
internal abstract class WireListConverter<T>(string field, bool elementsOptional) : JsonConverter<List<T>?>
    where T : class
{
    public override bool HandleNull => true;

    protected abstract JsonTypeInfo<T> TypeInfo { get; }

    public override List<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        WireValues.ReadList(ref reader, TypeInfo, field, elementsOptional);

    public override void Write(Utf8JsonWriter writer, List<T>? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        foreach (T item in value)
        {
            JsonSerializer.Serialize(writer, item, TypeInfo);
        }

        writer.WriteEndArray();
    }
}

internal sealed class WireUsageConverter() : WireObjectConverter<ResponseUsage>("usage", required: false)
{
    protected override JsonTypeInfo<ResponseUsage> TypeInfo => GreenPTJsonContext.Default.ResponseUsage;
}

internal sealed class WirePromptTokensDetailsConverter() : WireObjectConverter<PromptTokensDetails>("prompt_tokens_details", required: false)
{
    protected override JsonTypeInfo<PromptTokensDetails> TypeInfo => GreenPTJsonContext.Default.PromptTokensDetails;
}

internal sealed class WireCompletionTokensDetailsConverter() : WireObjectConverter<CompletionTokensDetails>("completion_tokens_details", required: false)
{
    protected override JsonTypeInfo<CompletionTokensDetails> TypeInfo => GreenPTJsonContext.Default.CompletionTokensDetails;
}

internal sealed class WireImpactConverter() : WireObjectConverter<ImpactDto>("impact", required: false)
{
    protected override JsonTypeInfo<ImpactDto> TypeInfo => GreenPTJsonContext.Default.ImpactDto;
}

internal sealed class WireMeasurementConverter() : WireObjectConverter<MeasurementDto>("measurement", required: false)
{
    protected override JsonTypeInfo<MeasurementDto> TypeInfo => GreenPTJsonContext.Default.MeasurementDto;
}

internal sealed class WireMessageObjectConverter() : WireObjectConverter<ResponseMessage>("message", required: true)
{
    protected override JsonTypeInfo<ResponseMessage> TypeInfo => GreenPTJsonContext.Default.ResponseMessage;
}

internal sealed class WireFunctionConverter() : WireObjectConverter<ResponseFunctionCall>("function", required: true)
{
    protected override JsonTypeInfo<ResponseFunctionCall> TypeInfo => GreenPTJsonContext.Default.ResponseFunctionCall;
}

internal sealed class WireChoicesConverter() : WireListConverter<ResponseChoice>("choices", elementsOptional: false)
{
    protected override JsonTypeInfo<ResponseChoice> TypeInfo => GreenPTJsonContext.Default.ResponseChoice;
}

internal sealed class WireToolCallsConverter() : WireListConverter<ResponseToolCall>("tool_calls", elementsOptional: false)
{
    protected override JsonTypeInfo<ResponseToolCall> TypeInfo => GreenPTJsonContext.Default.ResponseToolCall;
}

internal sealed class WireEmbeddingDataConverter() : WireListConverter<EmbeddingData>("data", elementsOptional: false)
{
    protected override JsonTypeInfo<EmbeddingData> TypeInfo => GreenPTJsonContext.Default.EmbeddingData;
}

/// <summary>The model list: an entry that is not an object names no model and is skipped.</summary>
internal sealed class WireModelListConverter() : WireListConverter<ModelDto>("data", elementsOptional: true)
{
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

    public override void Write(Utf8JsonWriter writer, ErrorDetail? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(writer, value, GreenPTJsonContext.Default.ErrorDetail);
        }
    }

    /// <summary>Reads an <c>error</c> value as described on the class.</summary>
    public static ErrorDetail? ReadError(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.StartObject => JsonSerializer.Deserialize(ref reader, GreenPTJsonContext.Default.ErrorDetail) ?? new ErrorDetail(),
        _ => new ErrorDetail { Message = WireValues.ReadMessage(ref reader) },
    };
}
