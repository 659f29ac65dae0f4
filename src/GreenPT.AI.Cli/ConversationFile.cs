using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Cli;

/// <summary>
/// <c>/save</c> and <c>/load</c>: the conversation as JSON, the text of each user and assistant message (reasoning and impact are
/// not part of a conversation sent back to GreenPT), with the model and the thinking switch.
/// </summary>
internal static class ConversationFile
{
    public const string Format = "greenpt-conversation";
    public const int Version = 1;

    public static async Task SaveAsync(string path, string model, bool think, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var document = new ConversationDocument(Format, Version, model, think,
            [.. messages.Select(message => new ConversationMessage(message.Role == ChatRole.Assistant ? "assistant" : "user", message.Text))]);
        await using FileStream stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, document, ConversationJson.Default.ConversationDocument, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<ConversationDocument> LoadAsync(string path, CancellationToken cancellationToken)
    {
        ConversationDocument? document;
        try
        {
            await using FileStream stream = File.OpenRead(path);
            document = await JsonSerializer.DeserializeAsync(stream, ConversationJson.Default.ConversationDocument, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new CliException($"{path} is not a saved conversation: {ex.Message}", ex);
        }

        if (document is null || document.Format != Format || document.Messages is null)
        {
            throw new CliException($"{path} is not a saved conversation (no \"format\": \"{Format}\" and \"messages\").");
        }

        if (document.Version > Version)
        {
            throw new CliException($"{path} was saved by a newer greenpt (format version {document.Version}).");
        }

        for (int i = 0; i < document.Messages.Count; i++)
        {
            ConversationMessage message = document.Messages[i];
            if (message.Role is not ("user" or "assistant") || message.Text is null)
            {
                throw new CliException($"{path}: message {i + 1} needs a role (user or assistant) and a text.");
            }
        }

        return document;
    }

    public static List<ChatMessage> ToMessages(ConversationDocument document) =>
        [.. document.Messages!.Select(message => new ChatMessage(message.Role == "assistant" ? ChatRole.Assistant : ChatRole.User, message.Text))];
}

internal sealed record ConversationDocument(string? Format, int Version, string? Model, bool? Think, IReadOnlyList<ConversationMessage>? Messages);

internal sealed record ConversationMessage(string? Role, string? Text);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConversationDocument))]
internal sealed partial class ConversationJson : JsonSerializerContext;
