using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal.Validation;

/// <summary>Small readers for request fields; "absent" includes an explicit JSON <c>null</c>.</summary>
internal static class JsonFields
{
    /// <summary>The property's value, unless it is missing or <c>null</c>.</summary>
    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
        => obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The property's string value, or <see langword="null"/> when it is missing or not a string.</summary>
    public static string? String(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool IsBoolean(JsonElement value) => value.ValueKind is JsonValueKind.True or JsonValueKind.False;
}
