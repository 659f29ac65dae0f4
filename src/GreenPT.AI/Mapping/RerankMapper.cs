using System.Globalization;
using GreenPT.AI.Wire;

namespace GreenPT.AI.Mapping;

/// <summary>Checks reranking input, builds the request of one batch and merges the batches' answers. Pure functions.</summary>
internal static class RerankMapper
{
    /// <summary>Refuses input no request could succeed with, before anything is sent.</summary>
    /// <returns>The documents as a list.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> or <paramref name="documents"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The query is empty or white space; there are no documents; a document is null, empty or white space; <see cref="GreenPTRerankOptions.ModelId"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="topN"/> is below 1 or above the number of documents.</exception>
    public static List<string> Validate(string query, IEnumerable<string> documents, int? topN, GreenPTRerankOptions? options)
    {
        Throw.IfNull(query);
        Throw.IfNull(documents);
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new ArgumentException("The query must not be empty or white space.", nameof(query));
        }

        List<string> list = [.. documents];
        if (list.Count == 0)
        {
            throw new ArgumentException("There must be at least one document to rerank.", nameof(documents));
        }

        for (int i = 0; i < list.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(list[i]))
            {
                throw new ArgumentException($"documents[{i}] is {(list[i] is null ? "null" : "empty or white space")}.", nameof(documents));
            }
        }

        if (topN is int n && (n < 1 || n > list.Count))
        {
            throw new ArgumentOutOfRangeException(
                nameof(topN), n, $"topN must be from 1 to the number of documents ({list.Count}); it was {n}. Leave it null to rank every document.");
        }

        if (options?.ModelId is { } modelId && string.IsNullOrWhiteSpace(modelId))
        {
            throw new ArgumentException(
                "GreenPTRerankOptions.ModelId must not be empty or white space; leave it null to use GreenPTClientOptions.DefaultRerankModelId.", nameof(options));
        }

        return list;
    }

    /// <summary>The request for one batch: its documents and the batch's share of <paramref name="topN"/> (never more than the batch holds).</summary>
    public static RerankRequest ToRequest(string query, IList<string> batch, int? topN, string model) => new()
    {
        Model = model,
        Query = query,
        Documents = batch,
        TopN = topN is int n ? Math.Min(n, batch.Count) : null,
    };

    /// <summary>
    /// Adds one batch's results to <paramref name="ranked"/>, each with its index in the whole list (<paramref name="offset"/> plus the
    /// batch index) and its text from <paramref name="documents"/>.
    /// </summary>
    /// <exception cref="GreenPTException">A result has no usable index or score, an index outside the batch, or an index given twice.</exception>
    public static void AddResults(List<GreenPTRankedDocument> ranked, RerankResponse response, IList<string> documents, int offset, int batchCount)
    {
        var seen = new HashSet<int>();
        foreach (RerankResultDto result in response.Results ?? throw new GreenPTException("GreenPT returned a rerank answer without results."))
        {
            if (result.Index is not int index || index < 0 || index >= batchCount || !seen.Add(index))
            {
                throw new GreenPTException(
                    $"GreenPT returned a rerank result with a missing index or an index ({result.Index?.ToString(CultureInfo.InvariantCulture) ?? "none"}) outside the {batchCount} documents sent, or twice.");
            }

            double score = result.RelevanceScore
                ?? throw new GreenPTException($"GreenPT returned a rerank result for document {index} without a usable relevance_score.");
            ranked.Add(new GreenPTRankedDocument(offset + index, score, documents[offset + index]));
        }
    }

    /// <summary>The documents by relevance, most relevant first, ties in their original order; the first <paramref name="topN"/> when given.</summary>
    public static List<GreenPTRankedDocument> Order(List<GreenPTRankedDocument> ranked, int? topN)
    {
        IEnumerable<GreenPTRankedDocument> ordered = ranked.OrderByDescending(r => r.RelevanceScore).ThenBy(r => r.Index);
        return [.. topN is int n ? ordered.Take(n) : ordered];
    }
}
