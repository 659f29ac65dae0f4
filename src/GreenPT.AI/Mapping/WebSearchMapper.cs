using System.Globalization;
using System.Text.Json;
using GreenPT.AI.Impact;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Mapping;

/// <summary>Checks search input, maps the search answers, writes their LLM-ready form and reads tool arguments. Pure functions.</summary>
internal static class WebSearchMapper
{
    /// <summary>What the LLM-ready tool result tells the model about citing.</summary>
    public const string CitingInstruction = "Cite a source by its number in square brackets, for example [1].";

    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="query"/> is empty or white space.</exception>
    public static void ValidateQuery(string query)
    {
        Throw.IfNull(query);
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new ArgumentException("The query must not be empty or white space.", nameof(query));
        }
    }

    /// <exception cref="ArgumentOutOfRangeException">A count or page is below 1.</exception>
    /// <exception cref="ArgumentException">The country is empty or white space.</exception>
    public static void ValidateLinkOptions(GreenPTLinkSearchOptions? options)
    {
        if (options?.MaxResults is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxResults, $"GreenPTLinkSearchOptions.MaxResults must be at least 1; it was {options.MaxResults}.");
        }

        if (options?.Page is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Page, $"GreenPTLinkSearchOptions.Page must be at least 1; it was {options.Page}.");
        }

        if (options?.Country is { } country && string.IsNullOrWhiteSpace(country))
        {
            throw new ArgumentException("GreenPTLinkSearchOptions.Country must not be empty or white space; leave it null for GreenPT's default.", nameof(options));
        }
    }

    public static LinkSearchRequest ToLinkRequest(string query, GreenPTLinkSearchOptions? options) => new()
    {
        Query = query,
        MaxResults = options?.MaxResults,
        Page = options?.Page,
        Country = options?.Country,
    };

    /// <summary>The result, its sources numbered from 1 in GreenPT's order; at most <paramref name="maxResults"/> when given.</summary>
    public static GreenPTWebSearchResult FromResponse(WebSearchResponse response, string query, int? maxResults)
    {
        var sources = new List<GreenPTWebSource>();
        foreach (SearchResultDto result in response.Results ?? [])
        {
            if (sources.Count == maxResults)
            {
                break;
            }

            sources.Add(new GreenPTWebSource
            {
                Number = sources.Count + 1,
                Title = NonBlank(result.Title),
                Url = HttpUri(result.Link) ?? HttpUri(result.Url),
                Snippet = NonBlank(result.Snippet) ?? NonBlank(result.Description),
                Content = NonBlank(result.RelevantContent),
            });
        }

        return new GreenPTWebSearchResult(query, sources) { Note = NonBlank(response.Note), Impact = ImpactMapper.FromDto(response.Impact) };
    }

    /// <summary>
    /// The LLM-ready form a search function returns: <c>{"query","note"?,"instructions","results":[{"source","title","url","content"}]}</c>,
    /// as a <see cref="JsonElement"/>, which every host serializes without reflection.
    /// </summary>
    public static JsonElement ToFunctionResult(GreenPTWebSearchResult result)
    {
        using var buffer = new MemoryStream(1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("query", result.Query);
            if (result.Note is { } note)
            {
                w.WriteString("note", note);
            }

            w.WriteString("instructions", CitingInstruction);
            w.WriteStartArray("results");
            foreach (GreenPTWebSource source in result.Sources)
            {
                w.WriteStartObject();
                w.WriteNumber("source", source.Number);
                WriteIfSet(w, "title", source.Title);
                WriteIfSet(w, "url", source.Url?.AbsoluteUri);
                WriteIfSet(w, "content", source.Content ?? source.Snippet);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        using JsonDocument document = JsonDocument.Parse(new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length));
        return document.RootElement.Clone();
    }

    /// <summary>A function argument as a string: a string, or a string <see cref="JsonElement"/>; <see langword="null"/> when absent.</summary>
    /// <exception cref="ArgumentException">The argument is of another type.</exception>
    public static string? StringArgument(AIFunctionArguments arguments, string name) =>
        !arguments.TryGetValue(name, out object? value) || value is null ? null
        : value switch
        {
            string text => text,
            JsonElement { ValueKind: JsonValueKind.String } json => json.GetString(),
            JsonElement { ValueKind: JsonValueKind.Null } => null,
            _ => throw new ArgumentException($"The argument '{name}' must be a string.", nameof(arguments)),
        };

    /// <summary>A function argument as an integer: a number of any integer type, a whole JSON number, or a string of digits; <see langword="null"/> when absent.</summary>
    /// <exception cref="ArgumentException">The argument is not a whole number that fits an <see cref="int"/>.</exception>
    public static int? IntegerArgument(AIFunctionArguments arguments, string name)
    {
        if (!arguments.TryGetValue(name, out object? value) || value is null or JsonElement { ValueKind: JsonValueKind.Null })
        {
            return null;
        }

        return value switch
        {
            int i => i,
            long l and >= int.MinValue and <= int.MaxValue => (int)l,
            JsonElement { ValueKind: JsonValueKind.Number } json when json.TryGetInt32(out int n) => n,
            JsonElement { ValueKind: JsonValueKind.String } json when int.TryParse(json.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) => n,
            string text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) => n,
            _ => throw new ArgumentException($"The argument '{name}' must be a whole number.", nameof(arguments)),
        };
    }

    private static void WriteIfSet(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static string? NonBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static Uri? HttpUri(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
}
