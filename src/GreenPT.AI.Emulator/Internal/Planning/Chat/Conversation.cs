using GreenPT.AI.Emulator.Internal.Validation;

namespace GreenPT.AI.Emulator.Internal.Planning.Chat;

/// <summary>What the answer rules read from the messages.</summary>
/// <param name="LastUserText">The text of the last <c>user</c> message (empty when there is none).</param>
/// <param name="LastUserImages">The number of images in that message.</param>
/// <param name="Last">The last message, whatever its role.</param>
/// <param name="MessageCount">The number of messages (part of every generated tool-call id).</param>
/// <param name="PromptTokens">Whitespace-separated words across every message text, at least 1.</param>
internal sealed record Conversation(string LastUserText, int LastUserImages, ChatTurn Last, int MessageCount, int PromptTokens)
{
    public static Conversation Of(IReadOnlyList<ChatTurn> messages)
    {
        var lastUser = messages.LastOrDefault(m => m.Role == "user");
        int words = messages.Sum(m => TextTokens.CountWords(m.Text));
        return new Conversation(lastUser?.Text ?? string.Empty, lastUser?.Images ?? 0, messages[^1], messages.Count, Math.Max(1, words));
    }
}
