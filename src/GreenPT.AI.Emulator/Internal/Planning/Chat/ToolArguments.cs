using System.Buffers;
using System.Text;
using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal.Planning.Chat;

/// <summary>
/// The arguments of a built-in tool call, a compact JSON object built from the tool's JSON Schema: for each property in
/// <c>required</c> (or every property when nothing is required): its first <c>enum</c> value if it has one, else
/// string -> the user text, integer/number -> 42, boolean -> true, anything else -> null.
/// </summary>
internal static class ToolArguments
{
    public static string Build(JsonElement parameters, string userText)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            w.WriteStartObject();
            if (parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                foreach (string name in PropertyNames(parameters, properties))
                {
                    w.WritePropertyName(name);
                    WriteValue(w, properties.TryGetProperty(name, out var schema) ? schema : default, userText);
                }
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The <c>required</c> names (each once, in order), or every property when nothing is required.</summary>
    private static List<string> PropertyNames(JsonElement parameters, JsonElement properties)
    {
        var names = new List<string>();
        if (parameters.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray())
            {
                if (name.ValueKind == JsonValueKind.String && !names.Contains(name.GetString()!))
                {
                    names.Add(name.GetString()!);
                }
            }
        }

        return names.Count > 0 ? names : [.. properties.EnumerateObject().Select(p => p.Name)];
    }

    private static void WriteValue(Utf8JsonWriter w, JsonElement schema, string userText)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            w.WriteNullValue();
            return;
        }

        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
        {
            values[0].WriteTo(w);
            return;
        }

        switch (SchemaType(schema))
        {
            case "string": w.WriteStringValue(userText); break;
            case "integer" or "number": w.WriteNumberValue(42); break;
            case "boolean": w.WriteBooleanValue(true); break;
            default: w.WriteNullValue(); break;
        }
    }

    /// <summary>The schema's <c>type</c>; for a type array, its first entry other than <c>"null"</c>.</summary>
    private static string? SchemaType(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return null;
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => type.GetString(),
            JsonValueKind.Array => type.EnumerateArray()
                .Where(t => t.ValueKind == JsonValueKind.String && t.GetString() != "null")
                .Select(t => t.GetString())
                .FirstOrDefault(),
            _ => null,
        };
    }
}
