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
    public static void Write(Utf8JsonWriter writer, JsonElement element) => Write(writer, element, remember: false);

    /// <summary>
    /// Writes a schema (a tool's parameters, a response format's schema) as <see cref="Write(Utf8JsonWriter, JsonElement)"/> does.
    /// The same schemas go out with every request of a conversation, so the compact form of each is remembered (see
    /// <c>RecentSchemas</c>): an element whose text equals a remembered one, byte for byte, is written from that copy without
    /// compacting it again.
    /// </summary>
    /// <exception cref="InvalidOperationException">The element is default (as <c>WriteTo</c> refuses it).</exception>
    /// <exception cref="ObjectDisposedException">The element's document is disposed.</exception>
    public static void WriteSchema(Utf8JsonWriter writer, JsonElement element) => Write(writer, element, remember: true);

    private static void Write(Utf8JsonWriter writer, JsonElement element, bool remember)
    {
#if NET8_0_OR_GREATER
        if (element.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            && !writer.Options.Indented
            && ReferenceEquals(writer.Options.Encoder, JavaScriptEncoder.UnsafeRelaxedJsonEscaping))
        {
            ReadOnlySpan<byte> text = JsonMarshal.GetRawUtf8Value(element);
            remember &= RecentSchemas.Remembers(text);
            if (remember && RecentSchemas.Find(text) is { } known)
            {
                if (known.Compact is { } remembered)
                {
                    writer.WriteRawValue(remembered, skipInputValidation: true);
                    return;
                }

                element.WriteTo(writer);
                return;
            }

            byte[] compact = ArrayPool<byte>.Shared.Rent(text.Length);
            try
            {
                bool compacted = TryCompact(text, compact, out int written);
                if (remember)
                {
                    RecentSchemas.Add(text, compacted ? compact.AsSpan(0, written).ToArray() : null);
                }

                if (compacted)
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
    /// The compact forms of the schemas written lately, found by their text: 64 buckets of 4, chosen by the text's length and 8
    /// bytes at each of four places. A text is found only when it equals a remembered one byte for byte, so two schemas that
    /// share a bucket, or a document parsed again with the same text, never get each other's bytes. A full bucket forgets its
    /// entries in turn. Texts of over 8 KB are not remembered, so the whole holds at most 4 MB; the entries are immutable, so
    /// threads share them without a lock (a lost update only costs a compaction).
    /// </summary>
    internal static class RecentSchemas
    {
        private const int Buckets = 64;
        private const int Ways = 4;
        private const int LargestRemembered = 8 * 1024;
        private const int ShortestRemembered = 16;
        private static readonly RememberedSchema?[] Entries = new RememberedSchema?[Buckets * Ways];
        private static readonly int[] NextToForget = new int[Buckets];

        /// <summary>Whether a text of this length is remembered.</summary>
        public static bool Remembers(ReadOnlySpan<byte> text) => text.Length is >= ShortestRemembered and <= LargestRemembered;

        /// <summary>The remembered schema whose text equals <paramref name="text"/>, or null.</summary>
        public static RememberedSchema? Find(ReadOnlySpan<byte> text)
        {
            if (!Remembers(text))
            {
                return null;
            }

            int first = Bucket(text) * Ways;
            for (int way = 0; way < Ways; way++)
            {
                if (Volatile.Read(ref Entries[first + way]) is { } entry && text.SequenceEqual(entry.Text))
                {
                    return entry;
                }
            }

            return null;
        }

        /// <summary>Remembers <paramref name="text"/> with its compact form (null: left to <c>WriteTo</c>).</summary>
        public static void Add(ReadOnlySpan<byte> text, byte[]? compact)
        {
            int bucket = Bucket(text);
            int way = (int)((uint)Interlocked.Increment(ref NextToForget[bucket]) % Ways);
            Volatile.Write(ref Entries[(bucket * Ways) + way], new RememberedSchema(text.ToArray(), compact));
        }

        /// <summary>The bucket of a text of at least <see cref="ShortestRemembered"/> bytes.</summary>
        internal static int Bucket(ReadOnlySpan<byte> text)
        {
            int last = text.Length - sizeof(ulong);
            ulong mixed = MemoryMarshal.Read<ulong>(text)
                ^ (MemoryMarshal.Read<ulong>(text.Slice(last / 3)) * 31)
                ^ (MemoryMarshal.Read<ulong>(text.Slice(2 * last / 3)) * 131)
                ^ (MemoryMarshal.Read<ulong>(text.Slice(last)) * 1031)
                ^ (ulong)text.Length;
            mixed *= 0x9E3779B97F4A7C15UL;
            return (int)(mixed >> 58); // the top 6 bits: 0 to 63
        }
    }

    /// <summary>A schema's text and its compact form (null when the text is left to <c>WriteTo</c>).</summary>
    internal sealed class RememberedSchema(byte[] text, byte[]? compact)
    {
        public byte[] Text { get; } = text;

        public byte[]? Compact { get; } = compact;
    }

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

            // A document parsed with comments skipped or trailing commas allowed keeps them in its text; WriteTo leaves them out.
            if (b == (byte)'/' || (b is (byte)'}' or (byte)']' && written > 0 && destination[written - 1] == (byte)','))
            {
                return false;
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
