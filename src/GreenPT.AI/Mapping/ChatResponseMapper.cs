using System.Text.Json;
using GreenPT.AI.Impact;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Mapping;

/// <summary>Turns GreenPT's response bodies into MEAI objects. Pure functions.</summary>
internal static class ChatResponseMapper
{
    /// <summary>
    /// A non-streaming completion becomes one assistant message (reasoning, text, then tool calls) whose
    /// <c>impact</c> is on both the message and the response.
    /// </summary>
    /// <param name="completion">The server's answer.</param>
    /// <param name="dropReasoning">Whether reasoning is left out (the caller asked for <see cref="ReasoningOutput.None"/>).</param>
    public static ChatResponse FromChatCompletion(ChatCompletionResponse completion, bool dropReasoning = false)
    {
        ResponseChoice? choice = completion.Choices is { Count: > 0 } choices ? choices[0] : null;
        ResponseMessage? wireMessage = choice?.Message;
        DateTimeOffset? createdAt = UnixTime.FromSeconds(completion.Created);
        string? id = NonBlank(completion.Id);

        var message = new ChatMessage(FromRole(wireMessage?.Role), FromMessageContents(wireMessage, id, dropReasoning, completion.Raw))
        {
            MessageId = id,
            CreatedAt = createdAt,
            RawRepresentation = completion.Raw,
        };

        var response = new ChatResponse(message)
        {
            ResponseId = id,
            ModelId = NonBlank(completion.Model),
            CreatedAt = createdAt,
            FinishReason = FromFinishReason(choice?.FinishReason),
            Usage = UsageMapper.FromUsage(completion.Usage, completion.Impact, out GreenPTImpact? impact),
            RawRepresentation = completion.Raw,
        };

        if (impact is not null)
        {
            object value = ImpactMapper.ToPropertyValue(impact);
            message.AdditionalProperties = new() { [GreenPTPropertyNames.Impact] = value };
            response.AdditionalProperties = new() { [GreenPTPropertyNames.Impact] = value };
        }

        return response;
    }

    private static List<AIContent> FromMessageContents(ResponseMessage? message, string? responseId, bool dropReasoning, GreenPTRawJson? raw)
    {
        var contents = new List<AIContent>();
        if (message is null)
        {
            return contents;
        }

        if (!dropReasoning && ReasoningOf(message) is { Length: > 0 } reasoning)
        {
            contents.Add(new TextReasoningContent(reasoning) { RawRepresentation = raw });
        }

        if (message.Content is { Length: > 0 } text)
        {
            contents.Add(new TextContent(text) { RawRepresentation = raw });
        }

        if (message.Refusal is { Length: > 0 } refusal)
        {
            contents.Add(new TextContent(refusal) { RawRepresentation = raw });
        }

        if (message.ToolCalls is { } toolCalls)
        {
            for (int i = 0; i < toolCalls.Count; i++)
            {
                ResponseToolCall toolCall = toolCalls[i];
                string id = NonBlank(toolCall.Id) ?? ToolCallIds.ForMissing(responseId, i);
                contents.Add(FromToolCall(id, toolCall.Function?.Name, toolCall.Function?.Arguments, raw));
            }
        }

        return contents;
    }

    /// <summary>GreenPT documents <c>reasoning_content</c>; several of its backends send <c>reasoning</c>.</summary>
    public static string? ReasoningOf(ResponseMessage message) => message.ReasoningContent ?? message.Reasoning;

    /// <summary>A complete tool call. A parse failure of its arguments lands in <see cref="FunctionCallContent.Exception"/>.</summary>
    public static FunctionCallContent FromToolCall(string? id, string? name, string? argumentsJson, object? raw)
    {
        FunctionCallContent call = FunctionCallContent.CreateFromParsedArguments(
            string.IsNullOrWhiteSpace(argumentsJson) ? "{}" : argumentsJson!,
            id ?? string.Empty,
            name ?? string.Empty,
            static json => (IDictionary<string, object?>?)JsonSerializer.Deserialize(json, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>))));
        call.RawRepresentation = raw;
        return call;
    }

    /// <summary>A role from the wire; none, or an empty or blank one (which <see cref="ChatRole"/> refuses), is the assistant's.</summary>
    public static ChatRole FromRole(string? role) => role switch
    {
        _ when string.IsNullOrWhiteSpace(role) => ChatRole.Assistant,
        "assistant" => ChatRole.Assistant,
        "user" => ChatRole.User,
        "system" => ChatRole.System,
        "tool" => ChatRole.Tool,
        _ => new ChatRole(role!),
    };

    /// <summary>
    /// Known reasons map to MEAI's; any other value is kept as it came, never turned into Stop. None, or an empty or blank one
    /// (which <see cref="ChatFinishReason"/> refuses), is no reason.
    /// </summary>
    public static ChatFinishReason? FromFinishReason(string? reason) => reason switch
    {
        _ when string.IsNullOrWhiteSpace(reason) => null,
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason!),
    };

    /// <summary>An id or name from the wire, or <see langword="null"/> for an empty or blank one, which identifies nothing.</summary>
    public static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
