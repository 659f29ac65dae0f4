namespace GreenPT.AI;

/// <summary>
/// Keys this library reads from <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> and writes to
/// the <c>AdditionalProperties</c> of responses, messages and updates.
/// </summary>
public static class GreenPTPropertyNames
{
    /// <summary>
    /// Output: the <see cref="GreenPTImpact"/> of a request, on the <see cref="Microsoft.Extensions.AI.ChatResponse"/>, its message,
    /// and the final streaming update. Read it with <c>GetGreenPTImpact()</c>, which also understands the JSON form a cache restores.
    /// </summary>
    /// <remarks>
    /// The value is a <see cref="GreenPTImpact"/>. In trimmed and NativeAOT apps, where MEAI's default JSON options cannot serialize
    /// types they do not know, it is the same impact as a <see cref="System.Text.Json.JsonElement"/> in GreenPT's wire shape, so that
    /// a distributed cache never fails on it.
    /// </remarks>
    public const string Impact = "impact";

    /// <summary>
    /// Output: the raw value of the <c>x-credit-balance</c> or <c>x-credits-remaining</c> response header (units as GreenPT reports them).
    /// </summary>
    public const string CreditBalance = "greenpt.credit_balance";

    /// <summary>
    /// Output: set by <see cref="GreenPTImpactTrackingChatClient"/> on a response (or the final streaming update) whose request was
    /// degraded because its carbon budget is nearly spent; a sentence saying what changed, for example
    /// <c>"model green-l, reasoning_effort none: 85% of the carbon budget of 'tenant-a' is spent"</c>.
    /// </summary>
    public const string BudgetDegradation = "greenpt.budget_degradation";

    /// <summary>
    /// Input: a string (or string <see cref="System.Text.Json.JsonElement"/>) sent verbatim as <c>reasoning_effort</c>, overriding
    /// <see cref="OpenAIReasoningEffort"/>, <see cref="Microsoft.Extensions.AI.ChatOptions.Reasoning"/> and
    /// <see cref="GreenPTClientOptions.DefaultReasoningEffort"/>. Any value GreenPT accepts works, including <c>"none"</c> and
    /// <c>"minimal"</c>. Semantic Kernel forwards this key untouched (it consumes <c>reasoning_effort</c> itself and drops
    /// values such as <c>"none"</c>), so it works from every host.
    /// </summary>
    public const string ReasoningEffort = "greenpt.reasoning_effort";

    /// <summary>
    /// Input: the plain OpenAI-style <c>reasoning_effort</c> key, as code written for other OpenAI-compatible clients sets it; sent
    /// verbatim like <see cref="ReasoningEffort"/>, which takes precedence over it.
    /// </summary>
    public const string OpenAIReasoningEffort = "reasoning_effort";

    /// <summary>
    /// Input: extra top-level request fields, written verbatim into the request body and replacing a mapped field of the same
    /// name (except <c>messages</c>, <c>stream</c> and <c>stream_options</c>). The value is an
    /// <see cref="IEnumerable{T}"/> of <c>KeyValuePair&lt;string, object?&gt;</c> (for example a <c>Dictionary&lt;string, object?&gt;</c>),
    /// a <see cref="System.Text.Json.Nodes.JsonObject"/>, or an object <see cref="System.Text.Json.JsonElement"/>. Values may be
    /// <see cref="System.Text.Json.JsonElement"/>, <see cref="System.Text.Json.Nodes.JsonNode"/>, strings, numbers, booleans or any
    /// type <see cref="Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions"/> can serialize.
    /// </summary>
    /// <example><c>options.AdditionalProperties = new() { [GreenPTPropertyNames.ExtraBody] = new Dictionary&lt;string, object?&gt; { ["chat_template_kwargs"] = JsonNode.Parse("{\"enable_thinking\":false}") } };</c></example>
    public const string ExtraBody = "greenpt.extra_body";

    /// <summary>
    /// Input: which earlier assistant turns of this request send their reasoning back as <c>reasoning_content</c>, overriding
    /// <see cref="GreenPTClientOptions.ReasoningRoundTrip"/>. The value is a <see cref="GreenPTReasoningRoundTrip"/> or one of the strings
    /// <c>"automatic"</c>, <c>"tool_call_turns"</c>, <c>"always"</c>, <c>"never"</c> (a string also as a <see cref="System.Text.Json.JsonElement"/>,
    /// as a prompt template or a cache gives it); anything else is refused with an <see cref="ArgumentException"/>.
    /// </summary>
    public const string ReasoningRoundTrip = "greenpt.reasoning_round_trip";

    /// <summary>
    /// Input: a scope name (a string, for example a tenant id) that tags this request's measurements on the <c>GreenPT.AI</c> meter
    /// as <c>greenpt.scope</c>, on <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> or
    /// <see cref="Microsoft.Extensions.AI.EmbeddingGenerationOptions.AdditionalProperties"/>. Never sent to GreenPT. Off unless set,
    /// because every scope adds time series to a metrics backend; <see cref="GreenPTImpactTrackingChatClient"/> sets it from its
    /// tracker's name when <see cref="GreenPTImpactTracker.IncludeScopeInMetrics"/> is on.
    /// </summary>
    public const string MetricsScope = "greenpt.metrics_scope";
}
