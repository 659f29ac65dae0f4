using Microsoft.Extensions.AI;

namespace GreenPT.AI;

/// <summary>The answer of <see cref="GreenPTReranker.RerankAsync"/>: the documents by relevance, with usage and impact.</summary>
public sealed class GreenPTRerankResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="results">The documents, most relevant first.</param>
    /// <exception cref="ArgumentNullException"><paramref name="results"/> is <see langword="null"/>.</exception>
    public GreenPTRerankResult(IReadOnlyList<GreenPTRankedDocument> results) => Results = Throw.IfNull(results);

    /// <summary>The documents, most relevant first (ties in their original order); at most <c>topN</c> of them when it was given.</summary>
    public IReadOnlyList<GreenPTRankedDocument> Results { get; }

    /// <summary>The model that answered, as the server named it (else the one requested).</summary>
    public string? ModelId { get; init; }

    /// <summary>The token counts GreenPT reported, summed over batches, with the impact mirrored into its additional counts; <see langword="null"/> when it reported none.</summary>
    public UsageDetails? Usage { get; init; }

    /// <summary>The impact GreenPT reported, summed over batches; <see langword="null"/> when it reported none.</summary>
    public GreenPTImpact? Impact { get; init; }
}
