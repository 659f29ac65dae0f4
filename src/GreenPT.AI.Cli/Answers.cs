using System.Globalization;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Cli;

/// <summary>One completed answer of the session, as <c>/impact</c> shows it.</summary>
internal sealed record TurnRecord(int Number, string Model, long? InputTokens, long? OutputTokens, GreenPTImpact? Impact)
{
    public long? TotalTokens => InputTokens is null && OutputTokens is null ? null : (InputTokens ?? 0) + (OutputTokens ?? 0);
}

/// <summary>Streams one answer, handing each piece of reasoning and of text over as it arrives.</summary>
internal static class Answers
{
    /// <summary>The options for a turn: the model, and reasoning effort none when thinking is off (else the model's default).</summary>
    public static ChatOptions Options(string model, bool think) => new()
    {
        ModelId = model,
        Reasoning = think ? null : new ReasoningOptions { Effort = ReasoningEffort.None },
    };

    public static async Task<ChatResponse> StreamAsync(
        IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions options, Action<string> onReasoning, Action<string> onText,
        CancellationToken cancellationToken)
    {
        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            foreach (AIContent content in update.Contents)
            {
                if (content is TextReasoningContent { Text.Length: > 0 } reasoning)
                {
                    onReasoning(reasoning.Text);
                }
                else if (content is TextContent { Text.Length: > 0 } text)
                {
                    onText(text.Text);
                }
            }
        }

        return updates.ToChatResponse();
    }

    /// <summary>What the session keeps of a completed answer (the impact GreenPT sent, read as README "Reading the impact" says).</summary>
    public static TurnRecord Record(int number, string model, ChatResponse response) => new(
        number,
        response.ModelId ?? model,
        response.Usage?.InputTokenCount,
        response.Usage?.OutputTokenCount,
        response.GetGreenPTImpact() ?? response.GetTotalGreenPTImpact());
}

/// <summary>How the tool writes figures: three significant digits, invariant culture.</summary>
internal static class ImpactText
{
    public static string Figure(double? value) => value is { } v ? v.ToString("G3", CultureInfo.InvariantCulture) : "n/a";

    public static string Milliseconds(TimeSpan? duration) =>
        duration is { } d ? Math.Round(d.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms" : "n/a";

    /// <summary>The line under an answer: energy, emissions, inference time, tokens.</summary>
    public static string OneLine(TurnRecord turn)
    {
        string tokens = turn.TotalTokens is { } total
            ? $"{total} tokens ({turn.InputTokens?.ToString(CultureInfo.InvariantCulture) ?? "?"} in, {turn.OutputTokens?.ToString(CultureInfo.InvariantCulture) ?? "?"} out)"
            : "tokens n/a";
        return turn.Impact is { } impact
            ? $"{Figure(impact.EnergyInWattHours)} Wh · {Figure(impact.EmissionsInGramsCO2e)} gCO2e · {Milliseconds(impact.InferenceDuration)} · {tokens}"
            : $"no impact reported · {tokens}";
    }
}

/// <summary>Any failure as one readable line: never a stack trace, never the key (the library keeps it out of its messages).</summary>
internal static class ErrorText
{
    public static string Describe(Exception exception) => OneLine(exception switch
    {
        // "GreenPT returned 503 Service Unavailable: <its message> (type ..., request id ...)".
        GreenPTException greenpt => greenpt.Message,
        HttpRequestException http => $"GreenPT could not be reached: {http.Message}",
        TimeoutException or CliException or IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException
            => exception.Message,
        _ => $"{exception.GetType().Name}: {exception.Message}",
    });

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
