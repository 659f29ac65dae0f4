using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal.Faults.Corruption;

/// <summary>
/// Copies a compact JSON document byte for byte (values and names in their raw, still-escaped form), except where a
/// <see cref="JsonEdit"/> replaces a value or a property name, or appends members to an object. Paths name properties
/// with dots and array items with <c>[]</c>: <c>choices[].delta.content</c>; the root is the empty path.
/// </summary>
internal static class JsonRewriter
{
    /// <summary>The rewritten document, or <see langword="null"/> when the edit found nothing to change.</summary>
    public static byte[]? Rewrite(ReadOnlyMemory<byte> json, JsonEdit edit)
    {
        using var document = JsonDocument.Parse(json);
        var copy = new Copy(new ArrayBufferWriter<byte>(json.Length + 64), edit);
        copy.Value(document.RootElement, string.Empty);
        return copy.Changed ? copy.Output.WrittenSpan.ToArray() : null;
    }

    private sealed class Copy(ArrayBufferWriter<byte> output, JsonEdit edit)
    {
        public ArrayBufferWriter<byte> Output { get; } = output;

        public bool Changed { get; private set; }

        public void Value(JsonElement value, string path)
        {
            if (edit.ReplaceValue(path, value) is { } replacement)
            {
                WriteReplacement(replacement);
                return;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    Object(value, path);
                    break;
                case JsonValueKind.Array:
                    Array(value, path);
                    break;
                default:
                    Output.Write(JsonMarshal.GetRawUtf8Value(value));
                    break;
            }
        }

        private void Object(JsonElement obj, string path)
        {
            Output.Write("{"u8);
            bool first = true;
            foreach (var property in obj.EnumerateObject())
            {
                WriteSeparator(ref first);
                string propertyPath = path.Length == 0 ? property.Name : path + "." + property.Name;
                Name(JsonMarshal.GetRawUtf8PropertyName(property), propertyPath);
                Output.Write(":"u8);
                Value(property.Value, propertyPath);
            }

            if (edit.AppendMembers(path, obj) is { } members)
            {
                WriteSeparator(ref first);
                WriteReplacement(members);
            }

            Output.Write("}"u8);
        }

        private void Array(JsonElement array, string path)
        {
            Output.Write("["u8);
            bool first = true;
            foreach (var item in array.EnumerateArray())
            {
                WriteSeparator(ref first);
                Value(item, path + "[]");
            }

            Output.Write("]"u8);
        }

        private void Name(ReadOnlySpan<byte> rawName, string path)
        {
            Output.Write("\""u8);
            if (edit.ReplaceName(path, rawName) is { } replacement)
            {
                WriteReplacement(replacement);
            }
            else
            {
                Output.Write(rawName);
            }

            Output.Write("\""u8);
        }

        private void WriteSeparator(ref bool first)
        {
            if (!first)
            {
                Output.Write(","u8);
            }

            first = false;
        }

        private void WriteReplacement(ReadOnlySpan<byte> bytes)
        {
            Output.Write(bytes);
            Changed = true;
        }
    }
}
