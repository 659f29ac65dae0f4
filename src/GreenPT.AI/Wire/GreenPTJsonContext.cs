using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Wire;

/// <summary>Source-generated serialization for every wire type: no reflection, safe to trim and AOT-compile.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(EmbeddingRequest))]
[JsonSerializable(typeof(EmbeddingResponse))]
[JsonSerializable(typeof(ModelListResponse))]
[JsonSerializable(typeof(RerankRequest))]
[JsonSerializable(typeof(RerankResponse))]
[JsonSerializable(typeof(WebSearchRequest))]
[JsonSerializable(typeof(LinkSearchRequest))]
[JsonSerializable(typeof(WebSearchResponse))]
[JsonSerializable(typeof(ListenResponse))]
[JsonSerializable(typeof(LiveListenMessage))]
[JsonSerializable(typeof(List<ContentPart>))]
[JsonSerializable(typeof(JsonElement))]
// Read through the property converters in WireConverters, which need each type's own contract.
[JsonSerializable(typeof(ResponseChoice))]
[JsonSerializable(typeof(ResponseMessage))]
[JsonSerializable(typeof(ResponseToolCall))]
[JsonSerializable(typeof(ResponseFunctionCall))]
[JsonSerializable(typeof(ResponseUsage))]
[JsonSerializable(typeof(PromptTokensDetails))]
[JsonSerializable(typeof(CompletionTokensDetails))]
[JsonSerializable(typeof(ImpactDto))]
[JsonSerializable(typeof(MeasurementDto))]
[JsonSerializable(typeof(ErrorDetail))]
[JsonSerializable(typeof(EmbeddingData))]
[JsonSerializable(typeof(ModelDto))]
[JsonSerializable(typeof(RerankResultDto))]
[JsonSerializable(typeof(SearchResultDto))]
[JsonSerializable(typeof(ListenMetadata))]
[JsonSerializable(typeof(ListenResults))]
[JsonSerializable(typeof(ListenChannel))]
[JsonSerializable(typeof(ListenAlternative))]
[JsonSerializable(typeof(ListenWord))]
internal sealed partial class GreenPTJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context requests are written with: like <see cref="Default"/>, but text outside ASCII (é, ü, ß…) and quotes inside
    /// strings are written as they are instead of as <c>\uXXXX</c> escapes, which keeps bodies small and readable.
    /// </summary>
    public static GreenPTJsonContext Writer { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>
    /// MEAI's options (which know function arguments, results and common types), compact and with the same relaxed escaping:
    /// for the JSON text embedded in requests, such as tool-call arguments.
    /// </summary>
    public static JsonSerializerOptions EmbeddedJson { get; } = CreateEmbeddedJsonOptions();

    private static JsonSerializerOptions CreateEmbeddedJsonOptions()
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions)
        {
            WriteIndented = false,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly();
        return options;
    }
}
