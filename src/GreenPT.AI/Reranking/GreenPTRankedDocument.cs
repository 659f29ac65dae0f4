namespace GreenPT.AI;

/// <summary>One document of a <see cref="GreenPTRerankResult"/>: where it was in the caller's list, its score and its text.</summary>
public sealed class GreenPTRankedDocument
{
    /// <summary>Creates a ranked document.</summary>
    /// <param name="index">The document's position in the list passed to <see cref="GreenPTReranker.RerankAsync"/>.</param>
    /// <param name="relevanceScore">GreenPT's relevance score (higher is more relevant).</param>
    /// <param name="document">The document's text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is <see langword="null"/>.</exception>
    public GreenPTRankedDocument(int index, double relevanceScore, string document)
    {
        Index = index;
        RelevanceScore = relevanceScore;
        Document = Throw.IfNull(document);
    }

    /// <summary>The document's position in the list passed to <see cref="GreenPTReranker.RerankAsync"/> (0-based).</summary>
    public int Index { get; }

    /// <summary>GreenPT's relevance score for the query: higher is more relevant. GreenPT documents no range for it.</summary>
    public double RelevanceScore { get; }

    /// <summary>The document's text, taken from the caller's list by <see cref="Index"/>.</summary>
    public string Document { get; }

    /// <summary>Describes the ranked document: its index and score.</summary>
    public override string ToString() =>
        "#" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture) + " (" + RelevanceScore.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) + ")";
}
