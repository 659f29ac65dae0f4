using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using GreenPT.AI.Wire;

namespace GreenPT.AI.Tests.Wire;

/// <summary>
/// A whole answer read with <see cref="JsonStringDecoder"/> gives what the reader alone gives, for every string: the long escaped
/// ones it decodes itself and the ones it leaves to the reader (short, unescaped, malformed, lone surrogates, invalid UTF-8), errors
/// included; and the body's bytes are as they were afterwards.
/// </summary>
public sealed class JsonStringDecoderTests
{
    private static string Long(string text) => new string('a', JsonStringDecoder.ShortestDecodedHere) + text + " end";

    /// <summary>An answer whose message holds <paramref name="stringJson"/> (a JSON string as written) as content and reasoning.</summary>
    private static byte[] Answer(string stringJson) => Encoding.UTF8.GetBytes(
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\" : " + stringJson +
        ",\"reasoning_content\":" + stringJson + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1}}");

    private static byte[] Answer(byte[] stringJson)
    {
        byte[] before = Encoding.UTF8.GetBytes("{\"choices\":[{\"message\":{\"content\":");
        byte[] after = Encoding.UTF8.GetBytes("}}]}");
        return [.. before, .. stringJson, .. after];
    }

    /// <summary>The message's texts read with the decoder, or the exception; and whether the body came back unchanged.</summary>
    private static (string? Content, string? Reasoning, string? Error) Read(byte[] body, bool withDecoder)
    {
        byte[] copy = [.. body];
        try
        {
            ChatCompletionResponse? answer = withDecoder
                ? JsonStringDecoder.ReadFrom(copy, 0, static (bytes, _) => JsonSerializer.Deserialize(bytes, GreenPTJsonContext.Default.ChatCompletionResponse))
                : JsonSerializer.Deserialize(copy, GreenPTJsonContext.Default.ChatCompletionResponse);
            ResponseMessage? message = answer?.Choices?[0].Message;
            return (message?.Content, message?.ReasoningContent, null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return (null, null, $"{ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            Assert.Equal(body, copy);
        }
    }

    private static void AssertAlike(byte[] body) => Assert.Equal(Read(body, withDecoder: false), Read(body, withDecoder: true));

    private static string Escaped(string text, JavaScriptEncoder encoder)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder }))
        {
            writer.WriteStringValue(text);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static TheoryData<string> Texts => new()
    {
        Long("\"most\" questions\n\n- use them first.\n"),
        Long("Grüße aus Köln: ß, é, 中文, עברית, CO₂ \"x\"\n"),
        Long("emoji 😀👍🏽 🇳🇱 \n and \u0000 \u0001 \u001f \u007f \t \b \f \r / \\ "),
        Long("<script>alert('x')</script> & + `"),
        new string('\n', 5000),
        new string('"', 300) + new string('é', 300),
    };

    [Theory, MemberData(nameof(Texts))]
    public void LongEscapedText_IsDecodedAsTheReaderDecodesIt_WithEitherEncoder(string text)
    {
        foreach (JavaScriptEncoder encoder in new[] { JavaScriptEncoder.UnsafeRelaxedJsonEscaping, JavaScriptEncoder.Default })
        {
            byte[] body = Answer(Escaped(text, encoder));
            AssertAlike(body);
            Assert.Equal(text, Read(body, withDecoder: true).Content);
        }
    }

    [Fact]
    public void LongEscapedText_IsDecodedHere()
    {
        byte[] body = Encoding.UTF8.GetBytes(Escaped(Long("a \"quote\" and \\u00e9 \u00e9 😀\n"), JavaScriptEncoder.Default));
        Assert.True(JsonStringDecoder.TryDecode(body, 0, out string? text, out int close));
        Assert.Equal(body.Length - 1, close);
        Assert.Equal(JsonDocument.Parse(body).RootElement.GetString(), text);
    }

    public static TheoryData<string> LeftToTheReader => new()
    {
        "\"" + Long("no escape at all") + "\"",
        "\"short \\n escaped\"",
        "\"" + Long("a lone high surrogate \\ud800 here") + "\"",
        "\"" + Long("a lone low surrogate \\udc00 here") + "\"",
        "\"" + Long("a high surrogate then text \\ud83dx") + "\"",
        "\"" + Long("a high surrogate then another escape \\ud83d\\n") + "\"",
        "\"" + Long("an unknown escape \\x41") + "\"",
        "\"" + Long("a short unicode escape \\u41") + "\"",
        "\"" + Long("a raw control \u0001 character \\n") + "\"",
        "\"" + Long("a raw tab \t after an escape \\n") + "\"",
        "\"" + Long("unterminated \\n"),
        "\"" + Long("\\n ends in a backslash \\"),
        "\"" + Long("\\n ends in a unicode escape \\u00"),
    };

    [Theory, MemberData(nameof(LeftToTheReader))]
    public void StringTheDecoderLeaves_ReadsAsTheReaderReadsIt(string stringJson)
    {
        byte[] body = Answer(stringJson);
        AssertAlike(body);
        Assert.False(JsonStringDecoder.TryDecode(Encoding.UTF8.GetBytes(stringJson), 0, out _, out _));
    }

    [Fact]
    public void InvalidUtf8_IsReplacedAsTheReaderReplacesIt()
    {
        byte[] text = Encoding.UTF8.GetBytes("\"" + Long("invalid \\n here: "));
        byte[] stringJson = [.. text, 0xC3, 0x28, 0xFF, (byte)' ', (byte)'"'];
        AssertAlike(Answer(stringJson));
        Assert.False(JsonStringDecoder.TryDecode(stringJson, 0, out _, out _));
    }

    [Fact]
    public void ErrorAfterADecodedString_NamesTheSamePosition()
    {
        // The blanked string has the same length: the reader's line and byte positions after it do not move.
        string body = Encoding.UTF8.GetString(Answer(Escaped(Long("x\ny"), JavaScriptEncoder.Default)));
        byte[] broken = Encoding.UTF8.GetBytes(body.Replace("\"finish_reason\":\"stop\"", "\"finish_reason\":stop", StringComparison.Ordinal));
        (string? _, string? _, string? error) = Read(broken, withDecoder: true);
        Assert.NotNull(error);
        AssertAlike(broken);
    }

    [Fact]
    public void ReaderOverAnotherBuffer_IsLeftAlone()
    {
        // The body named is not the one the reader reads (a copy): nothing is decoded or blanked in either.
        byte[] body = Answer(Escaped(Long("a \"quote\"\n"), JavaScriptEncoder.Default));
        byte[] named = [.. body];
        ChatCompletionResponse? answer = JsonStringDecoder.ReadFrom(named, body, static (_, other) => JsonSerializer.Deserialize(other, GreenPTJsonContext.Default.ChatCompletionResponse));
        Assert.Equal(Long("a \"quote\"\n"), answer?.Choices?[0].Message?.Content);
        Assert.Equal(body, named);
    }

    [Fact]
    public void RandomTexts_AreReadAsTheReaderReadsThem()
    {
        char[] alphabet = "ab \"\\/\n\r\t\b\f\u0000\u001f\u007f{}:,é中\u00a0\u2028😀".ToCharArray();
        Prop.ForAll(
            Gen.ArrayOf(Gen.Elements(alphabet)).Select(chars => new string(chars)).ToArbitrary(),
            Gen.Elements(true, false).ToArbitrary(),
            (text, relaxed) =>
            {
                string stringJson = Escaped(Long(text), relaxed ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : JavaScriptEncoder.Default);
                AssertAlike(Answer(stringJson));
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RandomDamage_ReadsAsTheReaderReadsIt()
    {
        // Escaped text with random bytes overwritten: broken escapes, controls, quotes, invalid UTF-8 land anywhere.
        byte[] clean = Answer(Escaped(Long("line \"one\"\nline two \u00e9 😀\t" + new string('z', 200) + "\\ end"), JavaScriptEncoder.Default));
        byte[] damage = Encoding.UTF8.GetBytes("\\\"u0x\n\u0001 {}");
        var random = new Random(15);
        for (int run = 0; run < 2000; run++)
        {
            byte[] body = [.. clean];
            for (int hits = random.Next(1, 4); hits > 0; hits--)
            {
                body[random.Next(40, body.Length - 60)] = random.Next(4) == 0 ? (byte)random.Next(0x80, 0x100) : damage[random.Next(damage.Length)];
            }

            AssertAlike(body);
        }
    }
}
