using GreenPT.AI.Mapping;
using Microsoft.Extensions.AI;

namespace GreenPT.AI;

/// <summary>Reads GreenPT's impact report from generated embeddings.</summary>
public static class GreenPTEmbeddingExtensions
{
    /// <summary>
    /// The impact of the call that generated these embeddings (summed over its batches), typed or in the JSON form a cache
    /// restores; <see langword="null"/> when the server reported none.
    /// </summary>
    /// <param name="embeddings">Embeddings from a <see cref="GreenPTEmbeddingGenerator"/>.</param>
    public static GreenPTImpact? GetGreenPTImpact<TEmbedding>(this GeneratedEmbeddings<TEmbedding> embeddings)
        where TEmbedding : Embedding
    {
        Throw.IfNull(embeddings);
        return embeddings.AdditionalProperties is { } properties && properties.TryGetValue(GreenPTPropertyNames.Impact, out object? value)
            ? ImpactMapper.FromPropertyValue(value)
            : null;
    }
}
