using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using GreenPT.AI.Wire;

namespace GreenPT.AI.Tests.Wire;

/// <summary>
/// <see cref="JsonElementWriter"/> writes the bytes <see cref="JsonElement.WriteTo"/> writes, whether it copies the element's text
/// (compact ASCII) or hands it to <c>WriteTo</c> (whitespace, escapes, non-ASCII).
/// </summary>
public sealed class JsonElementWriterTests
{
    private static readonly JsonWriterOptions RequestOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private enum Way
    {
        WriteTo,
        Write,
        WriteSchema,
    }

    private static string Written(JsonElement element, Way way)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RequestOptions))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(1);
            for (int i = 0; i < 2; i++)
            {
                switch (way)
                {
                    case Way.Write:
                        JsonElementWriter.Write(writer, element);
                        break;
                    case Way.WriteSchema:
                        JsonElementWriter.WriteSchema(writer, element);
                        break;
                    default:
                        element.WriteTo(writer);
                        break;
                }
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>JSON text, and whether it is copied (else handed to <c>WriteTo</c>).</summary>
    public static TheoryData<string, bool> Elements => new()
    {
        { """{"type":"object","properties":{"city":{"type":"string","description":"City and country, e.g. 'Amsterdam, NL'."}},"required":["city"]}""", true },
        { """{"description":"for example \u0027Amsterdam, NL\u0027.","type":["number","null"],"default":null}""", true },
        { """[1,2.50,-3e5,0.1E-7,true,false,null,"a b",{},[]]""", true },
        { """{"a":"x y z","b":" leading and trailing "}""", true },
        { """{ "type" : "object" , "list" : [ 1 , 2 ] }""", true },
        { "{\n  \"type\": \"object\",\r\n\t\"n\": 1\n}", true },
        { """{"a":"tab\tnewline\n\r\b\f"}""", true },
        { """{"a":"quote \" backslash \\ slash \/ "}""", true },
        { """{"\u0041":"\u0041 \u0022 \u005C \u005c \u002F \u001f \u001F \u0000 \u007f \u007F \u0020 \u003C"}""", true },
        { """{"a":"Zürich"}""", false },
        { """{"a":"\u00e9"}""", false },
        { """{"a":"\u0100 \ud83d\ude00"}""", false },
        { "{\"a\":\"del\u007F\"}", false },
        { """{"a":"<b>&amp;</b> + 'x' `y`"}""", true },
    };

    [Theory, MemberData(nameof(Elements))]
    public void Element_IsWrittenAsWriteToWritesIt(string json, bool copied)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal(Written(document.RootElement, Way.WriteTo), Written(document.RootElement, Way.Write));
        ReadOnlySpan<byte> text = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(document.RootElement);
        Assert.Equal(copied, JsonElementWriter.TryCompact(text, new byte[text.Length], out _));
    }

    [Fact]
    public void NestedElement_IsWrittenAsWriteToWritesIt()
    {
        using JsonDocument document = JsonDocument.Parse("""{"outer":{"schema":{"type":"string","enum":["a","b c"]}}, "after": 1}""");
        JsonElement inner = document.RootElement.GetProperty("outer").GetProperty("schema");
        Assert.Equal(Written(inner, Way.WriteTo), Written(inner, Way.Write));
    }

    [Fact]
    public void DefaultElement_IsRefusedAsWriteToRefusesIt()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, RequestOptions);
        Assert.Throws<InvalidOperationException>(() => JsonElementWriter.Write(writer, default));
    }

    [Fact]
    public void DisposedDocument_IsRefusedAsWriteToRefusesIt()
    {
        JsonDocument document = JsonDocument.Parse("""{"a":1}""");
        JsonElement element = document.RootElement;
        document.Dispose();
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, RequestOptions);
        Assert.Throws<ObjectDisposedException>(() => JsonElementWriter.Write(writer, element));
    }

    [Fact]
    public void RandomSchemas_AreWrittenAsWriteToWritesThem_AlsoWhenRemembered()
    {
        // Objects of random names and string values, some with spaces between tokens, some with characters WriteTo rewrites.
        string[] pieces = ["a", "b c", " ", "x\\\"y", "é", "'", "<", "0", "\\u0041", "\\u00e9", "\\u001f", "\\n", "\\/", "\\\\"];
        Prop.ForAll(
            Gen.ArrayOf(Gen.Elements(pieces)).ToArbitrary(),
            Gen.Elements(true, false).ToArbitrary(),
            (parts, spaced) =>
            {
                var json = new StringBuilder("{");
                for (int i = 0; i < parts.Length; i++)
                {
                    json.Append(i == 0 ? "" : spaced ? ", " : ",").Append('"').Append(i).Append(parts[i]).Append("\":\"").Append(parts[i]).Append('"');
                }

                using JsonDocument document = JsonDocument.Parse(json.Append('}').ToString());
                string expected = Written(document.RootElement, Way.WriteTo);
                Assert.Equal(expected, Written(document.RootElement, Way.Write));
                Assert.Equal(expected, Written(document.RootElement, Way.WriteSchema)); // compacted, then remembered
                Assert.Equal(expected, Written(document.RootElement, Way.WriteSchema));
            }).QuickCheckThrowOnFailure();
    }

    [Theory, MemberData(nameof(Elements))]
    public void Schema_IsWrittenAsWriteToWritesIt_FirstAndWhenRemembered(string json, bool copied)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        string expected = Written(document.RootElement, Way.WriteTo);
        Assert.Equal(expected, Written(document.RootElement, Way.WriteSchema));
        ReadOnlySpan<byte> text = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(document.RootElement);
        if (JsonElementWriter.RecentSchemas.Remembers(text))
        {
            // Other tests write schemas into the same cache at the same time: one of them could, rarely, push this one out of its
            // bucket between the write and the look-up; written again, it is remembered again.
            JsonElementWriter.RememberedSchema? remembered = JsonElementWriter.RecentSchemas.Find(text);
            for (int attempt = 0; remembered is null && attempt < 3; attempt++)
            {
                Assert.Equal(expected, Written(document.RootElement, Way.WriteSchema));
                remembered = JsonElementWriter.RecentSchemas.Find(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(document.RootElement));
            }

            Assert.NotNull(remembered);
            Assert.Equal(copied, remembered.Compact is not null);
        }

        // Written again, from what was remembered, and from another document of the same text.
        Assert.Equal(expected, Written(document.RootElement, Way.WriteSchema));
        using JsonDocument again = JsonDocument.Parse(json);
        Assert.Equal(expected, Written(again.RootElement, Way.WriteSchema));
    }

    [Theory]
    [InlineData("""{"type":"object", /* a comment */ "properties":{"a":{"type":"string"}}}""")]
    [InlineData("{\"type\":\"object\", // a comment\n \"required\":[\"a\"]}")]
    [InlineData("""{"type":"object","required":["a",],"properties":{"a":{"type":"string",},},}""")]
    [InlineData("""[1, 2, /* three */ 3,]""")]
    public void CommentsAndTrailingCommas_OfALenientDocument_AreLeftOutAsWriteToLeavesThemOut(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        string expected = Written(document.RootElement, Way.WriteTo);
        Assert.Equal(expected, Written(document.RootElement, Way.Write));
        Assert.Equal(expected, Written(document.RootElement, Way.WriteSchema));
        Assert.Equal(expected, Written(document.RootElement, Way.WriteSchema));
        using JsonDocument strict = JsonDocument.Parse(Written(document.RootElement, Way.WriteSchema));
    }

    [Fact]
    public void SchemasOfOneBucket_EachGetTheirOwnBytes()
    {
        // Same length, same bytes where the bucket is read from, different elsewhere: more of them than a bucket holds.
        string Schema(int n) => $$$"""{"type":"object","properties":{"place":{"type":"string","description":"a place to name","title":"{{{(char)('a' + n)}}}"}},"required":[]}""";
        using JsonDocument first = JsonDocument.Parse(Schema(0));
        int bucket = JsonElementWriter.RecentSchemas.Bucket(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(first.RootElement));
        var documents = Enumerable.Range(0, 7).Select(n => JsonDocument.Parse(Schema(n))).ToList();
        try
        {
            foreach (JsonDocument document in documents)
            {
                Assert.Equal(bucket, JsonElementWriter.RecentSchemas.Bucket(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(document.RootElement)));
            }

            for (int round = 0; round < 3; round++)
            {
                foreach (JsonDocument document in documents)
                {
                    string written = Written(document.RootElement, Way.WriteSchema);
                    Assert.Equal(Written(document.RootElement, Way.WriteTo), written);
                }
            }
        }
        finally
        {
            documents.ForEach(d => d.Dispose());
        }
    }

    [Fact]
    public void SchemasLongerThanWhatIsRemembered_AreWrittenAsWriteToWritesThem()
    {
        string json = "{ \"description\": \"" + new string('x', 9_000) + "\", \"type\": \"string\" }";
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal(Written(document.RootElement, Way.WriteTo), Written(document.RootElement, Way.WriteSchema));
        Assert.Null(JsonElementWriter.RecentSchemas.Find(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(document.RootElement)));
    }

    [Fact]
    public void Schemas_WrittenFromManyThreadsAtOnce_AreEachWrittenAsWriteToWritesThem()
    {
        // 300 schemas (more than are remembered) written from four threads: forgetting and remembering race, the bytes never mix.
        var documents = Enumerable.Range(0, 300)
            .Select(n => JsonDocument.Parse($$$"""{"type":"object","properties":{"field{{{n}}}":{ "type": "integer", "minimum": {{{n}}} } } }"""))
            .ToArray();
        try
        {
            string[] expected = documents.Select(d => Written(d.RootElement, Way.WriteTo)).ToArray();
            Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
            {
                for (int i = 0; i < 3_000; i++)
                {
                    int n = ((i * 7) + (thread * 31)) % documents.Length;
                    Assert.Equal(expected[n], Written(documents[n].RootElement, Way.WriteSchema));
                }
            });
        }
        finally
        {
            Array.ForEach(documents, d => d.Dispose());
        }
    }

    [Fact]
    public void DefaultOrDisposedSchema_IsRefusedAsWriteToRefusesIt()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, RequestOptions);
        Assert.Throws<InvalidOperationException>(() => JsonElementWriter.WriteSchema(writer, default));
        JsonDocument document = JsonDocument.Parse("""{"type":"object","properties":{}}""");
        JsonElement element = document.RootElement;
        Assert.Equal(Written(element, Way.WriteTo), Written(element, Way.WriteSchema));
        document.Dispose();
        Assert.Throws<ObjectDisposedException>(() => JsonElementWriter.WriteSchema(writer, element));
    }
}
