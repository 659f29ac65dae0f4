using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.IntegrationTests.Infrastructure;

/// <summary>The emulator's deterministic answers (see src/GreenPT.AI.Emulator/README.md) and small readers of responses.</summary>
internal static class Answers
{
    public static string Content(string prompt) => $"You said: \"{prompt}\". This answer comes from the GreenPT emulator.";

    public static string Reasoning(string prompt) => $"The user said \"{prompt}\". I will repeat it back.";

    public static string ToolReasoning(string prompt, string tool) => $"The user said \"{prompt}\". I will call the {tool} tool.";

    public static string AfterTool(string result) => $"The tool returned: \"{result}\". This answer comes from the GreenPT emulator.";

    public static string ReasoningText(ChatResponse response) =>
        string.Concat(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Select(r => r.Text));

    public static string ReasoningText(IEnumerable<ChatResponseUpdate> updates) =>
        string.Concat(updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>().Select(r => r.Text));

    public static string Text(IEnumerable<ChatResponseUpdate> updates)
    {
        var text = new StringBuilder();
        foreach (ChatResponseUpdate update in updates)
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }

    /// <summary>The JSON body of a recorded request.</summary>
    public static JsonElement Json(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
