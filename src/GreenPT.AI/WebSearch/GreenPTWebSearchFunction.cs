using System.Text.Json;
using GreenPT.AI.Mapping;
using Microsoft.Extensions.AI;

namespace GreenPT.AI;

/// <summary>
/// One of GreenPT's searches as an <see cref="AIFunction"/>: a hand-written schema and argument reading (no reflection, so it is safe
/// in trimmed and NativeAOT apps), and an LLM-ready JSON result.
/// </summary>
internal sealed class GreenPTWebSearchFunction(GreenPTWebSearchClient client, bool links) : AIFunction
{
    private static readonly JsonElement WebSearchSchema = Parse("""
        {"type":"object","properties":{
        "query":{"type":"string","description":"What to search the web for."},
        "max_results":{"type":"integer","minimum":1,"description":"At most this many sources."}},
        "required":["query"]}
        """);

    private static readonly JsonElement LinkSearchSchema = Parse("""
        {"type":"object","properties":{
        "query":{"type":"string","description":"What to search the web for."},
        "max_results":{"type":"integer","minimum":1,"description":"How many links to return."},
        "page":{"type":"integer","minimum":1,"description":"Which page of results, from 1."},
        "country":{"type":"string","description":"The country to search in, for example nl."}},
        "required":["query"]}
        """);

    public override string Name => links ? GreenPTWebSearchClient.LinkSearchFunctionName : GreenPTWebSearchClient.WebSearchFunctionName;

    public override string Description => links
        ? "Searches the web with GreenPT and returns links with titles and snippets, numbered from 1."
        : "Searches the web with GreenPT and returns the relevant content of each page found, numbered from 1. Cite a source as [n].";

    public override JsonElement JsonSchema => links ? LinkSearchSchema : WebSearchSchema;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        string query = WebSearchMapper.StringArgument(arguments, "query") ?? throw new ArgumentException("The argument 'query' is required.", nameof(arguments));
        int? maxResults = WebSearchMapper.IntegerArgument(arguments, "max_results");
        GreenPTWebSearchResult result = links
            ? await client.SearchLinksAsync(
                query,
                new GreenPTLinkSearchOptions { MaxResults = maxResults, Page = WebSearchMapper.IntegerArgument(arguments, "page"), Country = WebSearchMapper.StringArgument(arguments, "country") },
                cancellationToken).ConfigureAwait(false)
            : await client.SearchAsync(query, maxResults, cancellationToken).ConfigureAwait(false);
        return WebSearchMapper.ToFunctionResult(result);
    }

    private static JsonElement Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
