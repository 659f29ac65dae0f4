#if NET8_0_OR_GREATER
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Unicode;
#endif
using System.Text.Json;

namespace GreenPT.AI.Wire;

/// <summary>
/// Writes long JSON string values of a request faster than <see cref="Utf8JsonWriter"/> does when they need escaping, with the same
/// bytes. Chat text is full of what JSON escapes (newlines, quotes, the quotes of tool-call arguments), and once a string needs one
/// escape the writer escapes the rest of it character by character, then transcodes the escaped copy: about 1 ns a character, 40%
/// of a request with a long history. Here the string is transcoded to UTF-8 once (vectorized), the encoder finds each byte to
/// escape (vectorized), and the runs between them are copied whole.
/// </summary>
/// <remarks>
/// Only the escapes of ASCII are written here, exactly as <c>JavaScriptEncoder.UnsafeRelaxedJsonEscaping</c> writes them
/// (<c>\"</c>, <c>\\</c>, <c>\b \t \n \f \r</c>, and <c>\u00XX</c> with upper-case hex for the other controls and DEL). A string
/// with a non-ASCII character that needs escaping, or with a lone surrogate, or a short one, is written by the writer itself. Unit
/// tests compare the bytes with the writer's over every ASCII character, non-ASCII text and random strings.
/// </remarks>
internal static class JsonStringWriter
{
    /// <summary>Shorter strings gain nothing from the second buffer.</summary>
    internal const int ShortestWrittenHere = 48;

    /// <summary>Writes <paramref name="name"/> and the string <paramref name="value"/>, or nothing when it is null.</summary>
    public static void WriteIfNotNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is null)
        {
            return;
        }

#if NET8_0_OR_GREATER
        if (value.Length >= ShortestWrittenHere && TryWrite(writer, name, value))
        {
            return;
        }
#endif
        writer.WriteString(name, value);
    }

    /// <summary>Writes the string <paramref name="value"/> (a JSON null when it is null).</summary>
    public static void WriteValue(Utf8JsonWriter writer, string? value)
    {
#if NET8_0_OR_GREATER
        if (value is not null && value.Length >= ShortestWrittenHere && TryWrite(writer, name: null, value))
        {
            return;
        }
#endif
        writer.WriteStringValue(value);
    }

#if NET8_0_OR_GREATER
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>
    /// Writes <paramref name="value"/> (after <paramref name="name"/> when there is one) and answers true; or writes nothing and
    /// answers false, for the writer to write it.
    /// </summary>
    private static bool TryWrite(Utf8JsonWriter writer, JsonEncodedText? name, string value)
    {
        if (writer.Options.Indented || !ReferenceEquals(writer.Options.Encoder, Encoder))
        {
            return false;
        }

        // The UTF-8 of the value, between the two quotes of the plain JSON string.
        byte[] plain = ArrayPool<byte>.Shared.Rent(checked((value.Length * 3) + 2));
        byte[]? escaped = null;
        try
        {
            if (Utf8.FromUtf16(value, plain.AsSpan(1), out _, out int length, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                return false; // a lone surrogate: the writer decides what becomes of it
            }

            ReadOnlySpan<byte> text = plain.AsSpan(1, length);
            int next = Encoder.FindFirstCharacterToEncodeUtf8(text);
            ReadOnlySpan<byte> json;
            if (next < 0)
            {
                plain[0] = (byte)'"';
                plain[length + 1] = (byte)'"';
                json = plain.AsSpan(0, length + 2);
            }
            else
            {
                // Every byte at most six (\u00XX), plus the quotes.
                escaped = ArrayPool<byte>.Shared.Rent(checked((length * 6) + 2));
                int written = 0;
                escaped[written++] = (byte)'"';
                while (next >= 0)
                {
                    byte special = text[next];
                    if (special >= 0x80 || (special >= 0x20 && special is not ((byte)'"' or (byte)'\\' or 0x7F)))
                    {
                        return false; // a non-ASCII character to escape (or one this does not know): the writer's rules
                    }

                    text.Slice(0, next).CopyTo(escaped.AsSpan(written));
                    written += next;
                    written += WriteEscape(special, escaped.AsSpan(written));
                    text = text.Slice(next + 1);
                    next = Encoder.FindFirstCharacterToEncodeUtf8(text);
                }

                text.CopyTo(escaped.AsSpan(written));
                written += text.Length;
                escaped[written++] = (byte)'"';
                json = escaped.AsSpan(0, written);
            }

            if (name is { } propertyName)
            {
                writer.WritePropertyName(propertyName);
            }

            writer.WriteRawValue(json, skipInputValidation: true);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
            if (escaped is not null)
            {
                ArrayPool<byte>.Shared.Return(escaped);
            }
        }
    }

    /// <summary>The escape of the ASCII byte <paramref name="special"/>, as the relaxed encoder writes it; its length.</summary>
    internal static int WriteEscape(byte special, Span<byte> destination)
    {
        destination[0] = (byte)'\\';
        byte shortForm = special switch
        {
            (byte)'"' => (byte)'"',
            (byte)'\\' => (byte)'\\',
            (byte)'\b' => (byte)'b',
            (byte)'\t' => (byte)'t',
            (byte)'\n' => (byte)'n',
            (byte)'\f' => (byte)'f',
            (byte)'\r' => (byte)'r',
            _ => 0,
        };
        if (shortForm != 0)
        {
            destination[1] = shortForm;
            return 2;
        }

        destination[1] = (byte)'u';
        destination[2] = (byte)'0';
        destination[3] = (byte)'0';
        destination[4] = HexDigit(special >> 4);
        destination[5] = HexDigit(special & 0xF);
        return 6;
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'A' + value - 10);
#endif
}
