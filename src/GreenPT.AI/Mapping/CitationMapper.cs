using System.Text.Json;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Mapping;

/// <summary>
/// Finds where an answer cites the sources GreenPT's search functions returned in its tool loop, and marks them as MEAI
/// <see cref="CitationAnnotation"/>s. Pure: it reads the messages and adds annotations to the answer's text.
/// </summary>
internal static class CitationMapper
{
    private sealed record Source(int Number, string? Title, Uri? Url, string? Content, string ToolName);

    /// <summary>
    /// Annotates the text of the messages after the last search result: each <c>[n]</c> that names a source of the latest search
    /// that has one, and each source address that appears verbatim. Returns how many citations it added (none twice).
    /// </summary>
    public static int Annotate(IList<ChatMessage> messages, IReadOnlyCollection<string> functionNames)
    {
        var callNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var searches = new List<List<Source>>();
        int lastResult = -1;
        for (int i = 0; i < messages.Count; i++)
        {
            foreach (AIContent content in messages[i].Contents)
            {
                if (content is FunctionCallContent call && functionNames.Contains(call.Name))
                {
                    callNames[call.CallId] = call.Name;
                }
                else if (content is FunctionResultContent result && callNames.TryGetValue(result.CallId, out string? name) && Read(result.Result, name) is { Count: > 0 } sources)
                {
                    searches.Add(sources);
                    lastResult = i;
                }
            }
        }

        int added = 0;
        for (int i = lastResult + 1; lastResult >= 0 && i < messages.Count; i++)
        {
            if (messages[i].Role != ChatRole.Assistant)
            {
                continue;
            }

            foreach (TextContent text in messages[i].Contents.OfType<TextContent>())
            {
                added += AnnotateText(text, searches);
            }
        }

        return added;
    }

    private static int AnnotateText(TextContent content, List<List<Source>> searches)
    {
        string text = content.Text ?? string.Empty;
        int added = 0;
        for (int open = text.IndexOf('['); open >= 0; open = text.IndexOf('[', open + 1))
        {
            int close = open + 1;
            int number = 0;
            while (close < text.Length && close - open <= 4 && text[close] is >= '0' and <= '9')
            {
                number = (number * 10) + (text[close] - '0');
                close++;
            }

            if (close > open + 1 && close < text.Length && text[close] == ']' && Latest(searches, s => s.Number == number) is { } cited)
            {
                added += Add(content, cited, open, close + 1);
            }
        }

        foreach (Source source in searches.SelectMany(s => s).Where(s => s.Url is not null).GroupBy(s => s.Url!.AbsoluteUri).Select(g => g.Last()))
        {
            string address = source.Url!.AbsoluteUri;
            for (int at = text.IndexOf(address, StringComparison.Ordinal); at >= 0; at = text.IndexOf(address, at + address.Length, StringComparison.Ordinal))
            {
                added += Add(content, source, at, at + address.Length);
            }
        }

        return added;
    }

    private static Source? Latest(List<List<Source>> searches, Func<Source, bool> match)
    {
        for (int i = searches.Count - 1; i >= 0; i--)
        {
            if (searches[i].FirstOrDefault(match) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static int Add(TextContent content, Source source, int start, int end)
    {
        content.Annotations ??= [];
        bool present = content.Annotations.OfType<CitationAnnotation>().Any(c =>
            c.Url == source.Url && c.Title == source.Title && c.AnnotatedRegions?.OfType<TextSpanAnnotatedRegion>().Any(r => r.StartIndex == start && r.EndIndex == end) == true);
        if (present)
        {
            return 0;
        }

        content.Annotations.Add(new CitationAnnotation
        {
            Title = source.Title,
            Url = source.Url,
            Snippet = source.Content,
            ToolName = source.ToolName,
            AnnotatedRegions = [new TextSpanAnnotatedRegion { StartIndex = start, EndIndex = end }],
        });
        return 1;
    }

    /// <summary>The sources of a search function's result: the <see cref="JsonElement"/> it returns, or its JSON text after a round trip.</summary>
    private static List<Source>? Read(object? result, string toolName)
    {
        JsonElement root;
        switch (result)
        {
            case JsonElement element:
                root = element;
                break;
            case string json:
                try
                {
                    using (JsonDocument document = JsonDocument.Parse(json))
                    {
                        root = document.RootElement.Clone();
                    }
                }
                catch (JsonException)
                {
                    return null;
                }

                break;
            default:
                return null;
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("results", out JsonElement results) || results.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var sources = new List<Source>();
        foreach (JsonElement item in results.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("source", out JsonElement number) && number.ValueKind == JsonValueKind.Number && number.TryGetInt32(out int n))
            {
                Uri? url = String(item, "url") is { } address && Uri.TryCreate(address, UriKind.Absolute, out Uri? parsed) ? parsed : null;
                sources.Add(new Source(n, String(item, "title"), url, String(item, "content"), toolName));
            }
        }

        return sources;
    }

    private static string? String(JsonElement item, string name) =>
        item.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
