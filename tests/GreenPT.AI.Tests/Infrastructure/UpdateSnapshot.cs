using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Infrastructure;

/// <summary>A readable, comparable rendering of updates and responses: every field the client sets, none of the raw objects.</summary>
internal static class UpdateSnapshot
{
    public static string Of(IEnumerable<ChatResponseUpdate> updates) => string.Join("\n", updates.Select(Of));

    public static string Of(ChatResponseUpdate u)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"role={u.Role} id={u.ResponseId} msg={u.MessageId} model={u.ModelId} created={u.CreatedAt:O} finish={u.FinishReason}");
        foreach (AIContent c in u.Contents)
        {
            s.Append(" | ").Append(Of(c));
        }

        if (u.AdditionalProperties is { } props)
        {
            foreach (var (key, value) in props.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                s.Append(" | ").Append(key).Append('=').Append(value is GreenPTImpact i ? ImpactText(i) : value?.ToString());
            }
        }

        return s.ToString();
    }

    public static string Of(AIContent content) => content switch
    {
        TextReasoningContent r => "reasoning:" + r.Text,
        TextContent t => "text:" + t.Text,
        FunctionCallContent f => $"call:{f.CallId}:{f.Name}:{JsonSerializer.Serialize(f.Arguments)}:{f.Exception?.GetType().Name}",
        UsageContent u => "usage:" + UsageText(u.Details),
        _ => content.GetType().Name,
    };

    public static string UsageText(UsageDetails? u) =>
        u is null ? "none" : $"in={u.InputTokenCount} out={u.OutputTokenCount} total={u.TotalTokenCount} cached={u.CachedInputTokenCount} reasoning={u.ReasoningTokenCount} " +
        string.Join(",", (u.AdditionalCounts ?? []).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    public static string ImpactText(GreenPTImpact? i) => i is null ? "none" : $"{i.InferenceTime}/{i.Energy}/{i.Emissions}/{i.Version}";
}
