using System.Text.Json;
using System.Text.Json.Serialization;

namespace GreenPT.AI.Wire;

/// <summary>The body of <c>POST /v1/embeddings</c>.</summary>
internal sealed class EmbeddingRequest : IExtensibleRequest
{
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("input")] public IList<string> Input { get; set; } = [];
    [JsonPropertyName("dimensions")] public int? Dimensions { get; set; }
    /// <summary>
    /// <c>base64</c> (GreenPT documents <c>float</c> and <c>base64</c>): each vector comes as the base64 of its little-endian 32-bit
    /// floats, exact and about a third the size of the same floats as JSON numbers, and decoded without parsing a number per component.
    /// An answer with JSON numbers (a server that ignores the field) is read as well.
    /// </summary>
    [JsonPropertyName("encoding_format")] public string? EncodingFormat { get; set; } = "base64";

    /// <inheritdoc />
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtraFields { get; set; }

    /// <inheritdoc />
    public bool TryClearField(string jsonName)
    {
        switch (jsonName)
        {
            case "input": return false;
            case "model": Model = null; break;
            case "dimensions": Dimensions = null; break;
            case "encoding_format": return false;
        }

        return true;
    }
}

/// <summary>The answer of <c>POST /v1/embeddings</c>: OpenAI's shape plus GreenPT's <c>impact</c>; read whole (see <see cref="IReadWhole"/>).</summary>
internal sealed class EmbeddingResponse : IWireAnswer, IReadWhole
{
    [JsonPropertyName("data")][JsonConverter(typeof(WireEmbeddingDataConverter))] public List<EmbeddingData>? Data { get; set; }
    [JsonPropertyName("model")][JsonConverter(typeof(WireStringConverter))] public string? Model { get; set; }
    [JsonPropertyName("usage")][JsonConverter(typeof(WireUsageConverter))] public ResponseUsage? Usage { get; set; }
    [JsonPropertyName("impact")][JsonConverter(typeof(WireImpactConverter))] public ImpactDto? Impact { get; set; }
    [JsonPropertyName("error")][JsonConverter(typeof(WireErrorConverter))] public ErrorDetail? Error { get; set; }
    [JsonPropertyName("requestId")][JsonConverter(typeof(WireStringConverter))] public string? RequestId { get; set; }
}

internal sealed class EmbeddingData
{
    /// <summary>The input this embedding belongs to; <see langword="null"/> when the server sent none the client can use.</summary>
    [JsonPropertyName("index")][JsonConverter(typeof(WireInt32Converter))] public int? Index { get; set; }
    [JsonPropertyName("embedding")][JsonConverter(typeof(WireEmbeddingVectorConverter))] public float[]? Embedding { get; set; }
}

/// <summary>The answer of <c>GET /v1/models</c>.</summary>
internal sealed class ModelListResponse : IWireAnswer
{
    [JsonPropertyName("data")][JsonConverter(typeof(WireModelListConverter))] public List<ModelDto>? Data { get; set; }
    [JsonPropertyName("error")][JsonConverter(typeof(WireErrorConverter))] public ErrorDetail? Error { get; set; }
    [JsonPropertyName("requestId")][JsonConverter(typeof(WireStringConverter))] public string? RequestId { get; set; }
}

internal sealed class ModelDto
{
    [JsonPropertyName("id")][JsonConverter(typeof(WireStringConverter))] public string? Id { get; set; }
    [JsonPropertyName("owned_by")][JsonConverter(typeof(WireStringConverter))] public string? OwnedBy { get; set; }
    [JsonPropertyName("created")][JsonConverter(typeof(WireInt64Converter))] public long? Created { get; set; }

    // Not documented by GreenPT: the context-window fields OpenAI-compatible servers add to their model list
    // (vLLM's max_model_len; context_length and context_window elsewhere), read when present.
    [JsonPropertyName("max_model_len")][JsonConverter(typeof(WireInt32Converter))] public int? MaxModelLength { get; set; }
    [JsonPropertyName("context_length")][JsonConverter(typeof(WireInt32Converter))] public int? ContextLength { get; set; }
    [JsonPropertyName("context_window")][JsonConverter(typeof(WireInt32Converter))] public int? ContextWindow { get; set; }
}
