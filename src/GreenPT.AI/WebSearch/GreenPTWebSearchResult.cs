namespace GreenPT.AI;

/// <summary>The answer of a GreenPT web search: the sources, numbered from 1, GreenPT's note and the impact if it reported one.</summary>
public sealed class GreenPTWebSearchResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="query">The query searched for.</param>
    /// <param name="sources">The sources, numbered from 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> or <paramref name="sources"/> is <see langword="null"/>.</exception>
    public GreenPTWebSearchResult(string query, IReadOnlyList<GreenPTWebSource> sources)
    {
        Query = Throw.IfNull(query);
        Sources = Throw.IfNull(sources);
    }

    /// <summary>The query searched for.</summary>
    public string Query { get; }

    /// <summary>The sources, in GreenPT's order, numbered from 1.</summary>
    public IReadOnlyList<GreenPTWebSource> Sources { get; }

    /// <summary>GreenPT's note on the search (sent by the LLM-ready search), if any.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// The impact GreenPT reported, if any. GreenPT documents no impact for its search tools; it is read when an answer carries one,
    /// and is <see langword="null"/> otherwise (not zero: unreported).
    /// </summary>
    public GreenPTImpact? Impact { get; init; }
}
