using System.Text.Json;
using GreenPT.AI.Emulator.Internal.Planning.Models;

namespace GreenPT.AI.Emulator.Internal.Validation;

/// <summary>
/// Validates a chat request the way GreenPT does (HTTP 400, <c>invalid_request_error</c>, <c>param</c> naming the
/// field), checking the fields in a fixed order so that the first problem is the one reported.
/// </summary>
internal static class ChatRequestValidator
{
    /// <exception cref="InvalidRequestException">The request is refused.</exception>
    public static ValidatedChatRequest Validate(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw InvalidRequestException.BadRequest("The request body must be a JSON object.", null);
        }

        var model = ReadModel(root);
        bool stream = ReadBoolean(root, "stream", "'stream' must be a boolean.", "stream");
        bool includeUsage = ReadIncludeUsage(root);
        string? effort = ReadEffort(root, model);
        bool thinking = model.Reasoning && effort != "none";
        int? maxTokens = ReadMaxTokens(root);
        var tools = ToolsValidator.ReadTools(root);
        var toolChoice = ToolsValidator.ReadToolChoice(root, tools);
        var messages = MessagesValidator.ReadMessages(root, model);
        return new ValidatedChatRequest
        {
            Model = model,
            Stream = stream,
            IncludeUsage = includeUsage,
            Thinking = thinking,
            MaxTokens = maxTokens,
            Tools = tools,
            ToolChoice = toolChoice,
            Messages = messages,
        };
    }

    private static ModelInfo ReadModel(JsonElement root)
    {
        if (!JsonFields.TryGet(root, "model", out var element))
        {
            throw InvalidRequestException.BadRequest("Missing required parameter: 'model'.", "model");
        }

        if (element.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(element.GetString()))
        {
            throw InvalidRequestException.BadRequest("'model' must be a non-empty string.", "model");
        }

        string id = element.GetString()!;
        var model = ModelCatalog.Find(id)
            ?? throw InvalidRequestException.BadRequest($"Unsupported model: '{id}'. GET /v1/models lists the available models.", "model");
        return model.Kind == ModelKind.Chat
            ? model
            : throw InvalidRequestException.BadRequest($"Unsupported model for chat completions: '{id}' is not a chat model.", "model");
    }

    private static bool ReadBoolean(JsonElement obj, string name, string message, string param)
    {
        if (!JsonFields.TryGet(obj, name, out var value))
        {
            return false;
        }

        return JsonFields.IsBoolean(value) ? value.GetBoolean() : throw InvalidRequestException.BadRequest(message, param);
    }

    private static bool ReadIncludeUsage(JsonElement root)
    {
        if (!JsonFields.TryGet(root, "stream_options", out var options))
        {
            return false;
        }

        if (options.ValueKind != JsonValueKind.Object)
        {
            throw InvalidRequestException.BadRequest("'stream_options' must be an object.", "stream_options");
        }

        return ReadBoolean(options, "include_usage", "'stream_options.include_usage' must be a boolean.", "stream_options.include_usage");
    }

    /// <summary>The <c>reasoning_effort</c>, which must be one the model accepts; <see langword="null"/> when not sent.</summary>
    private static string? ReadEffort(JsonElement root, ModelInfo model)
    {
        if (!JsonFields.TryGet(root, "reasoning_effort", out var element))
        {
            return null;
        }

        string? effort = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (effort is not null && Array.IndexOf(model.EffortValues, effort) >= 0)
        {
            return effort;
        }

        string shown = effort ?? element.GetRawText();
        throw InvalidRequestException.BadRequest(
            $"Invalid value for 'reasoning_effort': '{shown}' is not supported by model '{model.Id}'. Supported values: {string.Join(", ", model.EffortValues)}.",
            "reasoning_effort");
    }

    /// <summary><c>max_tokens</c>, with <c>max_completion_tokens</c> as an alias (the smaller wins when both are sent).</summary>
    private static int? ReadMaxTokens(JsonElement root)
    {
        int? maxTokens = null;
        foreach (string name in (ReadOnlySpan<string>)["max_tokens", "max_completion_tokens"])
        {
            if (!JsonFields.TryGet(root, name, out var element))
            {
                continue;
            }

            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out int value) || value < 1)
            {
                throw InvalidRequestException.BadRequest($"'{name}' must be a positive integer.", name);
            }

            maxTokens = Math.Min(maxTokens ?? value, value);
        }

        return maxTokens;
    }
}
