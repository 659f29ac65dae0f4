using GreenPT.AI.Impact;
using Microsoft.Extensions.AI;

namespace GreenPT.AI;

/// <summary>Reads GreenPT's impact report from MEAI objects: responses, messages, streaming updates, usage, metadata and embeddings.</summary>
/// <remarks>
/// Every reader accepts the typed <see cref="GreenPTImpact"/> the clients store and the
/// <see cref="System.Text.Json.JsonElement"/> a JSON round trip (for example a distributed cache) turns it into.
/// </remarks>
public static class GreenPTImpactExtensions
{
    /// <summary>
    /// The impact of a response: its own <c>impact</c> property, else that of its last message that has one;
    /// <see langword="null"/> when the server reported none.
    /// </summary>
    /// <param name="response">A response from a <see cref="GreenPTChatClient"/>, possibly through middleware or a cache.</param>
    /// <remarks>
    /// After a function-invocation loop this is the impact of the last call only; the loop's total is
    /// <see cref="GetTotalGreenPTImpact(ChatResponse)"/>.
    /// </remarks>
    public static GreenPTImpact? GetGreenPTImpact(this ChatResponse response)
    {
        Throw.IfNull(response);
        if (ImpactMapper.FromProperties(response.AdditionalProperties) is { } impact)
        {
            return impact;
        }

        for (int i = response.Messages.Count - 1; i >= 0; i--)
        {
            if (ImpactMapper.FromProperties(response.Messages[i].AdditionalProperties) is { } messageImpact)
            {
                return messageImpact;
            }
        }

        return null;
    }

    /// <summary>
    /// The total impact of everything a response stands for: every GreenPT call of a function-invocation loop, a coalesced stream,
    /// a response restored from a cache. <see langword="null"/> when no impact was reported.
    /// </summary>
    /// <param name="response">A response from a <see cref="GreenPTChatClient"/>, possibly through middleware or a cache.</param>
    /// <remarks>
    /// MEAI adds up <see cref="ChatResponse.Usage"/> across a tool loop but keeps only the last call's response-level properties, so
    /// this reads the impact mirrored into the usage counts first (exact sums, in ms, Wms and ugCO2e, with the version of the
    /// response's own impact). Without such counts it sums the impact of every message, and else falls back to
    /// <see cref="GetGreenPTImpact(ChatResponse)"/>.
    /// </remarks>
    public static GreenPTImpact? GetTotalGreenPTImpact(this ChatResponse response)
    {
        Throw.IfNull(response);
        GreenPTImpact? last = response.GetGreenPTImpact();
        if (ImpactMapper.FromCounts(response.Usage) is { } fromUsage)
        {
            return new GreenPTImpact
            {
                InferenceTime = fromUsage.InferenceTime,
                Energy = fromUsage.Energy,
                Emissions = fromUsage.Emissions,
                Version = last?.Version,
            };
        }

        GreenPTImpact? sum = null;
        foreach (ChatMessage message in response.Messages)
        {
            if (ImpactMapper.FromProperties(message.AdditionalProperties) is { } impact)
            {
                sum = sum is null ? impact : sum.Add(impact);
            }
        }

        return sum ?? last;
    }

    /// <summary>The impact carried by a streaming update (the final update of a GreenPT stream has it), or <see langword="null"/>.</summary>
    /// <param name="update">A streaming update.</param>
    public static GreenPTImpact? GetGreenPTImpact(this ChatResponseUpdate update) =>
        ImpactMapper.FromProperties(Throw.IfNull(update).AdditionalProperties);

    /// <summary>The impact carried by a message (a non-streaming GreenPT response puts it on its assistant message), or <see langword="null"/>.</summary>
    /// <param name="message">A chat message.</param>
    public static GreenPTImpact? GetGreenPTImpact(this ChatMessage message) =>
        ImpactMapper.FromProperties(Throw.IfNull(message).AdditionalProperties);

    /// <summary>
    /// The impact summed into usage counts (see <see cref="GreenPTUsageCounts"/>): the total of every GreenPT call the usage
    /// stands for, in <c>ms</c>, <c>Wms</c> and <c>ugCO2e</c>, without a <see cref="GreenPTImpact.Version"/>; <see langword="null"/> when there are no such counts.
    /// </summary>
    /// <param name="usage">Usage from a response or a <see cref="UsageContent"/>; may be <see langword="null"/>.</param>
    public static GreenPTImpact? GetGreenPTImpact(this UsageDetails? usage) => ImpactMapper.FromCounts(usage);

    /// <summary>
    /// The impact in a metadata dictionary, such as Semantic Kernel's <c>FunctionResult.Metadata</c>,
    /// <c>ChatMessageContent.Metadata</c> or a streaming chunk's <c>Metadata</c>; <see langword="null"/> when it has none.
    /// </summary>
    /// <param name="metadata">The dictionary; may be <see langword="null"/>.</param>
    public static GreenPTImpact? GetGreenPTImpact(this IReadOnlyDictionary<string, object?>? metadata) =>
        metadata is not null && metadata.TryGetValue(GreenPTPropertyNames.Impact, out object? value) ? ImpactMapper.FromPropertyValue(value) : null;

    /// <summary>
    /// The impact of the call that generated these embeddings (summed over its batches); <see langword="null"/> when the server
    /// reported none.
    /// </summary>
    /// <param name="embeddings">Embeddings from a <see cref="GreenPTEmbeddingGenerator"/>, possibly through middleware or a cache.</param>
    /// <typeparam name="TEmbedding">The embedding type.</typeparam>
    public static GreenPTImpact? GetGreenPTImpact<TEmbedding>(this GeneratedEmbeddings<TEmbedding> embeddings)
        where TEmbedding : Embedding =>
        ImpactMapper.FromProperties(Throw.IfNull(embeddings).AdditionalProperties);
}
