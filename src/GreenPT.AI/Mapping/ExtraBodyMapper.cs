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

    /// <summary>Writes the extra fields found in <paramref name="properties"/> into <paramref name="request"/>.</summary>
    /// <param name="request">The request body being built.</param>
    /// <param name="properties">The <c>AdditionalProperties</c> of the caller's options.</param>
    /// <param name="optionsType">The caller's options type, as messages name it: <c>ChatOptions</c> or <c>EmbeddingGenerationOptions</c>.</param>
    /// <exception cref="ArgumentException">The extra fields are not an object, or set a field the client controls; named for the caller's <c>options</c>.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2208", Justification = "The exception names the caller's options parameter, where the extra fields came from.")]
    public static void Apply(IExtensibleRequest request, AdditionalPropertiesDictionary? properties, string optionsType)
    {
        if (properties is null || !properties.TryGetValue(GreenPTPropertyNames.ExtraBody, out object? extra) || extra is null)
        {
            return;
        }

        ApplyFields(request, extra, $"{optionsType}.AdditionalProperties[\"{GreenPTPropertyNames.ExtraBody}\"]");
    }

    /// <summary>Writes the fields of <paramref name="extra"/> (a dictionary, a <see cref="JsonObject"/> or an object element) into <paramref name="request"/>.</summary>
    /// <param name="request">The request body being built.</param>
    /// <param name="extra">The fields.</param>
    /// <param name="source">Where they came from, as messages name it.</param>
    /// <exception cref="ArgumentException">The fields are not an object, or set a field the client controls; named for the caller's <c>options</c>.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2208", Justification = "The exception names the caller's options parameter, where the extra fields came from.")]
    public static void ApplyFields(IExtensibleRequest request, object extra, string source)
    {
        foreach (KeyValuePair<string, JsonElement> field in ReadExtraFields(extra, source))
        {
            if (!request.TryClearField(field.Key))
            {
                throw new ArgumentException($"{source} may not set '{field.Key}': the client controls it.", "options");
            }

            (request.ExtraFields ??= [])[field.Key] = field.Value;
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2208", Justification = "The exception names the caller's options parameter, where the extra fields came from.")]
    private static IEnumerable<KeyValuePair<string, JsonElement>> ReadExtraFields(object extra, string source)
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
                    $"{source} must be a dictionary of string to object, a JsonObject or a JSON object element; it was {extra.GetType().Name}.",
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
