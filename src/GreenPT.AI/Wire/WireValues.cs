using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace GreenPT.AI.Wire;

/// <summary>
/// Reads single wire values by the client's robustness rule: a value the client cannot use is dropped (read as
/// <see langword="null"/>) where that loses nothing the caller needs, and a value that would lose part of the answer throws a
/// <see cref="JsonException"/> that names what was wrong (the client turns it into a <see cref="GreenPTException"/>).
/// Every method leaves the reader on the last token of the value, as a converter must; none throws anything but
/// <see cref="JsonException"/>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Strings never fail: invalid UTF-8 and lone surrogates (<c>"\ud83d"</c>, half an emoji) decode to U+FFFD, the
/// replacement character, and the rest of the text is kept.</item>
/// <item>Numbers: a value outside the target type (<c>1e30</c> tokens, a <c>created</c> past <see cref="long"/>, an energy of
/// <c>1e400</c>), NaN or Infinity, or a value of another JSON type, is dropped.</item>
/// <item>Objects and arrays of metadata (<c>usage</c>, <c>impact</c>, a measurement) given another JSON type are dropped; those
/// that hold the answer (<c>choices</c>, <c>message</c>, <c>delta</c>, <c>tool_calls</c>, <c>function</c>, embeddings) fail.
/// <see langword="null"/> where an array element is expected holds nothing and is skipped.</item>
/// </list>
/// </remarks>
internal static class WireValues
{
    private static readonly JsonWriterOptions RawJsonWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A metadata string: a number or boolean as its JSON text; an object or array is dropped.</summary>
    public static string? ReadString(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return DecodeString(ref reader);
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return TokenText(ref reader);
        }
    }

    /// <summary>Answer text (<c>content</c>, reasoning, refusal): a number or boolean as its JSON text; an object or array fails.</summary>
    /// <exception cref="JsonException">The value is an object or an array.</exception>
    public static string? ReadText(ref Utf8JsonReader reader, string field) => reader.TokenType switch
    {
        JsonTokenType.String => DecodeString(ref reader),
        JsonTokenType.Null => null,
        JsonTokenType.StartObject or JsonTokenType.StartArray => throw WrongType(field, "a string", reader.TokenType),
        _ => TokenText(ref reader),
    };

    /// <summary>Text a server wrote for a person (an error message or detail): an object or array is kept as its JSON text.</summary>
    public static string? ReadMessage(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => DecodeString(ref reader),
        JsonTokenType.Null => null,
        JsonTokenType.StartObject or JsonTokenType.StartArray => RawJson(ref reader),
        _ => TokenText(ref reader),
    };

    /// <summary>The string the reader is on, never failing: invalid UTF-8 and lone surrogates become U+FFFD.</summary>
    public static string DecodeString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8, or an escape that decodes to half a surrogate pair: decode by hand, replacing what cannot be read.
            byte[] raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
            return Unescape(raw, reader.ValueIsEscaped);
        }
    }

    /// <summary>A whole number that fits a <see cref="long"/>; anything else (out of range, fractional beyond it, NaN, another type) is dropped.</summary>
    public static long? ReadInt64(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out long exact))
                {
                    return exact;
                }

                return reader.TryGetDouble(out double number) ? ToInt64(number) : null;
            case JsonTokenType.String:
                string text = DecodeString(ref reader);
                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) ? parsed
                    : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double fromText) ? ToInt64(fromText)
                    : null;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    /// <summary>A whole number that fits an <see cref="int"/>; anything else is dropped.</summary>
    public static int? ReadInt32(ref Utf8JsonReader reader) => ReadInt64(ref reader) is long value and >= int.MinValue and <= int.MaxValue ? (int)value : null;

    /// <summary>A finite number; NaN, Infinity (<c>1e400</c>), text that is not a number and other types are dropped.</summary>
    public static double? ReadDouble(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetDouble(out double number) && IsFinite(number) ? number : null;
            case JsonTokenType.String:
                return double.TryParse(DecodeString(ref reader), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && IsFinite(parsed) ? parsed : null;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    /// <summary>An object that only adds to the answer (usage, impact, a measurement): another JSON type is dropped.</summary>
    /// <exception cref="JsonException">The object is malformed.</exception>
    public static T? ReadObject<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return JsonSerializer.Deserialize(ref reader, typeInfo);
        }

        reader.Skip(); // an array whole; a scalar (or null) is already its own last token
        return null;
    }

    /// <summary>An object that holds the answer (<c>message</c>, <c>delta</c>, <c>function</c>): <see langword="null"/> stays null, another JSON type fails.</summary>
    /// <exception cref="JsonException">The value is neither an object nor null, or the object is malformed.</exception>
    public static T? ReadRequiredObject<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> typeInfo, string field)
        where T : class => reader.TokenType switch
    {
        JsonTokenType.StartObject => JsonSerializer.Deserialize(ref reader, typeInfo),
        JsonTokenType.Null => null,
        _ => throw WrongType(field, "an object", reader.TokenType),
    };

    /// <summary>
    /// An array of objects read with <paramref name="typeInfo"/>: <see langword="null"/> elements are skipped, and so are elements of
    /// another type when <paramref name="elementsOptional"/>; otherwise they fail, as does a value that is not an array.
    /// </summary>
    /// <exception cref="JsonException">The value is not an array, or holds an element that cannot be read.</exception>
    public static List<T>? ReadList<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> typeInfo, string field, bool elementsOptional)
        where T : class
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType(field, "an array", reader.TokenType);
        }

        var list = new List<T>(1);
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                list.Add(JsonSerializer.Deserialize(ref reader, typeInfo)!);
            }
            else if (reader.TokenType == JsonTokenType.Null || elementsOptional)
            {
                reader.Skip();
            }
            else
            {
                throw WrongType(field + "[]", "an object", reader.TokenType);
            }
        }

        return list;
    }

    /// <summary>The value the reader is on as compact JSON text (objects and arrays whole), with strings decoded as <see cref="DecodeString"/> does.</summary>
    /// <exception cref="JsonException">The value is incomplete.</exception>
    public static string RawJson(ref Utf8JsonReader reader)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, RawJsonWriterOptions))
        {
            int depth = reader.CurrentDepth;
            while (true)
            {
                WriteToken(ref reader, writer);
                if (reader.CurrentDepth == depth && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName))
                {
                    break;
                }

                Next(ref reader);
            }
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Whether the property name the reader is on is <paramref name="name"/>; a name that cannot be decoded matches nothing.</summary>
    public static bool NameIs(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueTextEquals(name);
        }

        try
        {
            return reader.ValueTextEquals(name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Moves to the next property name of the current object; <see langword="false"/> at its end.</summary>
    /// <exception cref="JsonException">The data ended inside the object.</exception>
    public static bool NextProperty(ref Utf8JsonReader reader) => Next(ref reader) == JsonTokenType.PropertyName;

    /// <summary>Skips the value of the property name the reader is on, leaving the reader on its last token.</summary>
    /// <exception cref="JsonException">The data ended inside the value.</exception>
    public static void SkipPropertyValue(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        reader.Skip();
    }

    /// <summary>Moves to the next token.</summary>
    /// <exception cref="JsonException">The data ended inside the value.</exception>
    public static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The JSON ended inside a value.");

    /// <summary>The exception for a value of the wrong JSON type where the answer needed another.</summary>
    public static JsonException WrongType(string field, string expected, JsonTokenType actual) =>
        new($"'{field}' must be {expected}, not {Describe(actual)}.");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>A number or literal as its JSON text (ASCII by the grammar).</summary>
    private static string TokenText(ref Utf8JsonReader reader)
    {
        byte[] raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
        return Encoding.UTF8.GetString(raw);
    }

    /// <summary>The value when it is within [-2^63, 2^63), the range of doubles a <see cref="long"/> holds, truncated; else none.</summary>
    private static long? ToInt64(double value) =>
        IsFinite(value) && value >= -9.2233720368547758E+18 && value < 9.2233720368547758E+18 ? (long)value : null;

    private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

    private static void WriteToken(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject: writer.WriteStartObject(); break;
            case JsonTokenType.EndObject: writer.WriteEndObject(); break;
            case JsonTokenType.StartArray: writer.WriteStartArray(); break;
            case JsonTokenType.EndArray: writer.WriteEndArray(); break;
            case JsonTokenType.PropertyName: writer.WritePropertyName(DecodeString(ref reader)); break;
            case JsonTokenType.String: writer.WriteStringValue(DecodeString(ref reader)); break;
            case JsonTokenType.True: writer.WriteBooleanValue(true); break;
            case JsonTokenType.False: writer.WriteBooleanValue(false); break;
            case JsonTokenType.Null: writer.WriteNullValue(); break;
            default: writer.WriteRawValue(TokenText(ref reader), skipInputValidation: true); break;
        }
    }

    /// <summary>
    /// Decodes a JSON string's raw bytes: escapes resolved, surrogate pairs joined, anything unreadable as U+FFFD. The reader has
    /// validated the escapes (a backslash is always followed by one of <c>"\/bfnrtu</c>, and <c>\u</c> by four hex digits).
    /// </summary>
    private static string Unescape(byte[] raw, bool escaped)
    {
        if (!escaped)
        {
            return Encoding.UTF8.GetString(raw);
        }

        var text = new StringBuilder(raw.Length);
        int runStart = 0;
        int i = 0;
        while (i < raw.Length)
        {
            if (raw[i] != (byte)'\\')
            {
                i++;
                continue;
            }

            text.Append(Encoding.UTF8.GetString(raw, runStart, i - runStart));
            if (raw[i + 1] == (byte)'u')
            {
                char unit = Hex(raw, i + 2);
                i += 6;
                if (char.IsHighSurrogate(unit) && i < raw.Length && raw[i] == (byte)'\\' && raw[i + 1] == (byte)'u' && char.IsLowSurrogate(Hex(raw, i + 2)))
                {
                    text.Append(unit).Append(Hex(raw, i + 2));
                    i += 6;
                }
                else
                {
                    text.Append(char.IsSurrogate(unit) ? '\uFFFD' : unit);
                }
            }
            else
            {
                text.Append(raw[i + 1] switch
                {
                    (byte)'b' => '\b',
                    (byte)'f' => '\f',
                    (byte)'n' => '\n',
                    (byte)'r' => '\r',
                    (byte)'t' => '\t',
                    _ => (char)raw[i + 1], // '"', '\\' or '/'
                });
                i += 2;
            }

            runStart = i;
        }

        text.Append(Encoding.UTF8.GetString(raw, runStart, raw.Length - runStart));
        return text.ToString();
    }

    /// <summary>The four hex digits at <paramref name="start"/> as a UTF-16 code unit.</summary>
    private static char Hex(byte[] raw, int start)
    {
        int value = 0;
        for (int i = start; i < start + 4; i++)
        {
            int digit = raw[i] <= (byte)'9' ? raw[i] - '0' : (raw[i] | 0x20) - 'a' + 10;
            value = (value * 16) + digit;
        }

        return (char)value;
    }
}
