using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal.Validation;

/// <summary>
/// Emulates the interleaved-thinking backends that refuse a conversation whose assistant tool-call turns come back without the
/// reasoning they were answered with (<see cref="GreenPTEmulatorOptions.ModelsRequiringReasoningBack"/>): HTTP 400, <c>param</c> naming
/// the message. Only while the model thinks (a <c>reasoning_effort</c> other than <c>none</c>).
/// </summary>
internal static class ReasoningHistoryValidator
{
    /// <exception cref="InvalidRequestException">An assistant message with <c>tool_calls</c> has no <c>reasoning_content</c> (or <c>reasoning</c>).</exception>
    public static void Check(JsonElement root, ValidatedChatRequest request, IReadOnlyCollection<string>? modelsRequiringIt)
    {
        if (!request.Thinking || modelsRequiringIt is not { Count: > 0 } || !modelsRequiringIt.Contains(request.Model.Id))
        {
            return;
        }

        int index = 0;
        foreach (JsonElement message in root.GetProperty("messages").EnumerateArray())
        {
            if (JsonFields.String(message, "role") == "assistant"
                && message.TryGetProperty("tool_calls", out JsonElement calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0
                && !HasReasoning(message))
            {
                throw InvalidRequestException.BadRequest(
                    $"'messages[{index}]' is an assistant message with tool_calls but no reasoning_content: in thinking mode, model " +
                    $"'{request.Model.Id}' requires the reasoning of every tool-call turn to be passed back.",
                    $"messages[{index}].reasoning_content");
            }

            index++;
        }
    }

    private static bool HasReasoning(JsonElement message) =>
        JsonFields.String(message, "reasoning_content") is { Length: > 0 } || JsonFields.String(message, "reasoning") is { Length: > 0 };
}
