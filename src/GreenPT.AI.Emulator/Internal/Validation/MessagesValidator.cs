using System.Text.Json;
using GreenPT.AI.Emulator.Internal.Planning.Models;

namespace GreenPT.AI.Emulator.Internal.Validation;

/// <summary>
/// <c>messages</c>: a non-empty array of objects with a known role and content (a string or content parts; an assistant
/// message with <c>tool_calls</c> may omit it). Mistral-backed models also check tool-call ids.
/// </summary>
internal static class MessagesValidator
{
    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "developer", "user", "assistant", "tool" };

    public static List<ChatTurn> ReadMessages(JsonElement root, ModelInfo model)
    {
        if (!JsonFields.TryGet(root, "messages", out var messages))
        {
            throw InvalidRequestException.BadRequest("Missing required parameter: 'messages'.", "messages");
        }

        if (messages.ValueKind != JsonValueKind.Array)
        {
            throw InvalidRequestException.BadRequest("'messages' must be an array.", "messages");
        }

        if (messages.GetArrayLength() == 0)
        {
            throw InvalidRequestException.BadRequest("'messages' must contain at least one message.", "messages");
        }

        var turns = new List<ChatTurn>();
        foreach (var message in messages.EnumerateArray())
        {
            turns.Add(ReadMessage(message, $"messages[{turns.Count}]", model));
        }

        return turns;
    }

    private static ChatTurn ReadMessage(JsonElement message, string p, ModelInfo model)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw InvalidRequestException.BadRequest($"'{p}' must be an object.", p);
        }

        if (JsonFields.String(message, "role") is not { } role || !Roles.Contains(role))
        {
            throw InvalidRequestException.BadRequest($"'{p}.role' must be one of system, developer, user, assistant, tool.", p + ".role");
        }

        bool hasToolCalls = message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0;
        var (text, images) = ContentReader.Read(message, p, contentRequired: !(role == "assistant" && hasToolCalls));
        if (model.MistralToolIds)
        {
            CheckMistralToolIds(message, p, role, hasToolCalls ? calls : default);
        }

        return new ChatTurn(role, text, images);
    }

    /// <summary>Mistral-backed lanes accept only tool-call ids of exactly 9 characters of <c>[A-Za-z0-9]</c>, as the live API does.</summary>
    private static void CheckMistralToolIds(JsonElement message, string p, string role, JsonElement calls)
    {
        if (role == "tool")
        {
            CheckMistralToolId(JsonFields.String(message, "tool_call_id"), p + ".tool_call_id");
        }

        if (calls.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        int index = 0;
        foreach (var call in calls.EnumerateArray())
        {
            CheckMistralToolId(call.ValueKind == JsonValueKind.Object ? JsonFields.String(call, "id") : null, $"{p}.tool_calls[{index++}].id");
        }
    }

    private static void CheckMistralToolId(string? id, string param)
    {
        if (id is not { Length: 9 } || !id.All(char.IsAsciiLetterOrDigit))
        {
            throw InvalidRequestException.BadRequest($"Tool call id was {id ?? "null"} but must be a-z, A-Z, 0-9, with a length of 9.", param);
        }
    }
}
