using System.Text.Json;
#if NET8_0_OR_GREATER
using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
#endif

namespace GreenPT.AI.Wire;

/// <summary>
/// Writes a JSON element of a request (a tool's parameter schema, a response format's schema) with the bytes
/// <see cref="JsonElement.WriteTo"/> writes. <c>WriteTo</c> walks the element token by token and writes each again, about 1 µs for
/// a tool's schema on every request. Here the element's own text is copied in runs: whitespace between tokens left out, and each
/// escape of an ASCII character written as the relaxed encoder writes that character (<c>\u0027</c>, as Microsoft.Extensions.AI's
/// schemas have it, becomes <c>'</c>, <c>\u001f</c> becomes <c>\u001F</c>). Text with any non-ASCII character, raw or escaped,
/// is left to <c>WriteTo</c>, whose rules for those are the encoder's own.
/// </summary>
internal static class JsonElementWriter
{
    /// <summary>Writes <paramref name="element"/> as <see cref="JsonElement.WriteTo"/> would.</summary>
    /// <exception cref="InvalidOperationException">The element is default (as <c>WriteTo</c> refuses it).</exception>
    /// <exception cref="ObjectDisposedException">The element's document is disposed.</exception>
    public static void Write(Utf8JsonWriter writer, JsonElement element)
    {
#if NET8_0_OR_GREATER
        if (element.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            && !writer.Options.Indented
            && ReferenceEquals(writer.Options.Encoder, JavaScriptEncoder.UnsafeRelaxedJsonEscaping))
        {
            ReadOnlySpan<byte> text = JsonMarshal.GetRawUtf8Value(element);
            byte[] compact = ArrayPool<byte>.Shared.Rent(text.Length);
            try
            {
                if (TryCompact(text, compact, out int written))
                {
                    writer.WriteRawValue(compact.AsSpan(0, written), skipInputValidation: true);
                    return;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(compact);
            }
        }
#endif
        element.WriteTo(writer);
    }

#if NET8_0_OR_GREATER
    /// <summary>
    /// Writes the compact form of <paramref name="text"/> (the valid JSON text of a document's element) into
    /// <paramref name="destination"/>, which is at least as long (nothing here lengthens the text); false when the text holds what
    /// this leaves to <c>WriteTo</c>, or is not what a document holds.
    /// </summary>
    internal static bool TryCompact(ReadOnlySpan<byte> text, Span<byte> destination, out int written)
    {
        written = 0;
        if (text.IndexOfAnyInRange((byte)0x7F, (byte)0xFF) >= 0)
        {
            return false; // DEL (whose escape is longer) or non-ASCII
        }

        int i = 0;
        while (i < text.Length)
        {
            byte b = text[i++];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                continue;
            }

            destination[written++] = b;
            if (b != (byte)'"')
            {
                continue;
            }

            // A string (or a name): runs up to each escape, until its closing quote.
            while (true)
            {
                int run = text.Slice(i).IndexOfAny((byte)'"', (byte)'\\');
                if (run < 0)
                {
                    return false;
                }

                text.Slice(i, run).CopyTo(destination.Slice(written));
                written += run;
                i += run;
                byte stop = text[i++];
                if (stop == (byte)'"')
                {
                    destination[written++] = stop;
                    break;
                }

                int value = stop == (byte)'\\' ? JsonStringDecoder.ReadEscapedUnit(text, ref i) : -1;
                if (value is < 0 or >= 0x80)
                {
                    return false;
                }

                if (value is >= 0x20 and < 0x7F and not '"' and not '\\')
                {
                    destination[written++] = (byte)value;
                }
                else
                {
                    written += JsonStringWriter.WriteEscape((byte)value, destination.Slice(written));
                }
            }
        }

        return true;
    }
#endif
}
