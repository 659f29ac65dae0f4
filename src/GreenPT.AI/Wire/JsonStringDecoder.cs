using System.Text.Json;
#if NET8_0_OR_GREATER
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
#endif

namespace GreenPT.AI.Wire;

/// <summary>
/// Decodes the long, escaped strings of an answer read whole (the text of a non-streaming message) faster than
/// <see cref="Utf8JsonReader"/> does. Once a string holds one escape (a newline, a quote: chat text is full of them), the reader
/// validates the rest of it byte by byte, then unescapes it again in <see cref="Utf8JsonReader.GetString"/>: about 1.5 ns a byte, a
/// third of a non-streaming call with a 4 KB answer. Here the string is unescaped in runs between its escapes (vectorized), checked as
/// UTF-8 and transcoded once; its bytes in the body are then blanked for a moment, so that the reader passes over a plain string of the
/// same length on its fast path, and put back.
/// </summary>
/// <remarks>
/// <para>
/// Only for a body that <see cref="ReadFrom{TState, T}"/> names, which must be the very memory the reader reads (checked), and only for a
/// string that is at least <see cref="ShortestDecodedHere"/> bytes long, has an escape, and is exactly what the reader would decode:
/// well-formed escapes, no control character, surrogate escapes in pairs, valid UTF-8. Anything else is left to the reader, so that
/// its errors and <see cref="WireValues.DecodeString"/>'s replacement of what cannot be read stay as they are.
/// </para>
/// <para>
/// The body is named in a thread-static for the length of one synchronous <c>JsonSerializer.Deserialize</c> call, since a converter
/// sees only the reader. Positions (and so every error's line and byte) do not change: the blanked string has the same length.
/// </para>
/// </remarks>
internal static class JsonStringDecoder
{
    /// <summary>Shorter strings gain nothing: the reader's own path is as fast for them.</summary>
    internal const int ShortestDecodedHere = 256;

#if NET8_0_OR_GREATER
    [ThreadStatic]
    private static byte[]? _bodyBeingRead;

    /// <summary>Where a run of plain bytes in a string ends: its closing quote, an escape, or a control character (an error).</summary>
    private static readonly SearchValues<byte> RunEnds = SearchValues.Create(RunEndBytes());
#endif

    /// <summary>Runs <paramref name="read"/> over <paramref name="body"/>, with the long strings of the body decoded here.</summary>
    public static T ReadFrom<TState, T>(byte[] body, TState state, Func<byte[], TState, T> read)
    {
#if NET8_0_OR_GREATER
        byte[]? outer = _bodyBeingRead;
        _bodyBeingRead = body;
        try
        {
            return read(body, state);
        }
        finally
        {
            _bodyBeingRead = outer;
        }
#else
        return read(body, state);
#endif
    }

    /// <summary>
    /// On a property name: when its value is a long escaped string of the body being read, moves the reader onto that string (as
    /// <see cref="WireValues.Next"/> does) and gives its text. Otherwise moves nothing and answers false, for the caller to read the
    /// value as usual.
    /// </summary>
    public static bool TryReadLongString(ref Utf8JsonReader reader, out string? text)
    {
        text = null;
#if NET8_0_OR_GREATER
        byte[]? body = _bodyBeingRead;
        if (body is null || reader.TokenType != JsonTokenType.PropertyName || reader.HasValueSequence || !ReadsFrom(ref reader, body))
        {
            return false;
        }

        int quote = SkipToValue(body, checked((int)reader.BytesConsumed));
        if (quote >= body.Length || body[quote] != (byte)'"' || !TryDecode(body, quote, out string? decoded, out int close))
        {
            return false;
        }

        Span<byte> inside = body.AsSpan(quote + 1, close - quote - 1);
        byte[] saved = ArrayPool<byte>.Shared.Rent(inside.Length);
        try
        {
            inside.CopyTo(saved);
            inside.Fill((byte)' ');
            WireValues.Next(ref reader);
        }
        finally
        {
            saved.AsSpan(0, inside.Length).CopyTo(inside);
            ArrayPool<byte>.Shared.Return(saved);
        }

        text = decoded;
        return true;
#else
        _ = reader;
        return false;
#endif
    }

#if NET8_0_OR_GREATER
    /// <summary>True when the reader's bytes are <paramref name="body"/>'s: its property name is where the body has it.</summary>
    private static bool ReadsFrom(ref Utf8JsonReader reader, byte[] body)
    {
        long nameAt = reader.TokenStartIndex + 1;
        ReadOnlySpan<byte> name = reader.ValueSpan;
        return name.Length > 0
            && nameAt + name.Length <= body.Length
            && Unsafe.AreSame(ref MemoryMarshal.GetReference(name), ref body[(int)nameAt]);
    }

    /// <summary>Past the whitespace and the colon after a property name: where its value starts.</summary>
    private static int SkipToValue(byte[] body, int at)
    {
        while (at < body.Length && body[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)':')
        {
            at++;
        }

        return at;
    }

    /// <summary>
    /// Decodes the string whose opening quote is at <paramref name="quote"/> when it is one this decodes (see the remarks of
    /// <see cref="JsonStringDecoder"/>); <paramref name="close"/> is where its closing quote is.
    /// </summary>
    internal static bool TryDecode(byte[] body, int quote, out string? text, out int close)
    {
        text = null;
        close = -1;
        int at = quote + 1;
        int run = body.AsSpan(at).IndexOfAny(RunEnds);
        if (run < 0 || body[at + run] != (byte)'\\' || body.Length - at < ShortestDecodedHere)
        {
            return false; // unterminated, a control character, or no escape: the reader's fast path
        }

        byte[] utf8 = ArrayPool<byte>.Shared.Rent(Math.Min(body.Length - at, 64 * 1024));
        Span<byte> encoded = stackalloc byte[4];
        try
        {
            int length = 0;
            while (true)
            {
                Append(ref utf8, ref length, body.AsSpan(at, run));
                at += run;
                byte end = body[at++];
                if (end == (byte)'"')
                {
                    break;
                }

                if (end != (byte)'\\' || !TryUnescape(body, ref at, out Rune rune))
                {
                    return false; // a control character, or an escape the reader may refuse or decode otherwise
                }

                Append(ref utf8, ref length, encoded.Slice(0, rune.EncodeToUtf8(encoded)));
                run = body.AsSpan(at).IndexOfAny(RunEnds);
                if (run < 0)
                {
                    return false;
                }
            }

            close = at - 1;
            ReadOnlySpan<byte> decoded = utf8.AsSpan(0, length);
            if (close - quote - 1 < ShortestDecodedHere || !Utf8.IsValid(decoded))
            {
                return false;
            }

            text = Encoding.UTF8.GetString(decoded);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>The escape after a backslash at <paramref name="at"/>, as the reader decodes it; false for one it refuses or replaces.</summary>
    private static bool TryUnescape(byte[] body, ref int at, out Rune rune)
    {
        rune = default;
        int value = ReadEscapedUnit(body, ref at);
        if (value < 0 || (value is >= 0xDC00 and <= 0xDFFF))
        {
            return false; // malformed, or a low surrogate first
        }

        if (value is >= 0xD800 and <= 0xDBFF)
        {
            // A high surrogate: decoded only when the next escape is its low half.
            if (at + 1 >= body.Length || body[at] != (byte)'\\' || body[at + 1] != (byte)'u')
            {
                return false;
            }

            at += 2;
            int low = ReadHex4(body, ref at);
            if (low is < 0xDC00 or > 0xDFFF)
            {
                return false;
            }

            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00);
        }

        rune = new Rune(value);
        return true;
    }

    /// <summary>
    /// The UTF-16 code unit the escape after a backslash at <paramref name="at"/> stands for (<c>\n</c>, <c>\u00e9</c>…), moving
    /// <paramref name="at"/> past it; -1 for a malformed one. Also the escape reading of <see cref="JsonElementWriter"/>.
    /// </summary>
    internal static int ReadEscapedUnit(ReadOnlySpan<byte> text, ref int at)
    {
        if (at >= text.Length)
        {
            return -1;
        }

        return text[at++] switch
        {
            (byte)'"' => '"',
            (byte)'\\' => '\\',
            (byte)'/' => '/',
            (byte)'b' => '\b',
            (byte)'f' => '\f',
            (byte)'n' => '\n',
            (byte)'r' => '\r',
            (byte)'t' => '\t',
            (byte)'u' => ReadHex4(text, ref at),
            _ => -1,
        };
    }

    private static int ReadHex4(ReadOnlySpan<byte> text, ref int at)
    {
        if (at + 4 > text.Length)
        {
            return -1;
        }

        int value = 0;
        for (int end = at + 4; at < end; at++)
        {
            int digit = text[at] switch
            {
                >= (byte)'0' and <= (byte)'9' => text[at] - '0',
                >= (byte)'a' and <= (byte)'f' => text[at] - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => text[at] - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return -1;
            }

            value = (value << 4) | digit;
        }

        return value;
    }

    private static void Append(ref byte[] buffer, ref int length, ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > buffer.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + bytes.Length));
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }

    private static byte[] RunEndBytes()
    {
        var bytes = new List<byte> { (byte)'"', (byte)'\\' };
        for (int b = 0; b < 0x20; b++)
        {
            bytes.Add((byte)b);
        }

        return [.. bytes];
    }
#endif
}
