using System.Text.Json;
using static GreenPT.AI.Emulator.EmulatorCorruption;
using static GreenPT.AI.Emulator.Internal.Faults.Corruption.CorruptionScope;

namespace GreenPT.AI.Emulator.Internal.Faults.Corruption;

/// <summary>
/// Every <see cref="EmulatorCorruption"/> class: the <c>corrupt=</c> name, the bodies it applies to, and the edit that
/// produces it (documented value by value on <see cref="EmulatorCorruption"/>).
/// </summary>
internal static class CorruptionCatalog
{
    /// <summary>A UTF-8 lead byte without its continuation byte.</summary>
    public static readonly byte[] InvalidUtf8 = [0xC3, 0x28];

    /// <summary>The JSON escape of a high surrogate with no low surrogate after it (half of an emoji).</summary>
    public static readonly byte[] LoneSurrogate = "\\ud83d"u8.ToArray();

    private const CorruptionScope Answers = Chat | Embeddings | Rerank;

    public static IReadOnlyList<CorruptionSpec> All { get; } =
    [
        new("utf8-content", InvalidUtf8InContent, Chat, AnswerNeed.Content, StringPrefix(InvalidUtf8, "choices[].message.content", "choices[].delta.content")),
        new("utf8-name", InvalidUtf8InPropertyName, Chat | Embeddings | Models, AnswerNeed.Nothing, new NamePrefixEdit("object", InvalidUtf8)),
        new("utf8-arguments", InvalidUtf8InToolArguments, Chat, AnswerNeed.ToolCall,
            StringPrefix(InvalidUtf8, "choices[].message.tool_calls[].function.arguments", "choices[].delta.tool_calls[].function.arguments")),
        new("surrogate-content", LoneSurrogateInContent, Chat, AnswerNeed.Content, StringPrefix(LoneSurrogate, "choices[].message.content", "choices[].delta.content")),
        new("created-ms", CreatedInMilliseconds, Chat, AnswerNeed.Nothing, Replace(JsonValueKind.Number, "253402300800000", "created")),
        new("tokens-exponent", TokenCountExponent, Answers, AnswerNeed.Nothing, TokenCounts("1e30")),
        new("tokens-overflow", TokenCountOverflow, Answers, AnswerNeed.Nothing, TokenCounts("99999999999999999999")),
        new("energy-overflow", EnergyOverflow, Answers, AnswerNeed.Nothing, Replace(JsonValueKind.Number, "1e400", "impact.energy.total")),
        new("energy-nan", EnergyAsString, Answers, AnswerNeed.Nothing, Replace(JsonValueKind.Number, "\"NaN\"", "impact.energy.total")),
        new("finish-reason-empty", EmptyFinishReason, Chat, AnswerNeed.Nothing, Replace(JsonValueKind.String, "\"\"", "choices[].finish_reason")),
        new("role-blank", BlankRole, Chat, AnswerNeed.Nothing, Replace(JsonValueKind.String, "\" \"", "choices[].message.role", "choices[].delta.role")),
        new("id-empty", EmptyId, Chat, AnswerNeed.Nothing, Replace(JsonValueKind.String, "\"\"", "id")),
        new("choices-null", NullChoice, Chat, AnswerNeed.Nothing, Replace(JsonValueKind.Array, "[null]", "choices")),
        new("tool-calls-null", NullToolCall, Chat, AnswerNeed.ToolCall,
            Replace(JsonValueKind.Array, "[null]", "choices[].message.tool_calls", "choices[].delta.tool_calls")),
        new("delta-null", NullDelta, Chat, AnswerNeed.Nothing, Replace(JsonValueKind.Object, "null", "choices[].delta", "choices[].message")),
        new("choices-object", ChoicesObject, Chat, AnswerNeed.Nothing, Replace(JsonValueKind.Array, "{}", "choices")),
        new("usage-array", UsageArray, Answers, AnswerNeed.Nothing, Replace(JsonValueKind.Object, "[]", "usage")),
        new("impact-string", ImpactString, Answers, AnswerNeed.Nothing, Replace(JsonValueKind.Object, "\"x\"", "impact")),
        ErrorField("error-message-type", ErrorMessageWrongType, "error.message", v => [.. "{\"text\":"u8, .. Raw(v), .. "}"u8]),
        ErrorField("error-message-utf8", ErrorMessageInvalidUtf8, "error.message", v => AsPrefixedString(InvalidUtf8, v)),
        ErrorField("error-message-surrogate", ErrorMessageLoneSurrogate, "error.message", v => AsPrefixedString(LoneSurrogate, v)),
        ErrorField("error-code-type", ErrorCodeWrongType, "error.code", v => [.. "["u8, .. Raw(v), .. "]"u8]),
        ErrorField("error-code-utf8", ErrorCodeInvalidUtf8, "error.code", v => AsPrefixedString(InvalidUtf8, v)),
        ErrorField("error-code-surrogate", ErrorCodeLoneSurrogate, "error.code", v => AsPrefixedString(LoneSurrogate, v)),
        ErrorField("error-param-type", ErrorParamWrongType, "error.param", v => [.. "{\"name\":"u8, .. Raw(v), .. "}"u8]),
        ErrorField("error-param-utf8", ErrorParamInvalidUtf8, "error.param", v => AsPrefixedString(InvalidUtf8, v)),
        ErrorField("error-param-surrogate", ErrorParamLoneSurrogate, "error.param", v => AsPrefixedString(LoneSurrogate, v)),
        ErrorDetail("error-detail-type", ErrorDetailWrongType, _ => "true"u8.ToArray()),
        ErrorDetail("error-detail-utf8", ErrorDetailInvalidUtf8, message => AsPrefixedString(InvalidUtf8, message)),
        ErrorDetail("error-detail-surrogate", ErrorDetailLoneSurrogate, message => AsPrefixedString(LoneSurrogate, message)),
    ];

    public static CorruptionSpec Of(EmulatorCorruption corruption)
        => All.FirstOrDefault(s => s.Corruption == corruption) ?? throw new ArgumentOutOfRangeException(nameof(corruption), corruption, null);

    public static CorruptionSpec? Named(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>
    /// The value as a JSON string that starts with <paramref name="prefix"/>: a string keeps its text after the prefix,
    /// <c>null</c> becomes the prefix alone, any other scalar its raw text after the prefix (<c>503</c> -> <c>"…503"</c>).
    /// </summary>
    private static byte[] AsPrefixedString(byte[] prefix, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [.. "\""u8, .. prefix, .. Raw(value)[1..]],
        JsonValueKind.Null => [.. "\""u8, .. prefix, .. "\""u8],
        _ => [.. "\""u8, .. prefix, .. Raw(value), .. "\""u8],
    };

    private static ReadOnlySpan<byte> Raw(JsonElement value) => System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);

    private static Func<string, bool> At(string[] paths) => path => Array.IndexOf(paths, path) >= 0;

    private static ValueEdit StringPrefix(byte[] prefix, params string[] paths)
        => new(At(paths), v => v.ValueKind == JsonValueKind.String ? AsPrefixedString(prefix, v) : null);

    /// <summary>Replaces values of the kind <paramref name="kind"/> at <paramref name="paths"/> (others, such as a null <c>finish_reason</c>, stay).</summary>
    private static ValueEdit Replace(JsonValueKind kind, string rawJson, params string[] paths)
    {
        byte[] replacement = System.Text.Encoding.UTF8.GetBytes(rawJson);
        return new ValueEdit(At(paths), v => v.ValueKind == kind ? replacement : null);
    }

    /// <summary>Every number under <c>usage</c> whose name ends in <c>_tokens</c>, nested ones included.</summary>
    private static ValueEdit TokenCounts(string rawNumber)
    {
        byte[] replacement = System.Text.Encoding.UTF8.GetBytes(rawNumber);
        return new ValueEdit(
            path => path.StartsWith("usage.", StringComparison.Ordinal) && path.EndsWith("_tokens", StringComparison.Ordinal),
            v => v.ValueKind == JsonValueKind.Number ? replacement : null);
    }

    private static CorruptionSpec ErrorField(string name, EmulatorCorruption corruption, string path, Func<JsonElement, byte[]> replace)
        => new(name, corruption, ErrorBody, AnswerNeed.Nothing, new ValueEdit(p => p == path, replace));

    /// <summary>Appends <c>"detail":…</c> to an error body; <paramref name="detail"/> receives the <c>error.message</c> value.</summary>
    private static CorruptionSpec ErrorDetail(string name, EmulatorCorruption corruption, Func<JsonElement, byte[]> detail)
        => new(name, corruption, ErrorBody, AnswerNeed.Nothing, new RootAppendEdit(root =>
            root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message)
                ? [.. "\"detail\":"u8, .. detail(message)]
                : null));
}
