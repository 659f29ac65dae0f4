using System.Text.Json.Serialization;

namespace GreenPT.AI.Wire;

/// <summary>
/// A non-streaming completion (<c>object: "chat.completion"</c>) or one streamed chunk
/// (<c>object: "chat.completion.chunk"</c>): both share this shape, chunks carry <c>delta</c> instead of <c>message</c>.
/// </summary>
[JsonConverter(typeof(ChatCompletionResponseConverter))]
internal sealed class ChatCompletionResponse : IWireAnswer, IKeepsRawJson
{
    [JsonPropertyName("id")][JsonConverter(typeof(WireStringConverter))] public string? Id { get; set; }
    [JsonPropertyName("created")][JsonConverter(typeof(WireInt64Converter))] public long? Created { get; set; }
    [JsonPropertyName("model")][JsonConverter(typeof(WireStringConverter))] public string? Model { get; set; }
    [JsonPropertyName("choices")][JsonConverter(typeof(WireChoicesConverter))] public List<ResponseChoice>? Choices { get; set; }
    [JsonPropertyName("usage")][JsonConverter(typeof(WireUsageConverter))] public ResponseUsage? Usage { get; set; }
    [JsonPropertyName("impact")][JsonConverter(typeof(WireImpactConverter))] public ImpactDto? Impact { get; set; }

    /// <summary>Set when a server reports an error inside an SSE stream that began with a 200.</summary>
    [JsonPropertyName("error")][JsonConverter(typeof(WireErrorConverter))] public ErrorDetail? Error { get; set; }
    [JsonPropertyName("requestId")][JsonConverter(typeof(WireStringConverter))] public string? RequestId { get; set; }

    /// <summary>The bytes this answer or chunk was read from, for callers who read fields the client does not map.</summary>
    [JsonIgnore] public GreenPTRawJson? Raw { get; set; }
}

internal sealed class ResponseChoice
{
    [JsonPropertyName("message")][JsonConverter(typeof(WireMessageObjectConverter))] public ResponseMessage? Message { get; set; }
    [JsonPropertyName("delta")][JsonConverter(typeof(WireMessageObjectConverter))] public ResponseMessage? Delta { get; set; }
    [JsonPropertyName("finish_reason")][JsonConverter(typeof(WireStringConverter))] public string? FinishReason { get; set; }
}

internal sealed class ResponseMessage
{
    [JsonPropertyName("role")][JsonConverter(typeof(WireStringConverter))] public string? Role { get; set; }
    [JsonPropertyName("content")][JsonConverter(typeof(WireContentConverter))] public string? Content { get; set; }
    [JsonPropertyName("refusal")][JsonConverter(typeof(WireRefusalConverter))] public string? Refusal { get; set; }
    [JsonPropertyName("reasoning_content")][JsonConverter(typeof(WireReasoningContentConverter))] public string? ReasoningContent { get; set; }
    [JsonPropertyName("reasoning")][JsonConverter(typeof(WireReasoningConverter))] public string? Reasoning { get; set; }
    [JsonPropertyName("tool_calls")][JsonConverter(typeof(WireToolCallsConverter))] public List<ResponseToolCall>? ToolCalls { get; set; }
}

internal sealed class ResponseToolCall
{
    [JsonPropertyName("index")][JsonConverter(typeof(WireInt32Converter))] public int? Index { get; set; }
    [JsonPropertyName("id")][JsonConverter(typeof(WireStringConverter))] public string? Id { get; set; }
    [JsonPropertyName("function")][JsonConverter(typeof(WireFunctionConverter))] public ResponseFunctionCall? Function { get; set; }
}

internal sealed class ResponseFunctionCall
{
    [JsonPropertyName("name")][JsonConverter(typeof(WireStringConverter))] public string? Name { get; set; }

    /// <summary>The arguments as JSON text: a string by the OpenAI contract; an object some backends send is kept as its raw JSON.</summary>
    [JsonPropertyName("arguments")]
    [JsonConverter(typeof(ToolCallArgumentsConverter))]
    public string? Arguments { get; set; }
}

internal sealed class ResponseUsage
{
    [JsonPropertyName("prompt_tokens")][JsonConverter(typeof(WireInt64Converter))] public long? PromptTokens { get; set; }
    [JsonPropertyName("completion_tokens")][JsonConverter(typeof(WireInt64Converter))] public long? CompletionTokens { get; set; }
    [JsonPropertyName("total_tokens")][JsonConverter(typeof(WireInt64Converter))] public long? TotalTokens { get; set; }
    [JsonPropertyName("cached_tokens")][JsonConverter(typeof(WireInt64Converter))] public long? CachedTokens { get; set; }
    [JsonPropertyName("prompt_tokens_details")][JsonConverter(typeof(WirePromptTokensDetailsConverter))] public PromptTokensDetails? PromptTokensDetails { get; set; }
    [JsonPropertyName("completion_tokens_details")][JsonConverter(typeof(WireCompletionTokensDetailsConverter))] public CompletionTokensDetails? CompletionTokensDetails { get; set; }
}

internal sealed class PromptTokensDetails
{
    [JsonPropertyName("cached_tokens")][JsonConverter(typeof(WireInt64Converter))] public long? CachedTokens { get; set; }
}

internal sealed class CompletionTokensDetails
{
    [JsonPropertyName("reasoning_tokens")][JsonConverter(typeof(WireInt64Converter))] public long? ReasoningTokens { get; set; }
}

/// <summary>GreenPT's non-standard <c>impact</c> object.</summary>
internal sealed class ImpactDto
{
    [JsonPropertyName("inferenceTime")][JsonConverter(typeof(WireMeasurementConverter))] public MeasurementDto? InferenceTime { get; set; }
    [JsonPropertyName("energy")][JsonConverter(typeof(WireMeasurementConverter))] public MeasurementDto? Energy { get; set; }
    [JsonPropertyName("emissions")][JsonConverter(typeof(WireMeasurementConverter))] public MeasurementDto? Emissions { get; set; }
    [JsonPropertyName("version")][JsonConverter(typeof(WireStringConverter))] public string? Version { get; set; }
}

internal sealed class MeasurementDto
{
    [JsonPropertyName("total")][JsonConverter(typeof(WireDoubleConverter))] public double? Total { get; set; }
    [JsonPropertyName("unit")][JsonConverter(typeof(WireStringConverter))] public string? Unit { get; set; }
}

/// <summary>The error body: GreenPT's <c>{error:{code,message,type,param}, requestId}</c> or OpenAI's.</summary>
internal sealed class ErrorResponse
{
    [JsonPropertyName("error")][JsonConverter(typeof(WireErrorConverter))] public ErrorDetail? Error { get; set; }
    [JsonPropertyName("requestId")][JsonConverter(typeof(WireStringConverter))] public string? RequestId { get; set; }
    [JsonPropertyName("request_id")][JsonConverter(typeof(WireStringConverter))] public string? RequestIdSnakeCase { get; set; }
    [JsonPropertyName("message")][JsonConverter(typeof(WireMessageConverter))] public string? Message { get; set; }

    /// <summary>FastAPI-style <c>detail</c>: text, or any JSON kept as its text.</summary>
    [JsonPropertyName("detail")][JsonConverter(typeof(WireMessageConverter))] public string? Detail { get; set; }
}

internal sealed class ErrorDetail
{
    [JsonPropertyName("message")][JsonConverter(typeof(WireMessageConverter))] public string? Message { get; set; }
    [JsonPropertyName("type")][JsonConverter(typeof(WireStringConverter))] public string? Type { get; set; }

    /// <summary>A number on GreenPT, a string or null on OpenAI: kept as its text (an object or array is dropped).</summary>
    [JsonPropertyName("code")][JsonConverter(typeof(WireStringConverter))] public string? Code { get; set; }
    [JsonPropertyName("param")][JsonConverter(typeof(WireStringConverter))] public string? Param { get; set; }
}
