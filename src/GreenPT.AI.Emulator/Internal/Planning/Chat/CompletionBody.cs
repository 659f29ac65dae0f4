using System.Buffers;
using System.Text.Json;
using GreenPT.AI.Emulator.Internal.ImpactModel;

namespace GreenPT.AI.Emulator.Internal.Planning.Chat;

/// <summary>
/// The non-streaming answer: <c>{"id","object":"chat.completion","created","model","choices":[{"index","message",
/// "logprobs":null,"finish_reason"}],"usage","impact"}</c>.
/// </summary>
internal static class CompletionBody
{
    public static byte[] Build(ChatPlan plan, string id, long created)
    {
        var message = AssembledMessage.From(plan.Units);
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
            WriteMessage(w, message, plan.ReasoningField);
            w.WriteNull("logprobs");
            w.WriteString("finish_reason", plan.FinishReason);
            w.WriteEndObject();
            w.WriteEndArray();
            UsageJson.WriteChatUsageAndImpact(w, plan.PromptTokens, plan.CompletionTokens, plan.ReasoningTokens);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMessage(Utf8JsonWriter w, AssembledMessage message, string reasoningField)
    {
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        if (message.Content is { } content)
        {
            w.WriteString("content", content);
        }
        else
        {
            w.WriteNull("content");
        }

        if (message.Reasoning is { } reasoning)
        {
            w.WriteString(reasoningField, reasoning);
        }

        if (message.HasToolCalls)
        {
            WriteToolCalls(w, message);
        }

        w.WriteEndObject();
    }

    private static void WriteToolCalls(Utf8JsonWriter w, AssembledMessage message)
    {
        w.WriteStartArray("tool_calls");
        foreach (var (id, name, arguments) in message.ToolCalls)
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("type", "function");
            w.WriteStartObject("function");
            w.WriteString("name", name);
            w.WriteString("arguments", arguments);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
