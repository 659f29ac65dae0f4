using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Benchmarks;

/// <summary>
/// A prototype of the streaming parser this benchmark proposes for GreenPT.AI (not used by the library): one forward pass of
/// <see cref="Utf8JsonReader"/> over a chunk that goes straight to a <see cref="ChatResponseUpdate"/>, with no DTO graph,
/// no <c>object</c> string, and the stream's id and model strings decoded once and reused while their bytes repeat.
/// It covers what workload 1 needs (text, reasoning, finish reason); tool calls, usage and impact, which are rare, would
/// still go to the existing DTOs.
/// </summary>
internal sealed class PrototypeChunkParser
{
    private static readonly byte[] DoneMarker = "[DONE]"u8.ToArray();

    private readonly CachedString _id = new();
    private readonly CachedString _model = new();
    private DateTimeOffset? _createdAt;

    public ChatResponseUpdate? Parse(ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual(DoneMarker))
        {
            return null;
        }

        var reader = new Utf8JsonReader(data);
        reader.Read();
        string? id = null;
        string? model = null;
        string? content = null;
        string? reasoning = null;
        string? finishReason = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = _id.Read(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                model = _model.Read(ref reader);
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                reader.Read();
                _createdAt ??= DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64());
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                int depth = reader.CurrentDepth;
                if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadChoice(ref reader, ref content, ref reasoning, ref finishReason);
                }

                while (reader.CurrentDepth > depth || reader.TokenType != JsonTokenType.EndArray)
                {
                    reader.Read();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (content is null && reasoning is null && finishReason is null)
        {
            return null;
        }

        var contents = new List<AIContent>(1);
        if (reasoning is not null)
        {
            contents.Add(new TextReasoningContent(reasoning));
        }

        if (content is not null)
        {
            contents.Add(new TextContent(content));
        }

        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = id,
            MessageId = id,
            ModelId = model,
            CreatedAt = _createdAt,
            FinishReason = finishReason is null ? null : new ChatFinishReason(finishReason),
        };
    }

    private static void ReadChoice(ref Utf8JsonReader reader, ref string? content, ref string? reasoning, ref string? finishReason)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("content"u8))
                    {
                        reader.Read();
                        content = reader.TokenType == JsonTokenType.String && !reader.ValueSpan.IsEmpty ? reader.GetString() : null;
                    }
                    else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
                    {
                        reader.Read();
                        reasoning = reader.TokenType == JsonTokenType.String && !reader.ValueSpan.IsEmpty ? reader.GetString() : null;
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                finishReason = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>A string decoded once and handed out again while the same bytes keep coming.</summary>
    private sealed class CachedString
    {
        private byte[] _bytes = [];
        private string? _value;

        public string? Read(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return null;
            }

            if (_value is not null && !reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.SequenceEqual(_bytes))
            {
                return _value;
            }

            _value = reader.GetString()!;
            _bytes = Encoding.UTF8.GetBytes(_value);
            return _value;
        }
    }
}
