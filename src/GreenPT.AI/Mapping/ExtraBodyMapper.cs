using System.Text.Json;
using System.Text.Json.Nodes;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Mapping;

/// <summary>Writes the caller's extra top-level fields (<see cref="GreenPTPropertyNames.ExtraBody"/>) into a request body.</summary>
internal static class ExtraBodyMapper
{
    /// <summary>The model a request names: the mapped one, or the one an extra field replaced it with.</summary>
    public static string ModelOf(string? mapped, IExtensibleRequest request) =>
        mapped ?? (request.ExtraFields is { } extra && extra.TryGetValue("model", out JsonElement model) && model.ValueKind == JsonValueKind.String
            ? model.GetString()!
            : "unknown");

    public static void Apply(IExtensibleRequest request, AdditionalPropertiesDictionary? properties)
    {
        if (properties is null || !properties.TryGetValue(GreenPTPropertyNames.ExtraBody, out object? extra) || extra is null)
        {
            return;
        }

        foreach (KeyValuePair<string, JsonElement> field in ReadExtraFields(extra))
        {
            if (!request.TryClearField(field.Key))
            {
                throw new ArgumentException(
                    $"ChatOptions.AdditionalProperties[\"{GreenPTPropertyNames.ExtraBody}\"] may not set '{field.Key}': the client controls it.", "options");
            }

            (request.ExtraFields ??= [])[field.Key] = field.Value;
        }
    }

    private static IEnumerable<KeyValuePair<string, JsonElement>> ReadExtraFields(object extra)
    {
        switch (extra)
        {
            case JsonElement { ValueKind: JsonValueKind.Object } element:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    yield return new(property.Name, property.Value.Clone());
                }

                break;

            case JsonObject jsonObject:
                foreach (KeyValuePair<string, JsonNode?> property in jsonObject)
                {
                    yield return new(property.Key, ToElement(property.Value));
                }

                break;

            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (KeyValuePair<string, object?> pair in pairs)
                {
                    yield return new(pair.Key, ToElement(pair.Value));
                }

                break;

            default:
                throw new ArgumentException(
                    $"ChatOptions.AdditionalProperties[\"{GreenPTPropertyNames.ExtraBody}\"] must be a dictionary of string to object, a JsonObject or a JSON object element; it was {extra.GetType().Name}.",
                    "options");
        }
    }

    private static JsonElement ToElement(object? value) => value switch
    {
        null => JsonSerializer.SerializeToElement<JsonElement?>(null, GreenPTJsonContext.Default.NullableJsonElement),
        JsonElement element => element.Clone(),
        JsonNode node => JsonSerializer.SerializeToElement(node, GreenPTJsonContext.EmbeddedJson.GetTypeInfo(typeof(JsonNode))),
        _ => JsonSerializer.SerializeToElement(value, GreenPTJsonContext.EmbeddedJson.GetTypeInfo(value.GetType())),
    };
}
