using System.Text.Json;

namespace GreenPT.AI.Wire;

/// <summary>
/// Writes a <see cref="ChatCompletionRequest"/> with direct <see cref="Utf8JsonWriter"/> calls: the bytes the source-generated
/// <c>GreenPTJsonContext.Writer.ChatCompletionRequest</c> writes (same property order, nulls left out, extension data last, JSON
/// elements written whole), without the serializer's per-property metadata walk, which cost about half again as much as the writing
/// itself on a long history. A unit test compares the two byte for byte over a broad set of requests; a field added to the DTOs must
/// be added here too (that test then fails until it is).
/// </summary>
internal static class ChatRequestWriter
{
    private static readonly JsonEncodedText Model = JsonEncodedText.Encode("model");
    private static readonly JsonEncodedText Messages = JsonEncodedText.Encode("messages");
    private static readonly JsonEncodedText Stream = JsonEncodedText.Encode("stream");
    private static readonly JsonEncodedText StreamOptions = JsonEncodedText.Encode("stream_options");
    private static readonly JsonEncodedText IncludeUsage = JsonEncodedText.Encode("include_usage");
    private static readonly JsonEncodedText Temperature = JsonEncodedText.Encode("temperature");
    private static readonly JsonEncodedText TopP = JsonEncodedText.Encode("top_p");
    private static readonly JsonEncodedText TopK = JsonEncodedText.Encode("top_k");
    private static readonly JsonEncodedText MaxTokens = JsonEncodedText.Encode("max_tokens");
    private static readonly JsonEncodedText Stop = JsonEncodedText.Encode("stop");
    private static readonly JsonEncodedText Seed = JsonEncodedText.Encode("seed");
    private static readonly JsonEncodedText FrequencyPenalty = JsonEncodedText.Encode("frequency_penalty");
    private static readonly JsonEncodedText PresencePenalty = JsonEncodedText.Encode("presence_penalty");
    private static readonly JsonEncodedText ResponseFormat = JsonEncodedText.Encode("response_format");
    private static readonly JsonEncodedText Tools = JsonEncodedText.Encode("tools");
    private static readonly JsonEncodedText ToolChoice = JsonEncodedText.Encode("tool_choice");
    private static readonly JsonEncodedText ParallelToolCalls = JsonEncodedText.Encode("parallel_tool_calls");
    private static readonly JsonEncodedText ReasoningEffort = JsonEncodedText.Encode("reasoning_effort");
    private static readonly JsonEncodedText Role = JsonEncodedText.Encode("role");
    private static readonly JsonEncodedText Content = JsonEncodedText.Encode("content");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText ToolCalls = JsonEncodedText.Encode("tool_calls");
    private static readonly JsonEncodedText ToolCallId = JsonEncodedText.Encode("tool_call_id");
    private static readonly JsonEncodedText ReasoningContent = JsonEncodedText.Encode("reasoning_content");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
    private static readonly JsonEncodedText ImageUrl = JsonEncodedText.Encode("image_url");
    private static readonly JsonEncodedText Url = JsonEncodedText.Encode("url");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Function = JsonEncodedText.Encode("function");
    private static readonly JsonEncodedText Arguments = JsonEncodedText.Encode("arguments");
    private static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
    private static readonly JsonEncodedText Parameters = JsonEncodedText.Encode("parameters");
    private static readonly JsonEncodedText JsonSchema = JsonEncodedText.Encode("json_schema");
    private static readonly JsonEncodedText Schema = JsonEncodedText.Encode("schema");

    /// <summary>Writes <paramref name="request"/> as one JSON object.</summary>
    /// <exception cref="ArgumentException">A number is NaN or infinite (as the serializer refuses it).</exception>
    /// <exception cref="InvalidOperationException">A JSON element is default (as the serializer refuses it).</exception>
    public static void Write(Utf8JsonWriter writer, ChatCompletionRequest request)
    {
        writer.WriteStartObject();
        WriteStringIfNotNull(writer, Model, request.Model);
        if (request.Messages is { } messages)
        {
            writer.WriteStartArray(Messages);
            foreach (RequestMessage? message in messages)
            {
                WriteMessage(writer, message);
            }

            writer.WriteEndArray();
        }

        if (request.Stream is bool stream)
        {
            writer.WriteBoolean(Stream, stream);
        }

        if (request.StreamOptions is { } streamOptions)
        {
            writer.WriteStartObject(StreamOptions);
            writer.WriteBoolean(IncludeUsage, streamOptions.IncludeUsage);
            writer.WriteEndObject();
        }

        WriteNumberIfNotNull(writer, Temperature, request.Temperature);
        WriteNumberIfNotNull(writer, TopP, request.TopP);
        if (request.TopK is int topK)
        {
            writer.WriteNumber(TopK, topK);
        }

        if (request.MaxTokens is int maxTokens)
        {
            writer.WriteNumber(MaxTokens, maxTokens);
        }

        if (request.Stop is { } stop)
        {
            writer.WriteStartArray(Stop);
            foreach (string? sequence in stop)
            {
                writer.WriteStringValue(sequence);
            }

            writer.WriteEndArray();
        }

        if (request.Seed is long seed)
        {
            writer.WriteNumber(Seed, seed);
        }

        WriteNumberIfNotNull(writer, FrequencyPenalty, request.FrequencyPenalty);
        WriteNumberIfNotNull(writer, PresencePenalty, request.PresencePenalty);
        if (request.ResponseFormat is { } format)
        {
            writer.WritePropertyName(ResponseFormat);
            WriteResponseFormat(writer, format);
        }

        if (request.Tools is { } tools)
        {
            writer.WriteStartArray(Tools);
            foreach (RequestTool? tool in tools)
            {
                WriteTool(writer, tool);
            }

            writer.WriteEndArray();
        }

        WriteElementIfNotNull(writer, ToolChoice, request.ToolChoice);
        if (request.ParallelToolCalls is bool parallel)
        {
            writer.WriteBoolean(ParallelToolCalls, parallel);
        }

        WriteStringIfNotNull(writer, ReasoningEffort, request.ReasoningEffort);
        if (request.ExtraFields is { } extra)
        {
            foreach (KeyValuePair<string, JsonElement> field in extra)
            {
                writer.WritePropertyName(field.Key);
                JsonElementWriter.Write(writer, field.Value);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter writer, RequestMessage? message)
    {
        if (message is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        WriteStringIfNotNull(writer, Role, message.Role);
        if (message.Content is { } content)
        {
            writer.WritePropertyName(Content);
            WriteContent(writer, content);
        }

        WriteStringIfNotNull(writer, Name, message.Name);
        if (message.ToolCalls is { } calls)
        {
            writer.WriteStartArray(ToolCalls);
            foreach (RequestToolCall? call in calls)
            {
                WriteToolCall(writer, call);
            }

            writer.WriteEndArray();
        }

        WriteStringIfNotNull(writer, ToolCallId, message.ToolCallId);
        WriteStringIfNotNull(writer, ReasoningContent, message.ReasoningContent);
        writer.WriteEndObject();
    }

    /// <summary>As <see cref="MessageContentConverter"/>: the parts when there are any, else the text (null when there is none).</summary>
    private static void WriteContent(Utf8JsonWriter writer, MessageContent content)
    {
        if (content.Parts is not { } parts)
        {
            JsonStringWriter.WriteValue(writer, content.Text);
            return;
        }

        writer.WriteStartArray();
        foreach (ContentPart? part in parts)
        {
            if (part is null)
            {
                writer.WriteNullValue();
                continue;
            }

            writer.WriteStartObject();
            WriteStringIfNotNull(writer, Type, part.Type);
            WriteStringIfNotNull(writer, Text, part.Text);
            if (part.ImageUrl is { } image)
            {
                writer.WriteStartObject(ImageUrl);
                WriteStringIfNotNull(writer, Url, image.Url);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteToolCall(Utf8JsonWriter writer, RequestToolCall? call)
    {
        if (call is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        WriteStringIfNotNull(writer, Id, call.Id);
        WriteStringIfNotNull(writer, Type, call.Type);
        if (call.Function is { } function)
        {
            writer.WriteStartObject(Function);
            WriteStringIfNotNull(writer, Name, function.Name);
            WriteStringIfNotNull(writer, Arguments, function.Arguments);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteTool(Utf8JsonWriter writer, RequestTool? tool)
    {
        if (tool is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        WriteStringIfNotNull(writer, Type, tool.Type);
        if (tool.Function is { } function)
        {
            writer.WriteStartObject(Function);
            WriteStringIfNotNull(writer, Name, function.Name);
            WriteStringIfNotNull(writer, Description, function.Description);
            WriteSchemaIfNotNull(writer, Parameters, function.Parameters);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteResponseFormat(Utf8JsonWriter writer, ResponseFormat format)
    {
        writer.WriteStartObject();
        WriteStringIfNotNull(writer, Type, format.Type);
        if (format.JsonSchema is { } schema)
        {
            writer.WriteStartObject(JsonSchema);
            WriteStringIfNotNull(writer, Name, schema.Name);
            WriteStringIfNotNull(writer, Description, schema.Description);
            WriteSchemaIfNotNull(writer, Schema, schema.Schema);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteStringIfNotNull(Utf8JsonWriter writer, JsonEncodedText name, string? value) =>
        JsonStringWriter.WriteIfNotNull(writer, name, value);

    private static void WriteNumberIfNotNull(Utf8JsonWriter writer, JsonEncodedText name, float? value)
    {
        if (value is float number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static void WriteElementIfNotNull(Utf8JsonWriter writer, JsonEncodedText name, JsonElement? value)
    {
        if (value is { } element)
        {
            writer.WritePropertyName(name);
            JsonElementWriter.Write(writer, element);
        }
    }

    private static void WriteSchemaIfNotNull(Utf8JsonWriter writer, JsonEncodedText name, JsonElement? value)
    {
        if (value is { } element)
        {
            writer.WritePropertyName(name);
            JsonElementWriter.WriteSchema(writer, element);
        }
    }
}
