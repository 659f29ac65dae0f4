using System.Text.Json;
using System.Text.Json.Serialization;

namespace GreenPT.AI.Wire;

/// <summary>
/// Parses the events of one chat stream into <see cref="ChatCompletionResponse"/> chunks with a single <see cref="Utf8JsonReader"/>
/// pass: the hot path of streaming. Non-streaming answers are read by the same pass (<see cref="ChatCompletionResponseConverter"/>). The strings every chunk repeats (<c>id</c>, <c>model</c>, <c>role</c>) are decoded once per
/// stream; <c>usage</c> and <c>impact</c> are read by <see cref="WireFigures"/>, <c>error</c> by the source-generated serializer; unknown
/// fields are skipped. Values are read by the rule of <see cref="WireValues"/>. One instance per stream, not thread-safe.
/// </summary>
internal sealed partial class ChatChunkParser
{
    /// <summary>Returned for <c>data: [DONE]</c>, told apart by reference.</summary>
    public static readonly ChatCompletionResponse Done = new();

    private readonly bool _reuseObjects;
    private CachedString _id;
    private CachedString _model;
    private CachedString _role;
    private ChatCompletionResponse? _chunk;
    private List<ResponseChoice>? _choices;
    private ResponseChoice? _choice;
    private ResponseMessage? _delta;

    /// <summary>A parser that makes new objects for every chunk.</summary>
    public ChatChunkParser()
        : this(reuseObjects: false)
    {
    }

    /// <param name="reuseObjects">
    /// Whether every chunk is read into the same objects (the chunk, its choice list, its first choice and that choice's delta): for
    /// a consumer that is done with a chunk before it asks for the next, as the chat client's stream loop is. What a chunk hands on
    /// (its raw JSON, usage, impact, strings) is new every time; so are its tool-call fragments, except those of an event read by its
    /// shape (see the Shapes part), which reuse one fragment's objects.
    /// </param>
    public ChatChunkParser(bool reuseObjects) => _reuseObjects = reuseObjects;

    /// <summary>
    /// The chunk in an event's data; <see cref="Done"/> for <c>[DONE]</c>; <see langword="null"/> for an empty event. An event named
    /// <c>error</c> is reported as a chunk with <see cref="ChatCompletionResponse.Error"/> set.
    /// </summary>
    /// <exception cref="JsonException">
    /// The data is not a JSON object, or a member that holds the answer (<c>choices</c>, <c>delta</c>, text, <c>tool_calls</c>,
    /// <c>function</c>) has a JSON type the client cannot read. Every other unusable value is dropped (see <see cref="WireValues"/>);
    /// nothing else is thrown.
    /// </exception>
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

        ChatCompletionResponse chunk = _reuseObjects ? ReadByShape(data) ?? ReadAndLearnShape(data) : ReadChunk(data);
        chunk.Raw ??= new GreenPTRawJson(data);
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

        return ReadObject(ref reader);
    }

    /// <summary>
    /// Reads the object the reader is on (a whole non-streaming <c>chat.completion</c> or a chunk) and leaves the reader on its end:
    /// the same pass for both, so that a non-streaming answer is not read through one nested serializer call per object.
    /// </summary>
    /// <exception cref="JsonException">As <see cref="Parse"/>.</exception>
    public ChatCompletionResponse ReadObject(ref Utf8JsonReader reader)
    {
        ChatCompletionResponse chunk = _reuseObjects ? Reset(_chunk ??= new ChatCompletionResponse()) : new ChatCompletionResponse();
        while (WireValues.NextProperty(ref reader))
        {
            if (WireValues.NameIs(ref reader, "choices"u8))
            {
                WireValues.Next(ref reader);
                chunk.Choices = ReadChoices(ref reader);
            }
            else if (WireValues.NameIs(ref reader, "id"u8))
            {
                WireValues.Next(ref reader);
                chunk.Id = Reuse(ref reader, ref _id);
            }
            else if (WireValues.NameIs(ref reader, "model"u8))
            {
                WireValues.Next(ref reader);
                chunk.Model = Reuse(ref reader, ref _model);
            }
            else if (WireValues.NameIs(ref reader, "created"u8))
            {
                WireValues.Next(ref reader);
                chunk.Created = WireValues.ReadInt64(ref reader);
            }
            else if (WireValues.NameIs(ref reader, "usage"u8))
            {
                WireValues.Next(ref reader);
                chunk.Usage = WireFigures.ReadUsage(ref reader);
            }
            else if (WireValues.NameIs(ref reader, "impact"u8))
            {
                WireValues.Next(ref reader);
                chunk.Impact = WireFigures.ReadImpact(ref reader);
            }
            else if (WireValues.NameIs(ref reader, "error"u8))
            {
                WireValues.Next(ref reader);
                chunk.Error = WireErrorConverter.ReadError(ref reader);
            }
            else if (WireValues.NameIs(ref reader, "requestId"u8))
            {
                WireValues.Next(ref reader);
                chunk.RequestId = WireValues.ReadString(ref reader);
            }
            else
            {
                WireValues.SkipPropertyValue(ref reader);
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
        List<ResponseChoice> choices = _reuseObjects ? (_choices ??= new List<ResponseChoice>(1)) : new List<ResponseChoice>(1); // streams send one choice per chunk
        choices.Clear();
        while (WireValues.Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue; // holds nothing
            }

            Expect(ref reader, JsonTokenType.StartObject, "choices[]");
            bool reuse = _reuseObjects && choices.Count == 0;
            ResponseChoice choice = reuse ? Reset(_choice ??= new ResponseChoice()) : new ResponseChoice();
            while (WireValues.NextProperty(ref reader))
            {
                if (WireValues.NameIs(ref reader, "delta"u8))
                {
                    WireValues.Next(ref reader);
                    choice.Delta = ReadDelta(ref reader, "delta", reuse);
                }
                else if (WireValues.NameIs(ref reader, "message"u8))
                {
                    WireValues.Next(ref reader);
                    choice.Message = ReadDelta(ref reader, "message", reuse: false);
                }
                else if (WireValues.NameIs(ref reader, "finish_reason"u8))
                {
                    WireValues.Next(ref reader);
                    choice.FinishReason = WireValues.ReadString(ref reader);
                }
                else
                {
                    WireValues.SkipPropertyValue(ref reader);
                }
            }

            choices.Add(choice);
        }

        return choices;
    }

    /// <summary>
    /// A message's text (after its property name): a long escaped string of a whole answer decoded by <see cref="JsonStringDecoder"/>,
    /// anything else by <see cref="WireValues.ReadText"/>; <paramref name="start"/> is where its token starts.
    /// </summary>
    private static string? ReadMessageText(ref Utf8JsonReader reader, string field, bool reuse, out long start)
    {
        // A stream's deltas (read into reused objects) are short and never in a body read whole: no look at the decoder.
        if (!reuse && JsonStringDecoder.TryReadLongString(ref reader, out string? text))
        {
            start = reader.TokenStartIndex;
            return text;
        }

        WireValues.Next(ref reader);
        start = reader.TokenStartIndex;
        return WireValues.ReadText(ref reader, field);
    }

    /// <summary>A <c>delta</c> (stream) or <c>message</c> (non-streaming): the same fields.</summary>
    private ResponseMessage? ReadDelta(ref Utf8JsonReader reader, string field, bool reuse)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject, field);
        ResponseMessage delta = reuse ? Reset(_delta ??= new ResponseMessage()) : new ResponseMessage();
        while (WireValues.NextProperty(ref reader))
        {
            if (WireValues.NameIs(ref reader, "content"u8))
            {
                delta.Content = ReadMessageText(ref reader, "content", reuse, out long start);
                NoteVaryingText(ref reader, start, VaryingText.Content);
            }
            else if (WireValues.NameIs(ref reader, "reasoning_content"u8))
            {
                delta.ReasoningContent = ReadMessageText(ref reader, "reasoning_content", reuse, out long start);
                NoteVaryingText(ref reader, start, VaryingText.ReasoningContent);
            }
            else if (WireValues.NameIs(ref reader, "reasoning"u8))
            {
                delta.Reasoning = ReadMessageText(ref reader, "reasoning", reuse, out long start);
                NoteVaryingText(ref reader, start, VaryingText.Reasoning);
            }
            else if (WireValues.NameIs(ref reader, "role"u8))
            {
                WireValues.Next(ref reader);
                delta.Role = Reuse(ref reader, ref _role);
            }
            else if (WireValues.NameIs(ref reader, "tool_calls"u8))
            {
                WireValues.Next(ref reader);
                delta.ToolCalls = ReadToolCalls(ref reader);
            }
            else if (WireValues.NameIs(ref reader, "refusal"u8))
            {
                WireValues.Next(ref reader);
                delta.Refusal = WireValues.ReadText(ref reader, "refusal");
            }
            else
            {
                WireValues.SkipPropertyValue(ref reader);
            }
        }

        return delta;
    }

    private List<ResponseToolCall>? ReadToolCalls(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, "tool_calls");
        var calls = new List<ResponseToolCall>(1);
        while (WireValues.Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue; // holds nothing
            }

            Expect(ref reader, JsonTokenType.StartObject, "tool_calls[]");
            var call = new ResponseToolCall();
            while (WireValues.NextProperty(ref reader))
            {
                if (WireValues.NameIs(ref reader, "function"u8))
                {
                    WireValues.Next(ref reader);
                    call.Function = ReadFunction(ref reader);
                }
                else if (WireValues.NameIs(ref reader, "index"u8))
                {
                    WireValues.Next(ref reader);
                    call.Index = WireValues.ReadInt32(ref reader);
                }
                else if (WireValues.NameIs(ref reader, "id"u8))
                {
                    WireValues.Next(ref reader);
                    call.Id = WireValues.ReadString(ref reader);
                }
                else
                {
                    WireValues.SkipPropertyValue(ref reader);
                }
            }

            calls.Add(call);
        }

        return calls;
    }

    private ResponseFunctionCall? ReadFunction(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject, "function");
        var function = new ResponseFunctionCall();
        while (WireValues.NextProperty(ref reader))
        {
            if (WireValues.NameIs(ref reader, "arguments"u8))
            {
                WireValues.Next(ref reader);
                long start = reader.TokenStartIndex;
                function.Arguments = ToolCallArgumentsConverter.ReadArguments(ref reader);
                NoteVaryingText(ref reader, start, VaryingText.ToolArguments);
            }
            else if (WireValues.NameIs(ref reader, "name"u8))
            {
                WireValues.Next(ref reader);
                function.Name = WireValues.ReadString(ref reader);
            }
            else
            {
                WireValues.SkipPropertyValue(ref reader);
            }
        }

        return function;
    }

    private static ChatCompletionResponse Reset(ChatCompletionResponse chunk)
    {
        chunk.Id = null;
        chunk.Created = null;
        chunk.Model = null;
        chunk.Choices = null;
        chunk.Usage = null;
        chunk.Impact = null;
        chunk.Error = null;
        chunk.RequestId = null;
        chunk.Raw = null;
        return chunk;
    }

    private static ResponseChoice Reset(ResponseChoice choice)
    {
        choice.Message = null;
        choice.Delta = null;
        choice.FinishReason = null;
        return choice;
    }

    private static ResponseMessage Reset(ResponseMessage delta)
    {
        delta.Role = null;
        delta.Content = null;
        delta.Refusal = null;
        delta.ReasoningContent = null;
        delta.Reasoning = null;
        delta.ToolCalls = null;
        return delta;
    }

    /// <summary>
    /// The string value, reusing the last one when its UTF-8 bytes are the same (as <c>id</c> and <c>model</c> are on every chunk):
    /// a byte comparison instead of decoding a new string.
    /// </summary>
    private static string? Reuse(ref Utf8JsonReader reader, ref CachedString last)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return WireValues.ReadString(ref reader);
        }

        if (last.Text is null || !reader.ValueSpan.SequenceEqual(last.Utf8))
        {
            last = new CachedString(WireValues.DecodeString(ref reader), reader.ValueSpan.ToArray());
        }

        return last.Text;
    }

    /// <summary>A decoded string and the UTF-8 bytes it came from.</summary>
    private readonly struct CachedString(string text, byte[] utf8)
    {
        public string? Text { get; } = text;

        public byte[] Utf8 { get; } = utf8;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string field)
    {
        if (reader.TokenType != type)
        {
            throw WireValues.WrongType(field, type == JsonTokenType.StartArray ? "an array" : "an object", reader.TokenType);
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

/// <summary>
/// Reads a whole <see cref="ChatCompletionResponse"/> with <see cref="ChatChunkParser"/>'s single pass instead of the source-generated
/// object graph, whose nested converters cost one serializer call (and its read stack) per object; the rule of
/// <see cref="WireValues"/> is the same.
/// </summary>
internal sealed class ChatCompletionResponseConverter : JsonConverter<ChatCompletionResponse>
{
    public override ChatCompletionResponse? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.StartObject
            ? new ChatChunkParser().ReadObject(ref reader)
            : throw new JsonException($"A chat completion must be a JSON object, not {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, ChatCompletionResponse value, JsonSerializerOptions options) => throw ReadOnlyWire.Refusal();
}
