using System.Text;
using GreenPT.AI.Impact;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Mapping;

/// <summary>
/// Turns the chunks of one GreenPT stream into <see cref="ChatResponseUpdate"/>s. No I/O: the caller feeds chunks in
/// order and asks for the final update when the stream ends.
/// </summary>
/// <remarks>
/// Text and reasoning are passed on at once, chunk by chunk. Tool-call fragments are collected and emitted once, fully
/// assembled, when the finish reason (or the end of the stream) arrives. Usage and impact may come on the finish chunk
/// or on a trailing chunk with no choices; the last seen wins, and both go on a final update that has no
/// <see cref="ChatResponseUpdate.MessageId"/>, so coalescing puts the impact on the response.
/// </remarks>
/// <param name="dropReasoning">Whether reasoning deltas are left out (the caller asked for <see cref="ReasoningOutput.None"/>).</param>
internal sealed class ChatStreamAssembler(bool dropReasoning = false)
{
    private string? _responseId;
    private string? _modelId;
    private DateTimeOffset? _createdAt;
    private ChatFinishReason? _finishReason;
    private ResponseUsage? _usage;
    private ImpactDto? _impact;
    private GreenPTRawJson? _usageRaw;
    private SortedDictionary<int, ToolCallBuilder>? _toolCalls;
    private readonly Dictionary<int, int> _toolCallKeys = [];
    private int _nextToolCallKey;

    /// <summary>Whether a finish reason has arrived, which makes an end of stream without <c>[DONE]</c> acceptable.</summary>
    public bool HasFinished => _finishReason is not null;

    /// <summary>The update for this chunk's text, reasoning or completed tool calls, or <see langword="null"/> when it carries none.</summary>
    public ChatResponseUpdate? Add(ChatCompletionResponse chunk)
    {
        // The first id is kept for the whole stream: if a server varied it, coalescing would split the message.
        _responseId ??= ChatResponseMapper.NonBlank(chunk.Id);
        _modelId = ChatResponseMapper.NonBlank(chunk.Model) ?? _modelId;
        _createdAt ??= UnixTime.FromSeconds(chunk.Created);
        _usage = chunk.Usage ?? _usage;
        _impact = chunk.Impact ?? _impact;
        if (chunk.Usage is not null || chunk.Impact is not null)
        {
            _usageRaw = chunk.Raw; // the event the final update's usage and impact come from
        }

        if (chunk.Choices is not { Count: > 0 } choices)
        {
            return null;
        }

        ResponseChoice choice = choices[0];
        List<AIContent>? contents = null;
        if (choice.Delta is { } delta)
        {
            if (!dropReasoning && ChatResponseMapper.ReasoningOf(delta) is { Length: > 0 } reasoning)
            {
                (contents ??= new List<AIContent>(1)).Add(new TextReasoningContent(reasoning));
            }

            if (delta.Content is { Length: > 0 } text)
            {
                (contents ??= new List<AIContent>(1)).Add(new TextContent(text));
            }

            if (delta.Refusal is { Length: > 0 } refusal)
            {
                (contents ??= new List<AIContent>(1)).Add(new TextContent(refusal));
            }

            if (delta.ToolCalls is { } fragments)
            {
                AddToolCallFragments(fragments);
            }
        }

        ChatFinishReason? finishReason = ChatResponseMapper.FromFinishReason(choice.FinishReason);
        if (finishReason is not null)
        {
            _finishReason = finishReason;
            AddCompletedToolCalls(ref contents);
        }

        if (contents is null && finishReason is null)
        {
            return null;
        }

        return new ChatResponseUpdate(ChatRole.Assistant, contents ?? new List<AIContent>(0))
        {
            ResponseId = _responseId,
            MessageId = _responseId,
            ModelId = _modelId,
            CreatedAt = _createdAt,
            FinishReason = finishReason,
            RawRepresentation = chunk.Raw,
        };
    }

    /// <summary>
    /// The last update: tool calls not yet emitted, usage and impact. It has no message id, so its
    /// <c>impact</c> lands on the coalesced <see cref="ChatResponse"/>. <see langword="null"/> when there is nothing to report.
    /// </summary>
    public ChatResponseUpdate? Complete()
    {
        List<AIContent>? contents = null;
        AddCompletedToolCalls(ref contents);
        UsageDetails? usage = UsageMapper.FromUsage(_usage, _impact, out GreenPTImpact? impact);
        if (usage is not null)
        {
            (contents ??= []).Add(new UsageContent(usage));
        }

        if (contents is null)
        {
            return null;
        }

        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = _responseId,
            ModelId = _modelId,
            CreatedAt = _createdAt,
            FinishReason = _finishReason,
            AdditionalProperties = impact is null ? null : new() { [GreenPTPropertyNames.Impact] = ImpactMapper.ToPropertyValue(impact) },
            RawRepresentation = usage is null ? null : _usageRaw,
        };
    }

    private void AddToolCallFragments(List<ResponseToolCall> fragments)
    {
        _toolCalls ??= [];
        foreach (ResponseToolCall fragment in fragments)
        {
            string? fragmentId = ChatResponseMapper.NonBlank(fragment.Id);

            // Fragments without an index belong to the call begun last (or start the first one).
            int index = fragment.Index ?? (fragmentId is not null ? _nextToolCallKey : Math.Max(0, _nextToolCallKey - 1));
            if (!_toolCallKeys.TryGetValue(index, out int key) ||
                (fragmentId is { } id && _toolCalls[key].Id is { } existing && existing != id))
            {
                // A new index, or a new id at a used index (some backends send every complete call at index 0): a new call.
                key = _nextToolCallKey++;
                _toolCallKeys[index] = key;
                _toolCalls[key] = new ToolCallBuilder();
            }

            ToolCallBuilder builder = _toolCalls[key];
            builder.Id ??= fragmentId;
            builder.Name ??= fragment.Function?.Name;
            if (fragment.Function?.Arguments is { } piece)
            {
                builder.Arguments.Append(piece);
            }
        }
    }

    private void AddCompletedToolCalls(ref List<AIContent>? contents)
    {
        if (_toolCalls is not { Count: > 0 } calls)
        {
            return;
        }

        foreach (KeyValuePair<int, ToolCallBuilder> call in calls)
        {
            string id = call.Value.Id ?? ToolCallIds.ForMissing(_responseId, call.Key);
            (contents ??= []).Add(ChatResponseMapper.FromToolCall(id, call.Value.Name, call.Value.Arguments.ToString(), raw: null));
        }

        calls.Clear();
        _toolCallKeys.Clear();
    }

    private sealed class ToolCallBuilder
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
