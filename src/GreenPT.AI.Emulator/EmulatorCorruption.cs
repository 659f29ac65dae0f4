namespace GreenPT.AI.Emulator;

/// <summary>
/// A class of malformed server output that an <see cref="EmulatorFault"/> produces (<c>corrupt=&lt;class&gt;</c> in the
/// <c>X-Emulator-Fault</c> header, <see cref="EmulatorFault.Corruption"/> in code), so that a client's handling of each
/// class can be reproduced byte for byte.
/// </summary>
/// <remarks>
/// <para>
/// Answer classes (every value before <see cref="ErrorMessageWrongType"/>) change a successful answer and combine with no
/// fault kind. A non-streaming body is changed wherever the target occurs; a stream is changed in the first event that
/// has the target, and every other event is sent as usual. When the answer has no target (content on a tool-call-only
/// answer, tool calls without <c>tools</c>, a chat field on <c>/v1/embeddings</c>) the request gets HTTP 400 with
/// <c>param</c> <c>X-Emulator-Fault</c> instead of passing silently.
/// </para>
/// <para>
/// Error classes (<c>error-*</c>) change the GreenPT error body and need <see cref="EmulatorFaultKind.Status"/> (the
/// 400-599 error body) or <see cref="EmulatorFaultKind.ErrorEvent"/> (the SSE error event, or the 200 error body when not
/// streaming).
/// </para>
/// <para>
/// Invalid UTF-8 is always the two bytes <c>0xC3 0x28</c> (a lead byte without its continuation byte) placed right after
/// the opening quote of the string; a lone surrogate is always the six characters <c>\ud83d</c> (the first half of an
/// emoji) placed there.
/// </para>
/// </remarks>
public enum EmulatorCorruption
{
    /// <summary>No corruption.</summary>
    None,

    /// <summary><c>utf8-content</c>: invalid UTF-8 at the start of <c>message.content</c> / the first <c>delta.content</c>.</summary>
    InvalidUtf8InContent,

    /// <summary><c>utf8-name</c>: invalid UTF-8 at the start of the top-level property name <c>"object"</c> (any endpoint; first event of a stream).</summary>
    InvalidUtf8InPropertyName,

    /// <summary><c>utf8-arguments</c>: invalid UTF-8 at the start of <c>function.arguments</c> of every tool call / of the first tool-call fragment.</summary>
    InvalidUtf8InToolArguments,

    /// <summary><c>surrogate-content</c>: <c>\ud83d</c> at the start of <c>message.content</c> / the first <c>delta.content</c>.</summary>
    LoneSurrogateInContent,

    /// <summary><c>created-ms</c>: <c>"created":253402300800000</c>, milliseconds and past the year 9999 (first event of a stream).</summary>
    CreatedInMilliseconds,

    /// <summary><c>tokens-exponent</c>: every <c>usage</c> token count (<c>*_tokens</c>, nested ones included) becomes <c>1e30</c>.</summary>
    TokenCountExponent,

    /// <summary><c>tokens-overflow</c>: every <c>usage</c> token count becomes <c>99999999999999999999</c> (past <see cref="long.MaxValue"/>).</summary>
    TokenCountOverflow,

    /// <summary><c>energy-overflow</c>: <c>impact.energy.total</c> becomes <c>1e400</c> (past <see cref="double.MaxValue"/>).</summary>
    EnergyOverflow,

    /// <summary><c>energy-nan</c>: <c>impact.energy.total</c> becomes the string <c>"NaN"</c>.</summary>
    EnergyAsString,

    /// <summary><c>finish-reason-empty</c>: <c>"finish_reason":""</c> (the finish chunk of a stream).</summary>
    EmptyFinishReason,

    /// <summary><c>role-blank</c>: <c>"role":" "</c> in the message / the first delta.</summary>
    BlankRole,

    /// <summary><c>id-empty</c>: <c>"id":""</c> (first event of a stream).</summary>
    EmptyId,

    /// <summary><c>choices-null</c>: <c>"choices":[null]</c> (first event of a stream).</summary>
    NullChoice,

    /// <summary><c>tool-calls-null</c>: <c>"tool_calls":[null]</c> in the message / the first delta that has tool calls.</summary>
    NullToolCall,

    /// <summary><c>delta-null</c>: <c>"delta":null</c> in the first event of a stream; <c>"message":null</c> when not streaming.</summary>
    NullDelta,

    /// <summary><c>choices-object</c>: <c>"choices":{}</c> (first event of a stream).</summary>
    ChoicesObject,

    /// <summary><c>usage-array</c>: <c>"usage":[]</c> (the event that carries usage).</summary>
    UsageArray,

    /// <summary><c>impact-string</c>: <c>"impact":"x"</c> (the event that carries impact).</summary>
    ImpactString,

    /// <summary><c>error-message-type</c>: <c>"message":{"text":"&lt;message&gt;"}</c>, an object instead of a string.</summary>
    ErrorMessageWrongType,

    /// <summary><c>error-message-utf8</c>: invalid UTF-8 at the start of <c>error.message</c>.</summary>
    ErrorMessageInvalidUtf8,

    /// <summary><c>error-message-surrogate</c>: <c>\ud83d</c> at the start of <c>error.message</c>.</summary>
    ErrorMessageLoneSurrogate,

    /// <summary><c>error-code-type</c>: <c>"code":[&lt;code&gt;]</c>, an array instead of a number.</summary>
    ErrorCodeWrongType,

    /// <summary><c>error-code-utf8</c>: <c>"code":"&lt;0xC3 0x28&gt;&lt;code&gt;"</c>, a string that starts with invalid UTF-8.</summary>
    ErrorCodeInvalidUtf8,

    /// <summary><c>error-code-surrogate</c>: <c>"code":"\ud83d&lt;code&gt;"</c>.</summary>
    ErrorCodeLoneSurrogate,

    /// <summary><c>error-param-type</c>: <c>"param":{"name":&lt;param&gt;}</c>, an object instead of a string or null.</summary>
    ErrorParamWrongType,

    /// <summary><c>error-param-utf8</c>: <c>"param":"&lt;0xC3 0x28&gt;&lt;param&gt;"</c> (the param is usually null, so just the two bytes).</summary>
    ErrorParamInvalidUtf8,

    /// <summary><c>error-param-surrogate</c>: <c>"param":"\ud83d&lt;param&gt;"</c>.</summary>
    ErrorParamLoneSurrogate,

    /// <summary><c>error-detail-type</c>: adds a top-level <c>"detail":true</c> (FastAPI-style gateways send a string or a list there).</summary>
    ErrorDetailWrongType,

    /// <summary><c>error-detail-utf8</c>: adds a top-level <c>"detail":"&lt;0xC3 0x28&gt;&lt;message&gt;"</c>.</summary>
    ErrorDetailInvalidUtf8,

    /// <summary><c>error-detail-surrogate</c>: adds a top-level <c>"detail":"\ud83d&lt;message&gt;"</c>.</summary>
    ErrorDetailLoneSurrogate,
}
