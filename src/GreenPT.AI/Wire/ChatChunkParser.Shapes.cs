using System.Text.Json;

namespace GreenPT.AI.Wire;

/// <summary>
/// The stream's fast path. Consecutive events of one stream are mostly the same bytes: the same <c>id</c>, <c>object</c>,
/// <c>created</c>, <c>model</c> and choice wrapper around one string that changes (the text, the reasoning or a tool call's
/// arguments). After a chunk of that kind has been read in full, its bytes before and after that string are kept as a shape.
/// An event that starts and ends with a shape's bytes, and has exactly one JSON string between them, is the same JSON with
/// only that string changed: the parser reads just the string and fills the chunk from the shape, skipping the tokens it already
/// knows. Anything else (a finish reason, usage, a role, a new field, a string followed by more JSON) is read in full.
/// </summary>
internal sealed partial class ChatChunkParser
{
    // Shapes are kept for the last few kinds of event: text and reasoning alternate, and so do parallel tool calls.
    private const int ShapeSlots = 4;

    // A stream whose events never repeat their bytes (a server that pads each event with a random field) stops learning after
    // this many shapes that were never used, so that it pays nothing for them.
    private const int UnusedShapesBeforeGivingUp = 16;

    private readonly ChunkShape?[] _shapes = new ChunkShape?[ShapeSlots];
    private List<ResponseToolCall>? _fragmentCalls;
    private ResponseToolCall? _fragmentCall;
    private ResponseFunctionCall? _fragmentFunction;
    private int _nextShapeSlot;
    private int _shapesLearned;
    private int _shapesUsed;

    // What the full read of the current chunk saw of its varying strings: how many, the last one's place and field.
    private int _varyingTexts;
    private long _varyingStart;
    private long _varyingEnd;
    private VaryingText _varyingField;

    /// <summary>How many events were read through a shape (for tests and diagnostics).</summary>
    public int EventsReadByShape => _shapesUsed;

    /// <summary>How many shapes were learned (for tests).</summary>
    public int ShapesLearned => _shapesLearned;

    /// <summary>The field a shape's one varying string belongs to.</summary>
    private enum VaryingText
    {
        Content,
        ReasoningContent,
        Reasoning,
        ToolArguments,
    }

    /// <summary>Records a string that may be the one that varies between events (the reader is on its last token).</summary>
    private void NoteVaryingText(ref Utf8JsonReader reader, long start, VaryingText field)
    {
        // A value that is not a plain string (a number as text, arguments as an object) never becomes a shape: count it twice.
        _varyingTexts += reader.TokenType == JsonTokenType.String ? 1 : 2;
        _varyingStart = start;
        _varyingEnd = reader.BytesConsumed;
        _varyingField = field;
    }

    /// <summary>The chunk, read through a shape it fits; <see langword="null"/> when it fits none.</summary>
    private ChatCompletionResponse? ReadByShape(ReadOnlySpan<byte> data)
    {
        foreach (ChunkShape? shape in _shapes)
        {
            if (shape is not null && shape.Fits(data, out ReadOnlySpan<byte> varying) && ReadLoneString(varying, shape.Field, out bool asWritten) is { } text)
            {
                _shapesUsed++;
                ChatCompletionResponse chunk = shape.Fill(this, text);

                // The raw JSON is made from the shape's bytes and the string (which encodes back to its bytes when it had no escapes
                // and was valid UTF-8; else a copy of its token) when someone reads it.
                chunk.Raw = asWritten ? shape.RawJson(text) : shape.RawJson(varying);
                return chunk;
            }
        }

        return null;
    }

    /// <summary>Reads the chunk in full and, when it is of the kind that repeats, keeps its shape for the events after it.</summary>
    private ChatCompletionResponse ReadAndLearnShape(ReadOnlySpan<byte> data)
    {
        _varyingTexts = 0;
        ChatCompletionResponse chunk = ReadChunk(data);
        if (_varyingTexts == 1 && (_shapesLearned - _shapesUsed) < UnusedShapesBeforeGivingUp && IsRepeatable(chunk, _varyingField))
        {
            int start = (int)_varyingStart;
            int end = (int)_varyingEnd;
            _shapes[_nextShapeSlot] = new ChunkShape(data.Slice(0, start).ToArray(), data.Slice(end).ToArray(), _varyingField, chunk);
            _nextShapeSlot = (_nextShapeSlot + 1) % ShapeSlots;
            _shapesLearned++;
        }

        return chunk;
    }

    /// <summary>
    /// Whether the chunk holds nothing but its header and the one varying string in one choice: what a shape can rebuild from the
    /// string alone.
    /// </summary>
    private static bool IsRepeatable(ChatCompletionResponse chunk, VaryingText field)
    {
        if (chunk is not { Usage: null, Impact: null, Error: null, RequestId: null, Choices: { Count: 1 } choices }
            || choices[0] is not { Message: null, FinishReason: null, Delta: { Role: null, Refusal: null } delta })
        {
            return false;
        }

        return field switch
        {
            VaryingText.Content => delta is { Content: not null, ReasoningContent: null, Reasoning: null, ToolCalls: null },
            VaryingText.ReasoningContent => delta is { Content: null, ReasoningContent: not null, Reasoning: null, ToolCalls: null },
            VaryingText.Reasoning => delta is { Content: null, ReasoningContent: null, Reasoning: not null, ToolCalls: null },
            _ => delta is { Content: null, ReasoningContent: null, Reasoning: null, ToolCalls: { Count: 1 } calls }
                && calls[0] is { Id: null, Function: { Name: null, Arguments: not null } },
        };
    }

    /// <summary>
    /// The string when <paramref name="json"/> is exactly one JSON string and nothing else, decoded as a full read would decode
    /// it; <see langword="null"/> otherwise (the full read then says what is wrong, if anything is).
    /// </summary>
    private static string? ReadLoneString(ReadOnlySpan<byte> json, VaryingText field, out bool asWritten)
    {
        asWritten = false;
        if (json.Length < 2 || json[0] != (byte)'"' || json[json.Length - 1] != (byte)'"')
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.BytesConsumed != json.Length)
            {
                return null;
            }

            try
            {
                // Valid UTF-8: decoded as a full read decodes it; without escapes, the string also encodes back to the same bytes.
                string text = reader.GetString()!;
                asWritten = !reader.ValueIsEscaped;
                return text;
            }
            catch (InvalidOperationException)
            {
                // Invalid UTF-8 or half a surrogate pair: decoded below, with U+FFFD, as a full read decodes it.
            }

            return field == VaryingText.ToolArguments ? ToolCallArgumentsConverter.ReadArguments(ref reader) : WireValues.DecodeString(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The bytes of a repeatable chunk before and after its varying string, and what the rest of it held.</summary>
    private sealed class ChunkShape(byte[] prefix, byte[] suffix, VaryingText varyingField, ChatCompletionResponse chunk)
    {
        private readonly string? _id = chunk.Id;
        private readonly string? _model = chunk.Model;
        private readonly long? _created = chunk.Created;
        private readonly int? _toolCallIndex = varyingField == VaryingText.ToolArguments ? chunk.Choices![0].Delta!.ToolCalls![0].Index : null;

        public VaryingText Field => varyingField;

        /// <summary>The raw JSON of an event of this shape whose string is <paramref name="text"/>, written as it decodes.</summary>
        public GreenPTRawJson RawJson(string text) => new(prefix, text, suffix);

        /// <summary>The raw JSON of an event of this shape whose string token is <paramref name="token"/>.</summary>
        public GreenPTRawJson RawJson(ReadOnlySpan<byte> token) => new(prefix, token, suffix);

        /// <summary>Whether <paramref name="data"/> begins and ends with this shape's bytes; the bytes between them in <paramref name="varying"/>.</summary>
        public bool Fits(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> varying)
        {
            if (data.Length >= prefix.Length + suffix.Length + 2 && data.StartsWith(prefix) && data.EndsWith(suffix))
            {
                varying = data.Slice(prefix.Length, data.Length - prefix.Length - suffix.Length);
                return true;
            }

            varying = default;
            return false;
        }

        /// <summary>The chunk the shape's bytes with <paramref name="text"/> in its place read as, in the parser's reused objects.</summary>
        public ChatCompletionResponse Fill(ChatChunkParser parser, string text)
        {
            ChatCompletionResponse result = Reset(parser._chunk ??= new ChatCompletionResponse());
            result.Id = _id;
            result.Model = _model;
            result.Created = _created;

            List<ResponseChoice> choices = parser._choices ??= new List<ResponseChoice>(1);
            choices.Clear();
            ResponseChoice choice = Reset(parser._choice ??= new ResponseChoice());
            ResponseMessage delta = Reset(parser._delta ??= new ResponseMessage());
            choice.Delta = delta;
            choices.Add(choice);
            result.Choices = choices;

            switch (varyingField)
            {
                case VaryingText.Content:
                    delta.Content = text;
                    break;
                case VaryingText.ReasoningContent:
                    delta.ReasoningContent = text;
                    break;
                case VaryingText.Reasoning:
                    delta.Reasoning = text;
                    break;
                default:
                    // The fragment's objects are reused too: the assembler copies what it needs before it asks for the next chunk.
                    List<ResponseToolCall> calls = parser._fragmentCalls ??= new List<ResponseToolCall>(1);
                    ResponseToolCall call = parser._fragmentCall ??= new ResponseToolCall();
                    ResponseFunctionCall function = parser._fragmentFunction ??= new ResponseFunctionCall();
                    function.Name = null;
                    function.Arguments = text;
                    call.Id = null;
                    call.Index = _toolCallIndex;
                    call.Function = function;
                    calls.Clear();
                    calls.Add(call);
                    delta.ToolCalls = calls;
                    break;
            }

            return result;
        }
    }
}
