using System.Text.Json;
using System.Text.Json.Serialization;

namespace GreenPT.AI.Wire;

/// <summary>Source-generated serialization for every wire type: no reflection, safe to trim and AOT-compile.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UseStringEnumConverter = false)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(List<ContentPart>))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class GreenPTJsonContext : JsonSerializerContext;
