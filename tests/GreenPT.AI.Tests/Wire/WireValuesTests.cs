using System.Text;
using System.Text.Json;
using GreenPT.AI.Wire;

namespace GreenPT.AI.Tests.Wire;

/// <summary>How single wire values are read: strings never fail, unusable metadata is dropped, answer-bearing types are enforced.</summary>
public sealed class WireValuesTests
{
    private delegate T Read<T>(ref Utf8JsonReader reader);

    /// <summary>Reads the value of <c>{"v": json}</c> with <paramref name="read"/>, and checks the reader ends on the value's last token.</summary>
    private static T ReadValue<T>(byte[] json, Read<T> read)
    {
        byte[] document = [.. "{\"v\":"u8, .. json, .. ",\"after\":1}"u8];
        var reader = new Utf8JsonReader(document);
        reader.Read();
        reader.Read();
        reader.Read();
        T value = read(ref reader);
        Assert.True(reader.Read(), "the value was not read whole");
        Assert.Equal(JsonTokenType.PropertyName, reader.TokenType);
        Assert.True(reader.ValueTextEquals("after"u8), "the reader did not stop at the end of the value");
        return value;
    }

    private static T ReadValue<T>(string json, Read<T> read) => ReadValue(Encoding.UTF8.GetBytes(json), read);

    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"caf\\u00e9 \\ud83d\\ude00\"", "café 😀")]
    [InlineData("\"\\ud83d\"", "\uFFFD")]
    [InlineData("\"\\ude00x\"", "\uFFFDx")]
    [InlineData("\"a\\ud83d\\ud83d\\ude00b\"", "a\uFFFD😀b")]
    [InlineData("\"\\ud83d \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041\"", "\uFFFD \" \\ / \b \f \n \r \t A")]
    [InlineData("\"\\ud83dtail\\u00e9\"", "\uFFFDtailé")]
    public void DecodeString_ResolvesEscapes_AndReplacesLoneSurrogates(string json, string expected)
    {
        Assert.Equal(expected, ReadValue(json, WireValues.DecodeString));
    }

    [Fact]
    public void DecodeString_ReplacesInvalidUtf8_AndKeepsTheRest()
    {
        byte[] json = [(byte)'"', (byte)'a', 0xC3, 0x28, (byte)'b', (byte)'\\', (byte)'n', 0xFF, (byte)'"'];
        Assert.Equal("a\uFFFD(b\n\uFFFD", ReadValue(json, WireValues.DecodeString));
        Assert.Equal("\uFFFD(x", ReadValue([(byte)'"', 0xC3, 0x28, (byte)'x', (byte)'"'], WireValues.DecodeString));
    }

    [Theory]
    [InlineData("\"id\"", "id")]
    [InlineData("12.50", "12.50")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", null)]
    [InlineData("{\"a\":[1,{\"b\":2}]}", null)]
    [InlineData("[1,2]", null)]
    public void ReadString_KeepsScalarsAsText_AndDropsObjectsAndArrays(string json, string? expected)
    {
        Assert.Equal(expected, ReadValue(json, WireValues.ReadString));
    }

    [Theory]
    [InlineData("\"Hi\"", "Hi")]
    [InlineData("7", "7")]
    [InlineData("null", null)]
    public void ReadText_KeepsScalars(string json, string? expected)
    {
        Assert.Equal(expected, ReadValue(json, (ref Utf8JsonReader r) => WireValues.ReadText(ref r, "content")));
    }

    [Theory]
    [InlineData("{}", "an object")]
    [InlineData("[\"Hi\"]", "an array")]
    public void ReadText_RefusesObjectsAndArrays_NamingTheField(string json, string what)
    {
        var ex = Assert.Throws<JsonException>(() => ReadValue(json, (ref Utf8JsonReader r) => WireValues.ReadText(ref r, "content")));
        Assert.Equal($"'content' must be a string, not {what}.", ex.Message);
    }

    [Theory]
    [InlineData("\"Overloaded\"", "Overloaded")]
    [InlineData("{ \"text\" : \"x\", \"n\": [1, 2.5e3, true, false, null] }", "{\"text\":\"x\",\"n\":[1,2.5e3,true,false,null]}")]
    [InlineData("[\"é\", \"\\ud83d\"]", "[\"é\",\"\uFFFD\"]")]
    [InlineData("503", "503")]
    [InlineData("null", null)]
    public void ReadMessage_KeepsObjectsAndArraysAsCompactJson(string json, string? expected)
    {
        Assert.Equal(expected, ReadValue(json, WireValues.ReadMessage));
    }

    [Theory]
    [InlineData("1754000000", 1754000000L)]
    [InlineData("-5", -5L)]
    [InlineData("1.9", 1L)]
    [InlineData("1e3", 1000L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("-9.2233720368547758E18", long.MinValue)]
    [InlineData("9.2233720368547758E18", null)]
    [InlineData("\"42\"", 42L)]
    [InlineData("\"4.2e1\"", 42L)]
    [InlineData("9223372036854775808", null)]
    [InlineData("99999999999999999999", null)]
    [InlineData("1e30", null)]
    [InlineData("-1e30", null)]
    [InlineData("1e400", null)]
    [InlineData("\"1e400\"", null)]
    [InlineData("\"NaN\"", null)]
    [InlineData("\"twelve\"", null)]
    [InlineData("true", null)]
    [InlineData("null", null)]
    [InlineData("{\"a\":1}", null)]
    [InlineData("[1]", null)]
    public void ReadInt64_KeepsWhatALongHolds_AndDropsTheRest(string json, long? expected)
    {
        Assert.Equal(expected, ReadValue(json, WireValues.ReadInt64));
    }

    [Theory]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("-2147483648", int.MinValue)]
    [InlineData("2147483648", null)]
    [InlineData("-2147483649", null)]
    [InlineData("3", 3)]
    public void ReadInt32_KeepsWhatAnIntHolds(string json, int? expected)
    {
        Assert.Equal(expected, ReadValue(json, WireValues.ReadInt32));
    }

    [Theory]
    [InlineData("526", 526d)]
    [InlineData("3112097.5", 3112097.5)]
    [InlineData("-0.5", -0.5)]
    [InlineData("\"47\"", 47d)]
    [InlineData("1e308", 1e308)]
    [InlineData("1e400", null)]
    [InlineData("-1e400", null)]
    [InlineData("\"NaN\"", null)]
    [InlineData("\"Infinity\"", null)]
    [InlineData("\"-Infinity\"", null)]
    [InlineData("\"x\"", null)]
    [InlineData("false", null)]
    [InlineData("{\"total\":1}", null)]
    [InlineData("[1]", null)]
    public void ReadDouble_KeepsFiniteNumbers_AndDropsTheRest(string json, double? expected)
    {
        Assert.Equal(expected, ReadValue(json, WireValues.ReadDouble));
    }

    [Fact]
    public void ReadObject_ReadsObjects_AndDropsAnythingElse()
    {
        Assert.Equal(3, ReadValue("{\"prompt_tokens\":3}", (ref Utf8JsonReader r) => WireValues.ReadObject(ref r, GreenPTJsonContext.Default.ResponseUsage))!.PromptTokens);
        Assert.Null(ReadValue("[{\"prompt_tokens\":3}]", (ref Utf8JsonReader r) => WireValues.ReadObject(ref r, GreenPTJsonContext.Default.ResponseUsage)));
        Assert.Null(ReadValue("\"x\"", (ref Utf8JsonReader r) => WireValues.ReadObject(ref r, GreenPTJsonContext.Default.ResponseUsage)));
        Assert.Null(ReadValue("null", (ref Utf8JsonReader r) => WireValues.ReadObject(ref r, GreenPTJsonContext.Default.ResponseUsage)));
    }

    [Fact]
    public void ReadRequiredObject_ReadsObjectsAndNull_AndRefusesAnythingElseNamingTheField()
    {
        Assert.Equal("Hi", ReadValue("{\"content\":\"Hi\"}", (ref Utf8JsonReader r) => WireValues.ReadRequiredObject(ref r, GreenPTJsonContext.Default.ResponseMessage, "message"))!.Content);
        Assert.Null(ReadValue("null", (ref Utf8JsonReader r) => WireValues.ReadRequiredObject(ref r, GreenPTJsonContext.Default.ResponseMessage, "message")));
        var array = Assert.Throws<JsonException>(() => ReadValue("[]", (ref Utf8JsonReader r) => WireValues.ReadRequiredObject(ref r, GreenPTJsonContext.Default.ResponseMessage, "message")));
        Assert.Equal("'message' must be an object, not an array.", array.Message);
        var number = Assert.Throws<JsonException>(() => ReadValue("5", (ref Utf8JsonReader r) => WireValues.ReadRequiredObject(ref r, GreenPTJsonContext.Default.ResponseMessage, "message")));
        Assert.Equal("'message' must be an object, not a number.", number.Message);
    }

    [Theory]
    [InlineData("\"\\ud83d \\u00aa\\u00AA\\u00ff\\u00FF\\u0009\\u0000\\u0030\\u0039\"", "\uFFFD \u00aa\u00aa\u00ff\u00ff\t\0" + "09")]
    [InlineData("\"\\ud83d\\uD83D\\uDE00\"", "\uFFFD😀")]
    [InlineData("\"\\udc00\\ud83d\\ude00\"", "\uFFFD😀")]
    [InlineData("\"\\ud83d\\\\\\\"\\/\"", "\uFFFD\\\"/")]
    public void DecodeString_Fallback_ReadsEveryHexDigitAndEscape(string json, string expected)
    {
        Assert.Equal(expected, ReadValue(json, WireValues.DecodeString));
    }

    [Fact]
    public void Values_SplitAcrossSegments_AreReadWhole()
    {
        // A reader over several buffers (as a pipe gives) sees a value in pieces: HasValueSequence.
        byte[] json = [.. "{\"a\":\"ab"u8, 0xC3, .. "\\ud83dcd\",\"b\":12345678901,\"c\":1.5e3}"u8];
        var reader = new Utf8JsonReader(Segments(json, 3), default);
        var values = new List<object?>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    values.Add(WireValues.DecodeString(ref reader));
                    break;
                case JsonTokenType.Number:
                    values.Add(WireValues.ReadMessage(ref reader));
                    break;
            }
        }

        Assert.Equal(["ab\uFFFD\uFFFDcd", "12345678901", "1.5e3"], values);
    }

    private static System.Buffers.ReadOnlySequence<byte> Segments(byte[] data, int size)
    {
        Segment first = new(data.AsMemory(0, Math.Min(size, data.Length)));
        Segment last = first;
        for (int start = size; start < data.Length; start += size)
        {
            last = last.Append(data.AsMemory(start, Math.Min(size, data.Length - start)));
        }

        return new System.Buffers.ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : System.Buffers.ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }

    [Fact]
    public void ReadList_SkipsNullElements_SkipsOthersOnlyWhenOptional_AndRefusesANonArray()
    {
        List<ModelDto> models = ReadValue("[null, {\"id\":\"a\"}, 5, \"x\", [1], {\"id\":\"b\"}]",
            (ref Utf8JsonReader r) => WireValues.ReadList(ref r, GreenPTJsonContext.Default.ModelDto, "data", elementsOptional: true))!;
        Assert.Equal(["a", "b"], models.Select(m => m.Id));

        List<ResponseChoice> choices = ReadValue("[null, {\"finish_reason\":\"stop\"}, null]",
            (ref Utf8JsonReader r) => WireValues.ReadList(ref r, GreenPTJsonContext.Default.ResponseChoice, "choices", elementsOptional: false))!;
        Assert.Equal("stop", Assert.Single(choices).FinishReason);

        Assert.Null(ReadValue("null", (ref Utf8JsonReader r) => WireValues.ReadList(ref r, GreenPTJsonContext.Default.ResponseChoice, "choices", elementsOptional: false)));
        var element = Assert.Throws<JsonException>(() => ReadValue("[true]", (ref Utf8JsonReader r) => WireValues.ReadList(ref r, GreenPTJsonContext.Default.ResponseChoice, "choices", elementsOptional: false)));
        Assert.Equal("'choices[]' must be an object, not a boolean.", element.Message);
        var notArray = Assert.Throws<JsonException>(() => ReadValue("{}", (ref Utf8JsonReader r) => WireValues.ReadList(ref r, GreenPTJsonContext.Default.ResponseChoice, "choices", elementsOptional: false)));
        Assert.Equal("'choices' must be an array, not an object.", notArray.Message);
        var text = Assert.Throws<JsonException>(() => ReadValue("\"x\"", (ref Utf8JsonReader r) => WireValues.ReadList(ref r, GreenPTJsonContext.Default.ResponseChoice, "choices", elementsOptional: false)));
        Assert.Equal("'choices' must be an array, not a string.", text.Message);
        var nul = Assert.Throws<JsonException>(() => ReadValue("[1]", (ref Utf8JsonReader r) => WireValues.ReadList(ref r, GreenPTJsonContext.Default.ResponseToolCall, "tool_calls", elementsOptional: false)));
        Assert.Equal("'tool_calls[]' must be an object, not a number.", nul.Message);
    }

    [Fact]
    public void NameIs_MatchesDecodedNames_AndAnUndecodableNameMatchesNothing()
    {
        var reader = new Utf8JsonReader("{\"\\u0063hoices\":1,\"\\ud83dchoices\":2,\"choices\":3}"u8);
        reader.Read();
        var matches = new List<bool>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            matches.Add(WireValues.NameIs(ref reader, "choices"u8));
            reader.Read();
        }

        Assert.Equal([true, false, true], matches);
    }

    [Fact]
    public void Next_AtTheEndOfTheData_Fails()
    {
        var ex = Assert.Throws<JsonException>(() =>
        {
            var reader = new Utf8JsonReader("{\"a\":1"u8, isFinalBlock: false, default);
            for (int i = 0; i < 10; i++)
            {
                WireValues.Next(ref reader);
            }
        });
        Assert.Equal("The JSON ended inside a value.", ex.Message);
    }
}
