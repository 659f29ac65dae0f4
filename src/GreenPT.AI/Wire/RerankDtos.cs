using System.Text.Json.Serialization;

namespace GreenPT.AI.Wire;

/// <summary>
/// The body of <c>POST /v1/rerank</c>: <c>{model, query, documents[], top_n, return_documents?}</c> ([DOC-dev] S6 in
/// /work/shared/greenpt-api.md; [3P-OBS] S23, S27). <c>return_documents</c> is never sent: the client takes each document from the
/// caller's own list by index, so the server need not send the same text back.
/// </summary>
internal sealed class RerankRequest
{
    [JsonPropertyName("model")] public string Model { get; set; } = string.Empty;
    [JsonPropertyName("query")] public string Query { get; set; } = string.Empty;
    [JsonPropertyName("documents")] public IList<string> Documents { get; set; } = [];
    [JsonPropertyName("top_n")] public int? TopN { get; set; }
}

/// <summary>
/// The answer of <c>POST /v1/rerank</c>: <c>results[{index, relevance_score}]</c> plus <c>usage</c> ([DOC-dev] S6), and GreenPT's
/// <c>impact</c>, which third parties read on this endpoint too ([3P-OBS] S16). The shape of <c>usage</c> is not documented; the
/// OpenAI-style token counts are read when present.
/// </summary>
internal sealed class RerankResponse : IWireAnswer
{
    [JsonPropertyName("id")][JsonConverter(typeof(WireStringConverter))] public string? Id { get; set; }
    [JsonPropertyName("model")][JsonConverter(typeof(WireStringConverter))] public string? Model { get; set; }
    [JsonPropertyName("results")][JsonConverter(typeof(WireRerankResultsConverter))] public List<RerankResultDto>? Results { get; set; }
    [JsonPropertyName("usage")][JsonConverter(typeof(WireUsageConverter))] public ResponseUsage? Usage { get; set; }
    [JsonPropertyName("impact")][JsonConverter(typeof(WireImpactConverter))] public ImpactDto? Impact { get; set; }
    [JsonPropertyName("error")][JsonConverter(typeof(WireErrorConverter))] public ErrorDetail? Error { get; set; }
    [JsonPropertyName("requestId")][JsonConverter(typeof(WireStringConverter))] public string? RequestId { get; set; }
}

internal sealed class RerankResultDto
{
    /// <summary>The document's position in the request; <see langword="null"/> when the server sent none the client can use.</summary>
    [JsonPropertyName("index")][JsonConverter(typeof(WireInt32Converter))] public int? Index { get; set; }

    /// <summary>The relevance score; <see langword="null"/> when missing or not a finite number.</summary>
    [JsonPropertyName("relevance_score")][JsonConverter(typeof(WireDoubleConverter))] public double? RelevanceScore { get; set; }
}

internal sealed class WireRerankResultsConverter : WireListConverter<RerankResultDto>
{
    protected override string Field => "results";

    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<RerankResultDto> TypeInfo => GreenPTJsonContext.Default.RerankResultDto;
}
