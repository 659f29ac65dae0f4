using System.Text.Json;
using System.Text.Json.Serialization;

namespace GreenPT.AI.Wire;

/// <summary>The body of <c>POST /v1/chat/completions</c>, in the OpenAI-compatible shape GreenPT accepts.</summary>
internal sealed class ChatCompletionRequest : IExtensibleRequest
{
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("messages")] public List<RequestMessage> Messages { get; set; } = [];
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    [JsonPropertyName("stream_options")] public StreamOptions? StreamOptions { get; set; }
    [JsonPropertyName("temperature")] public float? Temperature { get; set; }
    [JsonPropertyName("top_p")] public float? TopP { get; set; }
    [JsonPropertyName("top_k")] public int? TopK { get; set; }
    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }
    [JsonPropertyName("stop")] public IList<string>? Stop { get; set; }
    [JsonPropertyName("seed")] public long? Seed { get; set; }
    [JsonPropertyName("frequency_penalty")] public float? FrequencyPenalty { get; set; }
    [JsonPropertyName("presence_penalty")] public float? PresencePenalty { get; set; }
    [JsonPropertyName("response_format")] public ResponseFormat? ResponseFormat { get; set; }
    [JsonPropertyName("tools")] public List<RequestTool>? Tools { get; set; }
    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; set; }
    [JsonPropertyName("parallel_tool_calls")] public bool? ParallelToolCalls { get; set; }
    [JsonPropertyName("reasoning_effort")] public string? ReasoningEffort { get; set; }

    /// <summary>Caller-supplied top-level fields, written verbatim after the mapped ones.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtraFields { get; set; }

    /// <summary>
    /// Clears the mapped field that has the given JSON name, so that a caller-supplied extra field
    /// of the same name replaces it instead of producing a duplicate key.
    /// </summary>
    /// <returns><see langword="false"/> for the two fields that cannot be replaced (<c>messages</c>, <c>stream</c>).</returns>
    public bool TryClearField(string jsonName)
    {
        switch (jsonName)
        {
            case "messages": case "stream": case "stream_options": return false;
            case "model": Model = null; break;
            case "temperature": Temperature = null; break;
            case "top_p": TopP = null; break;
            case "top_k": TopK = null; break;
            case "max_tokens": MaxTokens = null; break;
            case "stop": Stop = null; break;
            case "seed": Seed = null; break;
            case "frequency_penalty": FrequencyPenalty = null; break;
            case "presence_penalty": PresencePenalty = null; break;
            case "response_format": ResponseFormat = null; break;
            case "tools": Tools = null; break;
            case "tool_choice": ToolChoice = null; break;
            case "parallel_tool_calls": ParallelToolCalls = null; break;
            case "reasoning_effort": ReasoningEffort = null; break;
        }

        return true;
    }
}

internal sealed class StreamOptions
{
    [JsonPropertyName("include_usage")] public bool IncludeUsage { get; set; }
}

/// <summary>One message of the request. <see cref="Content"/> is a string or an array of parts.</summary>
internal sealed class RequestMessage
{
    [JsonPropertyName("role")] public string Role { get; set; } = string.Empty;
    [JsonPropertyName("content")] public MessageContent? Content { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("tool_calls")] public List<RequestToolCall>? ToolCalls { get; set; }
    [JsonPropertyName("tool_call_id")] public string? ToolCallId { get; set; }

    /// <summary>The reasoning of an earlier assistant turn, sent back when the round-trip rule says so.</summary>
    [JsonPropertyName("reasoning_content")] public string? ReasoningContent { get; set; }
}

/// <summary>Message content: plain text when that is all there is, otherwise a list of parts.</summary>
[JsonConverter(typeof(MessageContentConverter))]
internal sealed class MessageContent
{
    public MessageContent(string text) => Text = text;

    public MessageContent(List<ContentPart> parts) => Parts = parts;

    public string? Text { get; }

    public List<ContentPart>? Parts { get; }
}

internal sealed class ContentPart
{
    [JsonPropertyName("type")] public string Type { get; set; } = string.Empty;
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("image_url")] public ImageUrl? ImageUrl { get; set; }
}

internal sealed class ImageUrl
{
    [JsonPropertyName("url")] public string Url { get; set; } = string.Empty;
}

internal sealed class RequestToolCall
{
    [JsonPropertyName("id")] public string Id { get; set; } = string.Empty;
    [JsonPropertyName("type")] public string Type { get; set; } = "function";
    [JsonPropertyName("function")] public RequestFunctionCall Function { get; set; } = new();
}

internal sealed class RequestFunctionCall
{
    [JsonPropertyName("name")] public string Name { get; set; } = string.Empty;
    [JsonPropertyName("arguments")] public string Arguments { get; set; } = "{}";
}

internal sealed class RequestTool
{
    [JsonPropertyName("type")] public string Type { get; set; } = "function";
    [JsonPropertyName("function")] public RequestFunction Function { get; set; } = new();
}

internal sealed class RequestFunction
{
    [JsonPropertyName("name")] public string Name { get; set; } = string.Empty;
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("parameters")] public JsonElement? Parameters { get; set; }
}

internal sealed class ResponseFormat
{
    [JsonPropertyName("type")] public string Type { get; set; } = "text";
    [JsonPropertyName("json_schema")] public JsonSchemaFormat? JsonSchema { get; set; }
}

internal sealed class JsonSchemaFormat
{
    [JsonPropertyName("name")] public string Name { get; set; } = string.Empty;
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("schema")] public JsonElement? Schema { get; set; }
}
