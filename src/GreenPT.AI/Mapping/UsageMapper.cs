using GreenPT.AI.Impact;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Mapping;

/// <summary>Turns a response's <c>usage</c> and <c>impact</c> into MEAI usage, with the impact mirrored into its counts. Pure.</summary>
internal static class UsageMapper
{
    /// <summary>Usage with the impact mirrored into its additional counts; <see langword="null"/> when the server sent neither.</summary>
    public static UsageDetails? FromUsage(ResponseUsage? usage, ImpactDto? impactDto, out GreenPTImpact? impact)
    {
        impact = ImpactMapper.FromDto(impactDto);
        if (usage is null && impact is null)
        {
            return null;
        }

        var details = new UsageDetails
        {
            InputTokenCount = usage?.PromptTokens,
            OutputTokenCount = usage?.CompletionTokens,
            TotalTokenCount = usage?.TotalTokens,
            CachedInputTokenCount = usage?.PromptTokensDetails?.CachedTokens ?? usage?.CachedTokens,
            ReasoningTokenCount = usage?.CompletionTokensDetails?.ReasoningTokens,
        };

        if (impact is not null)
        {
            ImpactMapper.AddCounts(details, impact);
        }

        return details;
    }
}
