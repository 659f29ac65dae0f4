using System.Text.Json.Serialization;

namespace GreenPT.AI.Wire;

/// <summary>The body of <c>POST /v1/tools/websearch</c>: <c>{"query"}</c>, the only field GreenPT documents ([DOC] S11).</summary>
internal sealed class WebSearchRequest
{
    [JsonPropertyName("query")] public string Query { get; set; } = string.Empty;
}

/// <summary>The body of <c>POST /v1/tools/search/web</c>: <c>{"query","maxResults","page","country"}</c> ([DOC] S12).</summary>
internal sealed class LinkSearchRequest
{
    [JsonPropertyName("query")] public string Query { get; set; } = string.Empty;
    [JsonPropertyName("maxResults")] public int? MaxResults { get; set; }
    [JsonPropertyName("page")] public int? Page { get; set; }
    [JsonPropertyName("country")] public string? Country { get; set; }
}

/// <summary>
/// The answer of both search endpoints. GreenPT's pages (S11, S12) give no response schema in /work/shared/greenpt-api.md; the
/// LLM-ready endpoint was observed answering <c>{"note","results":[{"title","link","snippet","relevant_content"}]}</c> ([3P-OBS] S23).
/// The raw-links endpoint's answer is not documented anywhere we could read: it is read with the same names, and also takes
/// <c>url</c> for <c>link</c> and <c>description</c> for <c>snippet</c>. An <c>impact</c> is read when present (not documented for the tools).
/// </summary>
internal sealed class WebSearchResponse : IWireAnswer
{
    [JsonPropertyName("note")][JsonConverter(typeof(WireStringConverter))] public string? Note { get; set; }
    [JsonPropertyName("results")][JsonConverter(typeof(WireSearchResultsConverter))] public List<SearchResultDto>? Results { get; set; }
    [JsonPropertyName("impact")][JsonConverter(typeof(WireImpactConverter))] public ImpactDto? Impact { get; set; }
    [JsonPropertyName("error")][JsonConverter(typeof(WireErrorConverter))] public ErrorDetail? Error { get; set; }
    [JsonPropertyName("requestId")][JsonConverter(typeof(WireStringConverter))] public string? RequestId { get; set; }
}

internal sealed class SearchResultDto
{
    [JsonPropertyName("title")][JsonConverter(typeof(WireStringConverter))] public string? Title { get; set; }
    [JsonPropertyName("link")][JsonConverter(typeof(WireStringConverter))] public string? Link { get; set; }
    [JsonPropertyName("url")][JsonConverter(typeof(WireStringConverter))] public string? Url { get; set; }
    [JsonPropertyName("snippet")][JsonConverter(typeof(WireStringConverter))] public string? Snippet { get; set; }
    [JsonPropertyName("description")][JsonConverter(typeof(WireStringConverter))] public string? Description { get; set; }
    [JsonPropertyName("relevant_content")][JsonConverter(typeof(WireStringConverter))] public string? RelevantContent { get; set; }
}

/// <summary>The results: an entry that is not an object names no source and is skipped.</summary>
internal sealed class WireSearchResultsConverter : WireListConverter<SearchResultDto>
{
    protected override string Field => "results";

    protected override bool ElementsOptional => true;

    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<SearchResultDto> TypeInfo => GreenPTJsonContext.Default.SearchResultDto;
}
