using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using GreenPT.AI.Wire;

namespace GreenPT.AI.Tests.Wire;

/// <summary>
/// <see cref="JsonStringWriter"/> writes the bytes <see cref="Utf8JsonWriter"/> writes with the relaxed encoder, for every string:
/// the ones it escapes itself (long ASCII with quotes, backslashes and controls) and the ones it hands back (short, non-ASCII to
/// escape, lone surrogates).
/// </summary>
public sealed class JsonStringWriterTests
{
    private static readonly JsonWriterOptions RequestOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private static readonly JsonEncodedText Content = JsonEncodedText.Encode("content");

    /// <summary>An object with the string as a property and as an array element, between other values (the separators count).</summary>
    private static string Written(string? value, bool ours)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RequestOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("before", "x");
            if (ours)
            {
                JsonStringWriter.WriteIfNotNull(writer, Content, value);
            }
            else if (value is not null)
            {
                writer.WriteString(Content, value);
            }

            writer.WriteStartArray("list");
            writer.WriteNumberValue(1);
            if (ours)
            {
                JsonStringWriter.WriteValue(writer, value);
                JsonStringWriter.WriteValue(writer, value);
            }
            else
            {
                writer.WriteStringValue(value);
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void AssertAlike(string? value) => Assert.Equal(Written(value, ours: false), Written(value, ours: true));

    private static string Long(string middle) => new string('a', JsonStringWriter.ShortestWrittenHere) + middle + " and the end";

    [Fact]
    public void EveryAsciiCharacter_IsEscapedAsTheWriterEscapesIt()
    {
        for (int c = 0; c < 128; c++)
        {
            AssertAlike(Long(((char)c).ToString()));
            AssertAlike(new string((char)c, JsonStringWriter.ShortestWrittenHere + 3));
        }
    }

    [Fact]
    public void Null_IsLeftOutAsAPropertyAndWrittenAsAValue() => AssertAlike(null);

    public static TheoryData<string> Strings => new()
    {
        "",
        "short \"quoted\"\n",
        Long(string.Empty),
        Long("\"most\" questions\n\n- use them first.\n"),
        Long("""{"location":"Amsterdam, NL","unit":"celsius","path":"C:\\temp"}"""),
        Long("\u0000\u0001\u001f\u007f\b\f\r\t"),
        Long("Grüße aus Köln: ß, é, 中文, עברית, CO₂"),
        Long("needs escaping after ASCII escapes: \n then \u00a0 (nbsp)"),
        Long("\u2028 \u2029 \u0085 \ufeff"),
        Long("emoji 😀👍🏽 🇳🇱 \n"),
        Long("a lone surrogate \ud800 here\n"),
        Long("a lone low surrogate \udc00 here"),
        Long("<script>alert('x')</script> & &amp; + `backtick`"),
        new string('\n', 5000),
        new string('"', 3000) + new string('x', 3000),
    };

    [Theory, MemberData(nameof(Strings))]
    public void String_IsWrittenAsTheWriterWritesIt(string value) => AssertAlike(value);

    [Fact]
    public void RandomStrings_AreWrittenAsTheWriterWritesThem()
    {
        // Mostly ASCII (printable, controls, quotes and backslashes), sometimes a non-ASCII character, a surrogate half or an emoji.
        char[] alphabet = "abc XYZ 09 \"\\/\n\r\t\b\f\u0000\u001f\u007f{}[]:,é中\u00a0\u2028\ud800\udc00".ToCharArray();
        Prop.ForAll(
            Gen.ArrayOf(Gen.Elements(alphabet)).Select(chars => new string(chars)).ToArbitrary(),
            text =>
            {
                AssertAlike(text);
                AssertAlike(Long(text));
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void IndentedWriter_WritesAsTheWriterWrites()
    {
        string value = Long("\"quoted\"\n");
        var expected = new ArrayBufferWriter<byte>();
        var actual = new ArrayBufferWriter<byte>();
        var indented = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };
        using (var writer = new Utf8JsonWriter(expected, indented))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(value);
            writer.WriteStringValue(value);
            writer.WriteEndArray();
        }

        using (var writer = new Utf8JsonWriter(actual, indented))
        {
            writer.WriteStartArray();
            JsonStringWriter.WriteValue(writer, value);
            JsonStringWriter.WriteValue(writer, value);
            writer.WriteEndArray();
        }

        Assert.Equal(Encoding.UTF8.GetString(expected.WrittenSpan), Encoding.UTF8.GetString(actual.WrittenSpan));
    }

    [Fact]
    public void DefaultEncoder_WritesAsTheWriterWrites()
    {
        // Another encoder escapes more (HTML characters, non-ASCII): the writer writes with it.
        string value = Long("<b> & 'x' \"y\"\n é");
        var expected = new ArrayBufferWriter<byte>();
        var actual = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(expected))
        {
            writer.WriteStringValue(value);
        }

        using (var writer = new Utf8JsonWriter(actual))
        {
            JsonStringWriter.WriteValue(writer, value);
        }

        Assert.Equal(Encoding.UTF8.GetString(expected.WrittenSpan), Encoding.UTF8.GetString(actual.WrittenSpan));
    }
}
