using System.Text.Json;
using GreenPT.AI.Emulator.Internal.Validation;

namespace GreenPT.AI.Emulator.Internal.Planning.Chat;

/// <summary>Turns a validated chat request into its plan: the answer (see <see cref="AnswerRules"/>) cut into tokens.</summary>
internal static class ChatPlanner
{
    private const int ArgumentFragmentChars = 8;

    /// <param name="request">The validated request.</param>
    /// <param name="root">The request document, handed to <paramref name="script"/>.</param>
    /// <param name="script">The scripted-answer hook, if any.</param>
    /// <param name="reasoningField">The JSON name of the reasoning field.</param>
    public static ChatPlan Plan(ValidatedChatRequest request, JsonElement root, Func<JsonElement, EmulatorScript?>? script, string reasoningField)
    {
        var conversation = Conversation.Of(request.Messages);
        var answer = AnswerRules.Decide(request, conversation, script?.Invoke(root));
        var units = Tokens(answer);
        string finish = answer.FinishReason ?? (answer.ToolCalls.Count > 0 ? "tool_calls" : "stop");
        if (request.MaxTokens is { } max && units.Count > max)
        {
            units.RemoveRange(max, units.Count - max);
            finish = "length";
        }

        return new ChatPlan
        {
            Model = request.Model.Id,
            Stream = request.Stream,
            IncludeUsage = request.IncludeUsage,
            LastUserText = conversation.LastUserText,
            PromptTokens = conversation.PromptTokens,
            Units = units,
            FinishReason = finish,
            ReasoningField = reasoningField,
        };
    }

    /// <summary>Reasoning tokens, then content tokens, then each tool call: a header unit and its arguments in 8-character fragments.</summary>
    private static List<Unit> Tokens(Answer answer)
    {
        var units = new List<Unit>();
        units.AddRange(TextTokens.Split(answer.Reasoning ?? string.Empty).Select(t => new Unit(UnitKind.Reasoning, t)));
        units.AddRange(TextTokens.Split(answer.Content ?? string.Empty).Select(t => new Unit(UnitKind.Content, t)));
        for (int i = 0; i < answer.ToolCalls.Count; i++)
        {
            var call = answer.ToolCalls[i];
            units.Add(new Unit(UnitKind.ToolCallStart, string.Empty, i, call.Id, call.Name));
            units.AddRange(TextTokens.Chunk(call.Arguments, ArgumentFragmentChars).Select(piece => new Unit(UnitKind.ToolCallArguments, piece, i)));
        }

        return units;
    }
}
