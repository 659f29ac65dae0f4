using System.Globalization;
using System.Text.Json;

namespace GreenPT.AI.Wire;

/// <summary>
/// Parses the events of one chat stream into <see cref="ChatCompletionResponse"/> chunks with a single <see cref="Utf8JsonReader"/>
/// pass: the hot path of streaming. The strings every chunk repeats (<c>id</c>, <c>model</c>, <c>role</c>) are decoded once per
/// stream; the rare nested objects (<c>usage</c>, <c>impact</c>, <c>error</c>) go through the source-generated serializer; unknown
/// fields are skipped. One instance per stream, not thread-safe.
/// </summary>
internal sealed class ChatChunkParser
{
    /// <summary>Returned for <c>data: [DONE]</c>, told apart by reference.</summary>
    public static readonly ChatCompletionResponse Done = new();

    private CachedString _id;
    private CachedString _model;
    private CachedString _role;

    /// <summary>
    /// The chunk in an event's data; <see cref="Done"/> for <c>[DONE]</c>; <see langword="null"/> for an empty event. An event named
    /// <c>error</c> is reported as a chunk with <see cref="ChatCompletionResponse.Error"/> set.
    /// </summary>
    /// <exception cref="JsonException">The data is not a JSON object.</exception>
    public ChatCompletionResponse? Parse(string eventType, ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            return Done;
        }

        if (IsBlank(data))
        {
            return null;
        }

        ChatCompletionResponse chunk = ReadChunk(data);
        if (chunk.Error is null && string.Equals(eventType, "error", StringComparison.OrdinalIgnoreCase))
        {
            chunk.Error = new ErrorDetail { Message = System.Text.Encoding.UTF8.GetString(data.ToArray()) };
        }

        return chunk;
    }

    private ChatCompletionResponse ReadChunk(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A stream event is not a JSON object.");
        }

        var chunk = new ChatCompletionResponse();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                chunk.Choices = ReadChoices(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                chunk.Id = Reuse(ref reader, ref _id);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                chunk.Model = Reuse(ref reader, ref _model);
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                reader.Read();
                chunk.Created = ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                chunk.Usage = JsonSerializer.Deserialize(ref reader, GreenPTJsonContext.Default.ResponseUsage);
            }
            else if (reader.ValueTextEquals("impact"u8))
            {
                reader.Read();
                chunk.Impact = JsonSerializer.Deserialize(ref reader, GreenPTJsonContext.Default.ImpactDto);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                chunk.Error = JsonSerializer.Deserialize(ref reader, GreenPTJsonContext.Default.ErrorDetail);
            }
            else if (reader.ValueTextEquals("requestId"u8))
            {
                reader.Read();
                chunk.RequestId = ReadString(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return chunk;
    }

    private List<ResponseChoice>? ReadChoices(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, "choices");
        var choices = new List<ResponseChoice>(1); // streams send one choice per chunk
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, "choices[]");
            var choice = new ResponseChoice();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    choice.Delta = ReadDelta(ref reader);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    choice.FinishReason = ReadString(ref reader);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            choices.Add(choice);
        }

        return choices;
    }

    private ResponseMessage? ReadDelta(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject, "delta");
        var delta = new ResponseMessage();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                delta.Content = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                reader.Read();
                delta.ReasoningContent = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning"u8))
            {
                reader.Read();
                delta.Reasoning = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                delta.Role = Reuse(ref reader, ref _role);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                delta.ToolCalls = ReadToolCalls(ref reader);
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                reader.Read();
                delta.Refusal = ReadString(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return delta;
    }

    private static List<ResponseToolCall>? ReadToolCalls(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, "tool_calls");
        var calls = new List<ResponseToolCall>(1);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, "tool_calls[]");
            var call = new ResponseToolCall();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    call.Function = ReadFunction(ref reader);
                }
                else if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    call.Index = (int?)ReadInt64(ref reader);
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    call.Id = ReadString(ref reader);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            calls.Add(call);
        }

        return calls;
    }

    private static ResponseFunctionCall? ReadFunction(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject, "function");
        var function = new ResponseFunctionCall();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                function.Arguments = ToolCallArgumentsConverter.ReadArguments(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                function.Name = ReadString(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return function;
    }

    /// <summary>Moves to the next property name of the current object; <see langword="false"/> at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>
    /// The string value, reusing the last one when its UTF-8 bytes are the same (as <c>id</c> and <c>model</c> are on every chunk):
    /// a byte comparison instead of decoding a new string.
    /// </summary>
    private static string? Reuse(ref Utf8JsonReader reader, ref CachedString last)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return ReadString(ref reader);
        }

        if (last.Text is null || !reader.ValueSpan.SequenceEqual(last.Utf8))
        {
            last = new CachedString(reader.GetString()!, reader.ValueSpan.ToArray());
        }

        return last.Text;
    }

    /// <summary>A decoded string and the UTF-8 bytes it came from.</summary>
    private readonly struct CachedString(string text, byte[] utf8)
    {
        public string? Text { get; } = text;

        public byte[] Utf8 { get; } = utf8;
    }

    private static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        JsonTokenType.StartObject or JsonTokenType.StartArray => throw new JsonException($"Expected a string, not {reader.TokenType}."),
        _ => Encoding(ref reader),
    };

    /// <summary>A number or boolean where a string was expected, as its JSON text (lenient, like the serializer's string handling).</summary>
    private static string Encoding(ref Utf8JsonReader reader) => System.Text.Encoding.UTF8.GetString(reader.ValueSpan.ToArray());

    private static long? ReadInt64(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => reader.TryGetInt64(out long value) ? value : (long)reader.GetDouble(),
        JsonTokenType.String when long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) => parsed,
        JsonTokenType.Null or JsonTokenType.String => null,
        _ => throw new JsonException($"Expected a number, not {reader.TokenType}."),
    };

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string field)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"'{field}' must be {(type == JsonTokenType.StartArray ? "an array" : "an object")}, not {reader.TokenType}.");
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
