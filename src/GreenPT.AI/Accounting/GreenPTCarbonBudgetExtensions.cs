using Microsoft.Extensions.AI;

namespace GreenPT.AI;

/// <summary>Reads what a <see cref="GreenPTCarbonBudget"/> changed in a request, from its response or final streaming update.</summary>
public static class GreenPTCarbonBudgetExtensions
{
    /// <summary>
    /// What a carbon budget changed in the request behind this response (see <see cref="GreenPTPropertyNames.BudgetDegradation"/>),
    /// or <see langword="null"/> when it was sent as asked.
    /// </summary>
    /// <param name="response">A response that came through <see cref="GreenPTImpactTrackingChatClient"/>.</param>
    public static string? GetGreenPTBudgetDegradation(this ChatResponse response) =>
        ReadDegradation(Throw.IfNull(response).AdditionalProperties);

    /// <summary>What a carbon budget changed in the request behind this stream, carried by its last update; otherwise <see langword="null"/>.</summary>
    /// <param name="update">A streaming update that came through <see cref="GreenPTImpactTrackingChatClient"/>.</param>
    public static string? GetGreenPTBudgetDegradation(this ChatResponseUpdate update) =>
        ReadDegradation(Throw.IfNull(update).AdditionalProperties);

    private static string? ReadDegradation(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(GreenPTPropertyNames.BudgetDegradation, out object? value) ? value?.ToString() : null;
}
