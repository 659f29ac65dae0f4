using System.Text.Json;
using System.Text.Json.Serialization;

namespace GreenPT.AI.Wire;

/// <summary>
/// A non-streaming completion (<c>object: "chat.completion"</c>) or one streamed chunk
/// (<c>object: "chat.completion.chunk"</c>): both share this shape, chunks carry <c>delta</c> instead of <c>message</c>.
/// </summary>
internal sealed class ChatCompletionResponse : IWireAnswer
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("created")] public long? Created { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("choices")] public List<ResponseChoice>? Choices { get; set; }
    [JsonPropertyName("usage")] public ResponseUsage? Usage { get; set; }
    [JsonPropertyName("impact")] public ImpactDto? Impact { get; set; }

    /// <summary>Set when a server reports an error inside an SSE stream that began with a 200.</summary>
    [JsonPropertyName("error")] public ErrorDetail? Error { get; set; }
    [JsonPropertyName("requestId")] public string? RequestId { get; set; }
}

internal sealed class ResponseChoice
{
    [JsonPropertyName("message")] public ResponseMessage? Message { get; set; }
    [JsonPropertyName("delta")] public ResponseMessage? Delta { get; set; }
    [JsonPropertyName("finish_reason")] public string? FinishReason { get; set; }
}

internal sealed class ResponseMessage
{
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("content")] public string? Content { get; set; }
    [JsonPropertyName("refusal")] public string? Refusal { get; set; }
    [JsonPropertyName("reasoning_content")] public string? ReasoningContent { get; set; }
    [JsonPropertyName("reasoning")] public string? Reasoning { get; set; }
    [JsonPropertyName("tool_calls")] public List<ResponseToolCall>? ToolCalls { get; set; }
}

internal sealed class ResponseToolCall
{
    [JsonPropertyName("index")] public int? Index { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("function")] public ResponseFunctionCall? Function { get; set; }
}

internal sealed class ResponseFunctionCall
{
    [JsonPropertyName("name")] public string? Name { get; set; }

    /// <summary>The arguments as JSON text: a string by the OpenAI contract; an object some backends send is kept as its raw JSON.</summary>
    [JsonPropertyName("arguments")]
    [JsonConverter(typeof(ToolCallArgumentsConverter))]
    public string? Arguments { get; set; }
}

internal sealed class ResponseUsage
{
    [JsonPropertyName("prompt_tokens")] public long? PromptTokens { get; set; }
    [JsonPropertyName("completion_tokens")] public long? CompletionTokens { get; set; }
    [JsonPropertyName("total_tokens")] public long? TotalTokens { get; set; }
    [JsonPropertyName("cached_tokens")] public long? CachedTokens { get; set; }
    [JsonPropertyName("prompt_tokens_details")] public PromptTokensDetails? PromptTokensDetails { get; set; }
    [JsonPropertyName("completion_tokens_details")] public CompletionTokensDetails? CompletionTokensDetails { get; set; }
}

internal sealed class PromptTokensDetails
{
    [JsonPropertyName("cached_tokens")] public long? CachedTokens { get; set; }
}

internal sealed class CompletionTokensDetails
{
    [JsonPropertyName("reasoning_tokens")] public long? ReasoningTokens { get; set; }
}

/// <summary>GreenPT's non-standard <c>impact</c> object.</summary>
internal sealed class ImpactDto
{
    [JsonPropertyName("inferenceTime")] public MeasurementDto? InferenceTime { get; set; }
    [JsonPropertyName("energy")] public MeasurementDto? Energy { get; set; }
    [JsonPropertyName("emissions")] public MeasurementDto? Emissions { get; set; }
    [JsonPropertyName("version")] public string? Version { get; set; }
}

internal sealed class MeasurementDto
{
    [JsonPropertyName("total")] public double? Total { get; set; }
    [JsonPropertyName("unit")] public string? Unit { get; set; }
}

/// <summary>The error body: GreenPT's <c>{error:{code,message,type,param}, requestId}</c> or OpenAI's.</summary>
internal sealed class ErrorResponse
{
    [JsonPropertyName("error")] public ErrorDetail? Error { get; set; }
    [JsonPropertyName("requestId")] public string? RequestId { get; set; }
    [JsonPropertyName("request_id")] public string? RequestIdSnakeCase { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("detail")] public JsonElement? Detail { get; set; }
}

internal sealed class ErrorDetail
{
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }

    /// <summary>A number on GreenPT, a string or null on OpenAI.</summary>
    [JsonPropertyName("code")] public JsonElement? Code { get; set; }
    [JsonPropertyName("param")] public JsonElement? Param { get; set; }
}
