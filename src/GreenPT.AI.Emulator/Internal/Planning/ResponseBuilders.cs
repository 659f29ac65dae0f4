using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using GreenPT.AI.Emulator.Internal.Validation;

namespace GreenPT.AI.Emulator.Internal;

/// <summary>Builds the JSON bodies and SSE chunk payloads.</summary>
internal static class ResponseBuilders
{
    public static long UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static byte[] Completion(ChatPlan plan, string id, long created)
    {
        var reasoning = new StringBuilder();
        var content = new StringBuilder();
        bool hasReasoning = false, hasContent = false;
        var calls = new SortedDictionary<int, (string Id, string Name, StringBuilder Args)>();
        foreach (var u in plan.Units)
        {
            switch (u.Kind)
            {
                case UnitKind.Reasoning:
                    hasReasoning = true;
                    reasoning.Append(u.Text);
                    break;
                case UnitKind.Content:
                    hasContent = true;
                    content.Append(u.Text);
                    break;
                case UnitKind.ToolCallStart:
                    calls[u.ToolIndex] = (u.ToolId!, u.ToolName!, new StringBuilder());
                    break;
                case UnitKind.ToolCallArguments:
                    calls[u.ToolIndex].Args.Append(u.Text);
                    break;
                default:
                    break;
            }
        }

        var impact = ImpactModel.Compute(plan.PromptTokens, plan.CompletionTokens);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("object", "chat.completion");
            w.WriteNumber("created", created);
            w.WriteString("model", plan.Model);
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            if (hasContent || calls.Count == 0)
            {
                w.WriteString("content", content.ToString());
            }
            else
            {
                w.WriteNull("content");
            }

            if (hasReasoning)
            {
                w.WriteString(plan.ReasoningField, reasoning.ToString());
            }

            if (calls.Count > 0)
            {
                w.WriteStartArray("tool_calls");
                foreach (var (_, call) in calls)
                {
                    w.WriteStartObject();
                    w.WriteString("id", call.Id);
                    w.WriteString("type", "function");
                    w.WriteStartObject("function");
                    w.WriteString("name", call.Name);
                    w.WriteString("arguments", call.Args.ToString());
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteNull("logprobs");
            w.WriteString("finish_reason", plan.FinishReason);
            w.WriteEndObject();
            w.WriteEndArray();
            ImpactModel.WriteChatUsage(w, plan.PromptTokens, plan.CompletionTokens, plan.ReasoningTokens, impact);
            ImpactModel.WriteImpact(w, impact);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteChunkHeader(Utf8JsonWriter w, string id, long? created, string model)
    {
        w.WriteString("id", id);
        w.WriteString("object", "chat.completion.chunk");
        if (created is { } c)
        {
            w.WriteNumber("created", c);
        }

        w.WriteString("model", model);
    }

    /// <summary>A delta chunk; <paramref name="unit"/> null means a role-only chunk with empty content.</summary>
    public static void DeltaChunk(Utf8JsonWriter w, string id, long created, ChatPlan plan, Unit? unit, bool first)
    {
        w.WriteStartObject();
        WriteChunkHeader(w, id, created, plan.Model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        if (first)
        {
            w.WriteString("role", "assistant");
        }

        if (unit is not { } u)
        {
            w.WriteString("content", string.Empty);
        }
        else
        {
            switch (u.Kind)
            {
                case UnitKind.Reasoning:
                    w.WriteString(plan.ReasoningField, u.Text);
                    break;
                case UnitKind.Content:
                    w.WriteString("content", u.Text);
                    break;
                case UnitKind.ToolCallStart:
                    w.WriteStartArray("tool_calls");
                    w.WriteStartObject();
                    w.WriteNumber("index", u.ToolIndex);
                    w.WriteString("id", u.ToolId);
                    w.WriteString("type", "function");
                    w.WriteStartObject("function");
                    w.WriteString("name", u.ToolName);
                    w.WriteString("arguments", string.Empty);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                    break;
                case UnitKind.ToolCallArguments:
                    w.WriteStartArray("tool_calls");
                    w.WriteStartObject();
                    w.WriteNumber("index", u.ToolIndex);
                    w.WriteStartObject("function");
                    w.WriteString("arguments", u.Text);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                    break;
                default:
                    break;
            }
        }

        w.WriteEndObject();
        w.WriteNull("finish_reason");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// The finish chunk. Docs style (no include_usage): no <c>created</c>, carries usage and impact.
    /// With include_usage: carries <c>created</c>, no usage (the usage chunk follows).
    /// </summary>
    public static void FinishChunk(Utf8JsonWriter w, string id, long created, ChatPlan plan)
    {
        w.WriteStartObject();
        WriteChunkHeader(w, id, plan.IncludeUsage ? created : null, plan.Model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        w.WriteEndObject();
        w.WriteString("finish_reason", plan.FinishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        if (!plan.IncludeUsage)
        {
            var impact = ImpactModel.Compute(plan.PromptTokens, plan.CompletionTokens);
            ImpactModel.WriteChatUsage(w, plan.PromptTokens, plan.CompletionTokens, plan.ReasoningTokens, impact);
            ImpactModel.WriteImpact(w, impact);
        }

        w.WriteEndObject();
    }

    /// <summary>The trailing <c>"choices":[]</c> chunk with usage and impact (include_usage).</summary>
    public static void UsageChunk(Utf8JsonWriter w, string id, long created, ChatPlan plan)
    {
        var impact = ImpactModel.Compute(plan.PromptTokens, plan.CompletionTokens);
        w.WriteStartObject();
        WriteChunkHeader(w, id, created, plan.Model);
        w.WriteStartArray("choices");
        w.WriteEndArray();
        ImpactModel.WriteChatUsage(w, plan.PromptTokens, plan.CompletionTokens, plan.ReasoningTokens, impact);
        ImpactModel.WriteImpact(w, impact);
        w.WriteEndObject();
    }

    public static byte[] Models()
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            foreach (var m in ModelCatalog.Models)
            {
                w.WriteStartObject();
                w.WriteString("id", m.Id);
                w.WriteString("object", "model");
                w.WriteNumber("created", ModelCatalog.Created);
                w.WriteString("owned_by", "greenpt");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Answers a validated embeddings request. Vectors: SplitMix64 seeded with the first 8 bytes of SHA-256(UTF-8 text),
    /// uniform in [-1, 1), L2-normalised; a shorter <c>dimensions</c> is a prefix of a longer one before normalisation.
    /// </summary>
    public static byte[] Embeddings(ValidatedEmbeddingsRequest request)
    {
        var inputs = request.Inputs;
        int dims = request.Dimensions;
        bool base64 = request.Base64;
        string model = request.Model;
        int words = 0;
        foreach (var s in inputs)
        {
            words += TextTokens.CountWords(s);
        }

        int promptTokens = Math.Max(1, words);
        var impact = ImpactModel.Compute(promptTokens, 0);
        var buffer = new ArrayBufferWriter<byte>(inputs.Count * dims * 12 + 512);
        using (var w = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            var vector = new float[dims];
            for (int i = 0; i < inputs.Count; i++)
            {
                Embed(inputs[i], vector);
                w.WriteStartObject();
                w.WriteString("object", "embedding");
                w.WriteNumber("index", i);
                if (base64)
                {
                    var bytes = new byte[dims * sizeof(float)];
                    for (int k = 0; k < dims; k++)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(k * sizeof(float)), vector[k]);
                    }

                    w.WriteBase64String("embedding", bytes);
                }
                else
                {
                    w.WriteStartArray("embedding");
                    foreach (float v in vector)
                    {
                        w.WriteNumberValue(v);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("model", model);
            w.WriteStartObject("usage");
            w.WriteNumber("prompt_tokens", promptTokens);
            w.WriteNumber("total_tokens", promptTokens);
            w.WriteEndObject();
            ImpactModel.WriteImpact(w, impact);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    internal static void Embed(string text, Span<float> vector)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        ulong state = BinaryPrimitives.ReadUInt64LittleEndian(hash);
        double sum = 0;
        for (int i = 0; i < vector.Length; i++)
        {
            // SplitMix64
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            double x = ((z >> 11) * (1.0 / (1UL << 53)) * 2.0) - 1.0;
            vector[i] = (float)x;
            sum += (double)vector[i] * vector[i];
        }

        double scale = sum > 0 ? 1.0 / Math.Sqrt(sum) : 0;
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(vector[i] * scale);
        }
    }
}
