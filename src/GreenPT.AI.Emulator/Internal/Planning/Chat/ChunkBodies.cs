using System.Text.Json;
using GreenPT.AI.Emulator.Internal.ImpactModel;

namespace GreenPT.AI.Emulator.Internal.Planning.Chat;

/// <summary>
/// The streamed chunks: <c>{"id","object":"chat.completion.chunk","created","model","choices":[{"index","delta","finish_reason"}]}</c>
/// per token, then the finish chunk and, with <c>include_usage</c>, the usage chunk.
/// </summary>
internal static class ChunkBodies
{
    /// <summary>A token chunk; <paramref name="unit"/> null means a role-only chunk with empty content. The first chunk carries the role.</summary>
    public static void Delta(Utf8JsonWriter w, string id, long created, ChatPlan plan, Unit? unit, bool first)
    {
        w.WriteStartObject();
        WriteHeader(w, id, created, plan.Model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        if (first)
        {
            w.WriteString("role", "assistant");
        }

        WriteUnit(w, unit, plan.ReasoningField);
        w.WriteEndObject();
        w.WriteNull("finish_reason");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// The finish chunk: empty delta and the finish reason. Docs style (no <c>include_usage</c>): no <c>created</c>, carries
    /// usage and impact. With <c>include_usage</c>: carries <c>created</c>, no usage (the usage chunk follows).
    /// </summary>
    public static void Finish(Utf8JsonWriter w, string id, long created, ChatPlan plan)
    {
        w.WriteStartObject();
        WriteHeader(w, id, plan.IncludeUsage ? created : null, plan.Model);
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
            UsageJson.WriteChatUsageAndImpact(w, plan.PromptTokens, plan.CompletionTokens, plan.ReasoningTokens);
        }

        w.WriteEndObject();
    }

    /// <summary>The trailing <c>"choices":[]</c> chunk with usage and impact (<c>include_usage</c>).</summary>
    public static void Usage(Utf8JsonWriter w, string id, long created, ChatPlan plan)
    {
        w.WriteStartObject();
        WriteHeader(w, id, created, plan.Model);
        w.WriteStartArray("choices");
        w.WriteEndArray();
        UsageJson.WriteChatUsageAndImpact(w, plan.PromptTokens, plan.CompletionTokens, plan.ReasoningTokens);
        w.WriteEndObject();
    }

    private static void WriteHeader(Utf8JsonWriter w, string id, long? created, string model)
    {
        w.WriteString("id", id);
        w.WriteString("object", "chat.completion.chunk");
        if (created is { } c)
        {
            w.WriteNumber("created", c);
        }

        w.WriteString("model", model);
    }

    private static void WriteUnit(Utf8JsonWriter w, Unit? unit, string reasoningField)
    {
        switch (unit)
        {
            case null:
                w.WriteString("content", string.Empty);
                break;
            case { Kind: UnitKind.Reasoning } u:
                w.WriteString(reasoningField, u.Text);
                break;
            case { Kind: UnitKind.Content } u:
                w.WriteString("content", u.Text);
                break;
            case { Kind: UnitKind.ToolCallStart } u:
                WriteToolCallFragment(w, u.ToolIndex, u.ToolId, u.ToolName, string.Empty);
                break;
            case { Kind: UnitKind.ToolCallArguments } u:
                WriteToolCallFragment(w, u.ToolIndex, id: null, name: null, u.Text);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// A tool-call fragment: the first carries <c>{"index","id","type":"function","function":{"name","arguments":""}}</c>,
    /// later ones <c>{"index","function":{"arguments"}}</c>.
    /// </summary>
    private static void WriteToolCallFragment(Utf8JsonWriter w, int index, string? id, string? name, string arguments)
    {
        w.WriteStartArray("tool_calls");
        w.WriteStartObject();
        w.WriteNumber("index", index);
        if (id is not null)
        {
            w.WriteString("id", id);
            w.WriteString("type", "function");
        }

        w.WriteStartObject("function");
        if (name is not null)
        {
            w.WriteString("name", name);
        }

        w.WriteString("arguments", arguments);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }
}
