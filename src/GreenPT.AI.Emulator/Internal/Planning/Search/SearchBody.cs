using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GreenPT.AI.Emulator.Internal.Planning.Rerank;

namespace GreenPT.AI.Emulator.Internal.Planning.Search;

/// <summary>A search request that passed validation.</summary>
internal sealed record SearchRequest(string Query, int MaxResults, int Page, string? Country);

/// <summary>
/// The simulated search answers, entirely deterministic (documented in the emulator's README). Addresses are under
/// <c>https://emulator.greenpt.invalid/</c> (a reserved domain that resolves nowhere), made from the query's words.
/// </summary>
internal static class SearchBody
{
    /// <summary>How many sources the LLM-ready search returns.</summary>
    public const int WebSearchResults = 3;

    public const string Note = "These search results are simulated by the GreenPT emulator.";

    /// <summary><c>{"note","results":[{"title","link","snippet","relevant_content"}]}</c> with <see cref="WebSearchResults"/> sources.</summary>
    public static byte[] WebSearch(string query) => Write(w =>
    {
        w.WriteString("note", Note);
        w.WriteStartArray("results");
        for (int n = 1; n <= WebSearchResults; n++)
        {
            w.WriteStartObject();
            w.WriteString("title", $"{query} (simulated source {N(n)})");
            w.WriteString("link", $"https://emulator.greenpt.invalid/search/{Slug(query)}/{N(n)}");
            w.WriteString("snippet", $"Simulated snippet {N(n)} for \"{query}\".");
            w.WriteString("relevant_content", $"Simulated page {N(n)} about {query}. This text comes from the GreenPT emulator.");
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary><c>{"results":[{"title","link","snippet"}]}</c>: <c>maxResults</c> links of page <c>page</c>, numbered across pages.</summary>
    public static byte[] Links(SearchRequest request) => Write(w =>
    {
        w.WriteStartArray("results");
        for (int i = 1; i <= request.MaxResults; i++)
        {
            string k = N(((request.Page - 1) * request.MaxResults) + i);
            string country = request.Country is null ? string.Empty : "?country=" + Uri.EscapeDataString(request.Country);
            w.WriteStartObject();
            w.WriteString("title", $"{request.Query} (simulated link {k})");
            w.WriteString("link", $"https://emulator.greenpt.invalid/links/{Slug(request.Query)}/{k}{country}");
            w.WriteString("snippet", $"Simulated link {k} for \"{request.Query}\".");
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary>The query's words (as the rerank score splits them), joined by <c>-</c>: <c>"Wind power?"</c> gives <c>wind-power</c>.</summary>
    public static string Slug(string query)
    {
        var words = new StringBuilder();
        foreach (string word in RerankScores.WordsInOrder(query))
        {
            words.Append(words.Length == 0 ? string.Empty : "-").Append(Uri.EscapeDataString(word));
        }

        return words.Length == 0 ? "query" : words.ToString();
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
