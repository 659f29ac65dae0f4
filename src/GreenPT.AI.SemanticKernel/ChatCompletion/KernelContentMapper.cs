using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using SK = Microsoft.SemanticKernel;

namespace GreenPT.AI.SemanticKernel.ChatCompletion;

/// <summary>
/// Between Semantic Kernel's chat types and MEAI's, keeping what Semantic Kernel's own conversion drops: reasoning (as
/// <see cref="ReasoningContent"/> and <see cref="StreamingReasoningContent"/>) and the whole <see cref="ChatResponse"/> (as the last
/// message's <see cref="KernelContent.InnerContent"/>, so that <c>FunctionResult.GetValue&lt;ChatResponse&gt;()</c> has every call of a
/// function-calling loop). Pure functions.
/// </summary>
internal static class KernelContentMapper
{
    /// <summary>The metadata key under which Semantic Kernel puts a message's usage.</summary>
    public const string UsageKey = "Usage";

    /// <summary>The chat history as MEAI messages; reasoning in it is kept as <see cref="TextReasoningContent"/>.</summary>
    public static List<ChatMessage> ToChatMessages(ChatHistory history)
    {
        var messages = new List<ChatMessage>(history.Count);
        foreach (ChatMessageContent content in history)
        {
            ChatMessage message = content.ToChatMessage();
            int position = 0;
            foreach (KernelContent item in content.Items)
            {
                if (item is ReasoningContent { Text.Length: > 0 } reasoning)
                {
                    message.Contents.Insert(position++, new TextReasoningContent(reasoning.Text) { RawRepresentation = reasoning });
                }
            }

            messages.Add(message);
        }

        return messages;
    }

    /// <summary>
    /// One MEAI message as Semantic Kernel's: text, reasoning, images, function calls and results; its metadata is the message's
    /// properties (for the last message, over the response's) plus <c>Usage</c>.
    /// </summary>
    public static ChatMessageContent ToChatMessageContent(ChatMessage message, ChatResponse response, bool isLast)
    {
        var metadata = new AdditionalPropertiesDictionary();
        if (isLast && response.AdditionalProperties is { } responseProperties)
        {
            foreach (KeyValuePair<string, object?> property in responseProperties)
            {
                metadata[property.Key] = property.Value;
            }
        }

        if (message.AdditionalProperties is { } messageProperties)
        {
            foreach (KeyValuePair<string, object?> property in messageProperties)
            {
                metadata[property.Key] = property.Value;
            }
        }

        metadata[UsageKey] = isLast ? response.Usage : null;
        var content = new ChatMessageContent
        {
            Role = new AuthorRole(message.Role.Value),
            AuthorName = message.AuthorName,
            ModelId = response.ModelId,
            InnerContent = isLast ? response : message,
            Metadata = metadata,
        };

        foreach (AIContent item in message.Contents)
        {
            if (ToKernelContent(item, response) is { } kernelContent)
            {
                kernelContent.InnerContent = item;
                kernelContent.ModelId = response.ModelId;
                kernelContent.Metadata = item.AdditionalProperties;
                content.Items.Add(kernelContent);
            }
        }

        return content;
    }

    /// <summary>A streaming update as Semantic Kernel's, with reasoning as <see cref="StreamingReasoningContent"/> and the update itself as inner content.</summary>
    public static StreamingChatMessageContent ToStreamingChatMessageContent(ChatResponseUpdate update)
    {
        var metadata = new AdditionalPropertiesDictionary();
        if (update.AdditionalProperties is { } properties)
        {
            foreach (KeyValuePair<string, object?> property in properties)
            {
                metadata[property.Key] = property.Value;
            }
        }

        var content = new StreamingChatMessageContent(update.Role is { } role ? new AuthorRole(role.Value) : null, content: null, innerContent: update, modelId: update.ModelId)
        {
            AuthorName = update.AuthorName,
        };

        int callIndex = 0;
        foreach (AIContent item in update.Contents)
        {
            StreamingKernelContent? streamingItem = item switch
            {
                Microsoft.Extensions.AI.TextContent { Text.Length: > 0 } text => new StreamingTextContent(text.Text, modelId: update.ModelId),
                TextReasoningContent { Text.Length: > 0 } reasoning => new StreamingReasoningContent(reasoning.Text),
                Microsoft.Extensions.AI.FunctionCallContent call => new StreamingFunctionCallUpdateContent(
                    call.CallId, call.Name, call.Arguments is null ? null : JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>))), callIndex++),
                _ => null,
            };

            if (item is UsageContent usage)
            {
                metadata[UsageKey] = usage;
            }

            if (streamingItem is not null)
            {
                streamingItem.InnerContent = item;
                content.Items.Add(streamingItem);
            }
        }

        content.Metadata = metadata;
        return content;
    }

    private static KernelContent? ToKernelContent(AIContent item, ChatResponse response) => item switch
    {
        Microsoft.Extensions.AI.TextContent text => new SK.TextContent(text.Text),
        TextReasoningContent reasoning => new ReasoningContent(reasoning.Text),
        DataContent data when data.HasTopLevelMediaType("image") => new ImageContent(data.Data, data.MediaType),
        UriContent uri when uri.HasTopLevelMediaType("image") => new ImageContent(uri.Uri) { MimeType = uri.MediaType },
        Microsoft.Extensions.AI.FunctionCallContent call => new SK.FunctionCallContent(
            call.Name, pluginName: null, id: call.CallId, arguments: call.Arguments is null ? null : new KernelArguments(call.Arguments)),
        Microsoft.Extensions.AI.FunctionResultContent result => new SK.FunctionResultContent(
            FunctionNameOf(result.CallId, response), pluginName: null, callId: result.CallId, result: result.Result),
        _ => null,
    };

    private static string? FunctionNameOf(string callId, ChatResponse response)
    {
        foreach (ChatMessage message in response.Messages)
        {
            foreach (AIContent content in message.Contents)
            {
                if (content is Microsoft.Extensions.AI.FunctionCallContent call && call.CallId == callId)
                {
                    return call.Name;
                }
            }
        }

        return null;
    }
}
