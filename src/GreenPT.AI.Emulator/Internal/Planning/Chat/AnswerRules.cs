using System.Globalization;
using GreenPT.AI.Emulator.Internal.Validation;

namespace GreenPT.AI.Emulator.Internal.Planning.Chat;

/// <summary>A decided answer, before it is cut into tokens.</summary>
internal sealed record Answer(string? Reasoning, string? Content, IReadOnlyList<PlannedToolCall> ToolCalls, string? FinishReason = null);

/// <summary>A tool call to make: its id, function name and arguments (a JSON text).</summary>
internal sealed record PlannedToolCall(string Id, string Name, string Arguments);

/// <summary>
/// The deterministic answers, first match wins: a scripted answer; a report of the tool result when the last message is
/// <c>tool</c>; a tool call when tools are on and the last message is <c>user</c>; else the user's text repeated back.
/// </summary>
internal static class AnswerRules
{
    public const string AnswerSuffix = " This answer comes from the GreenPT emulator.";

    public static Answer Decide(ValidatedChatRequest request, Conversation conversation, EmulatorScript? scripted)
    {
        if (scripted is not null)
        {
            return FromScript(scripted, conversation);
        }

        if (conversation.Last.Role == "tool")
        {
            return ReportToolResult(request, conversation.Last.Text);
        }

        return request.Tools.Count > 0 && !request.ToolChoice.ToolsOff && conversation.Last.Role == "user"
            ? CallTool(request, conversation)
            : RepeatBack(request, conversation);
    }

    private static Answer FromScript(EmulatorScript scripted, Conversation conversation)
    {
        var calls = (scripted.ToolCalls ?? [])
            .Select((call, i) => new PlannedToolCall(call.Id ?? ToolCallId(conversation, call.Name, i), call.Name, call.Arguments))
            .ToList();
        return new Answer(scripted.Reasoning, scripted.Content, calls, scripted.FinishReason);
    }

    private static Answer ReportToolResult(ValidatedChatRequest request, string result)
        => new(
            request.Thinking ? $"A tool returned \"{result}\". I will report the result to the user." : null,
            $"The tool returned: \"{result}\"." + AnswerSuffix,
            []);

    private static Answer CallTool(ValidatedChatRequest request, Conversation conversation)
    {
        string? named = request.ToolChoice.FunctionName;
        var tool = named is null ? request.Tools[0] : request.Tools.First(t => t.Name == named);
        string text = conversation.LastUserText;
        var call = new PlannedToolCall(ToolCallId(conversation, tool.Name, 0), tool.Name, ToolArguments.Build(tool.Parameters, text));
        return new Answer(request.Thinking ? $"The user said \"{text}\". I will call the {tool.Name} tool." : null, null, [call]);
    }

    private static Answer RepeatBack(ValidatedChatRequest request, Conversation conversation)
    {
        string text = conversation.LastUserText;
        string images = conversation.LastUserImages switch
        {
            0 => string.Empty,
            1 => " I received 1 image.",
            int n => $" I received {n.ToString(CultureInfo.InvariantCulture)} images.",
        };
        return new Answer(request.Thinking ? $"The user said \"{text}\". I will repeat it back." : null, $"You said: \"{text}\".{images}{AnswerSuffix}", []);
    }

    /// <summary>9 alphanumeric characters from the user text, the function, the call's index and the message count.</summary>
    private static string ToolCallId(Conversation conversation, string name, int index)
        => TextTokens.ToolCallId($"{conversation.LastUserText}\0{name}\0{index}\0{conversation.MessageCount}");
}
