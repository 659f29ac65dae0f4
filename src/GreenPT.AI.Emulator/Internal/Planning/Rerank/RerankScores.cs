using System.Globalization;

namespace GreenPT.AI.Emulator.Internal.Planning.Rerank;

/// <summary>
/// The emulator's documented (and entirely simulated) relevance score: the share of the query's distinct words (lower-cased letters
/// and digits, split at anything else) that occur in the document, rounded to 4 decimals. 1 when every query word occurs, 0 when none
/// does. Each document is scored on its own, so scores of different requests compare, as a real reranker's do.
/// </summary>
internal static class RerankScores
{
    public static double Score(string query, string document)
    {
        HashSet<string> queryWords = Words(query);
        if (queryWords.Count == 0)
        {
            return 0;
        }

        HashSet<string> documentWords = Words(document);
        int shared = queryWords.Count(documentWords.Contains);
        return Math.Round((double)shared / queryWords.Count, 4);
    }

    public static HashSet<string> Words(string text) => new(WordsInOrder(text), StringComparer.Ordinal);

    /// <summary>The text's words, lower-cased letters and digits, in order (repeats kept).</summary>
    public static List<string> WordsInOrder(string text)
    {
        var words = new List<string>();
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                words.Add(text[start..i].ToLower(CultureInfo.InvariantCulture));
                start = -1;
            }
        }

        return words;
    }
}
