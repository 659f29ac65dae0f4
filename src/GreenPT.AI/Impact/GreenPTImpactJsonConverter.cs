using System.Text.Json;
using System.Text.Json.Serialization;
using GreenPT.AI.Wire;

namespace GreenPT.AI.Impact;

/// <summary>
/// Serializes <see cref="GreenPTImpact"/> in GreenPT's own wire shape, so that a response cached as JSON
/// (for example by MEAI's distributed cache) comes back as a <see cref="JsonElement"/> that
/// <see cref="GreenPTImpactExtensions.GetGreenPTImpact(Microsoft.Extensions.AI.ChatResponse)"/> reads again.
/// </summary>
internal sealed class GreenPTImpactJsonConverter : JsonConverter<GreenPTImpact>
{
    public override GreenPTImpact? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ImpactMapper.FromDto(JsonSerializer.Deserialize(ref reader, GreenPTJsonContext.Default.ImpactDto));

    public override void Write(Utf8JsonWriter writer, GreenPTImpact value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, ImpactMapper.ToDto(value), GreenPTJsonContext.Default.ImpactDto);
}
