using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using GreenPT.AI.Wire;

namespace GreenPT.AI.Tests.Wire;

/// <summary>
/// The stream parser's fast path (shapes: an event that repeats the last one's bytes around a new string is read by that string
/// alone) reads every event exactly as a full read does.
/// </summary>
public sealed class ChunkShapeTests
{
    private const string Head = """{"id":"cmpl-1","object":"chat.completion.chunk","created":1699044968,"model":"green-l","choices":[{"index":0,"delta":""";
    private const string Tail = ""","finish_reason":null}]}""";

    [Fact]
    public void RepeatedContentEvents_AreReadByShape_AsAFullReadReadsThem()
    {
        string[] events =
        [
            Head + """{"role":"assistant","content":"Hello"}""" + Tail,
            Head + """{"content":"! How"}""" + Tail,
            Head + """{"content":" can I"}""" + Tail,
            Head + """{"content":" help \"you\" \u00fc\ud83d\ude00 today?"}""" + Tail,
            Head + """{"content":""}""" + Tail,
            """{"id":"cmpl-1","object":"chat.completion.chunk","created":1699044968,"model":"green-l","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":22,"total_tokens":32}}""",
        ];

        ChatChunkParser parser = AssertReadsAsFullReads(events);
        Assert.Equal(3, parser.EventsReadByShape); // events 3, 4 and 5: event 2 taught the shape; 1 and 6 are of other kinds
    }

    [Fact]
    public void ReasoningThenContent_AndParallelToolCalls_AreReadByTheirOwnShapes()
    {
        string Tool(int index, string fragment) =>
            Head + "{\"tool_calls\":[{\"index\":" + index.ToString(CultureInfo.InvariantCulture) + ",\"function\":{\"arguments\":\"" + fragment + "\"}}]}" + Tail;
        string[] events =
        [
            Head + """{"reasoning_content":"Let"}""" + Tail,
            Head + """{"reasoning_content":" me"}""" + Tail,
            Head + """{"reasoning_content":" think"}""" + Tail,
            Head + """{"content":"The"}""" + Tail,
            Head + """{"content":" answer"}""" + Tail,
            Head + """{"reasoning":"r"}""" + Tail,
            Head + """{"reasoning":"s"}""" + Tail,
            Head + """{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"f","arguments":""}}]}""" + Tail,
            Head + """{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"g","arguments":""}}]}""" + Tail,
            Tool(0, "{\\\"a\\\""), Tool(1, "{\\\"b\\\""), Tool(0, ":1}"), Tool(1, ":2}"),
        ];

        ChatChunkParser parser = AssertReadsAsFullReads(events);
        Assert.Equal(6, parser.EventsReadByShape);
    }

    [Theory]
    [InlineData("""{"content":"a","content":"b"}""")] // a second string after the varying one: not one lone string
    [InlineData("""{"content":"a","refusal":"no"}""")]
    [InlineData("""{"content":42}""")]
    [InlineData("""{"content":{"x":1}}""")]
    [InlineData("""{"content":"a\u0000"}""")]
    [InlineData("""{"content":"a\ud800"}""")]
    [InlineData("""{"content":null}""")]
    [InlineData("""{"content":"a"},"finish_reason":"stop"}],"x":[{"y":{"content":"b"}""")]
    public void AnEventThatOnlyLooksLikeTheShape_IsReadInFull_AsAFullReadReadsIt(string delta)
    {
        // The first two events teach the shape; the third begins and ends with its bytes but holds something else between them.
        AssertReadsAsFullReads([Head + """{"content":"x"}""" + Tail, Head + """{"content":"y"}""" + Tail, Head + delta + Tail]);
    }

    [Fact]
    public void InvalidUtf8InTheVaryingText_IsReadAsAFullReadReadsIt()
    {
        byte[] Event(byte[] text) => [.. Encoding.UTF8.GetBytes(Head + """{"content":" """.TrimEnd()), .. text, .. Encoding.UTF8.GetBytes("\"}" + Tail)];
        byte[][] events = [Event("a"u8.ToArray()), Event("b"u8.ToArray()), Event([0x61, 0xFF, 0x62]), Event([0xC3])];
        var shaped = new ChatChunkParser(reuseObjects: true);
        foreach (byte[] data in events)
        {
            Assert.Equal(Describe(new ChatChunkParser().Parse("message", data)), Describe(shaped.Parse("message", data)));
        }

        Assert.Equal(3, shaped.EventsReadByShape); // the first event teaches the shape; the invalid bytes go through it too
    }

    [Fact]
    public void AStreamWhoseEventsNeverRepeat_StopsLearningShapes()
    {
        var parser = new ChatChunkParser(reuseObjects: true);
        for (int i = 0; i < 200; i++)
        {
            // A field that differs in every event (as some servers pad events) makes every event a new shape.
            string data = Head.Replace("{\"id\"", "{\"pad\":" + i.ToString(CultureInfo.InvariantCulture) + ",\"id\"", StringComparison.Ordinal) + "{\"content\":\"w\"}" + Tail;
            parser.Parse("message", Encoding.UTF8.GetBytes(data));
        }

        Assert.Equal(0, parser.EventsReadByShape);
        Assert.True(parser.ShapesLearned <= 16, $"{parser.ShapesLearned} shapes learned");
    }

    [Fact]
    public void Property_AnySequenceOfEvents_IsReadAsFullReadsReadIt()
    {
        string[] pieces =
        [
            Head + """{"content":"a"}""" + Tail,
            Head + """{"content":"b c"}""" + Tail,
            Head + """{"content":"\"q\""}""" + Tail,
            Head + """{"role":"assistant","content":""}""" + Tail,
            Head + """{"reasoning_content":"r"}""" + Tail,
            Head + """{"reasoning":"s"}""" + Tail,
            Head + """{"content":"a","reasoning":"s"}""" + Tail,
            Head + """{"tool_calls":[{"index":0,"function":{"arguments":"{}"}}]}""" + Tail,
            Head + """{"tool_calls":[{"index":1,"function":{"arguments":"[1"}}]}""" + Tail,
            Head + """{"tool_calls":[{"index":1,"id":"x","function":{"arguments":"]"}}]}""" + Tail,
            Head.Replace("cmpl-1", "cmpl-2", StringComparison.Ordinal) + """{"content":"a"}""" + Tail,
            Head.Replace("green-l", "green-r", StringComparison.Ordinal) + """{"content":"a"}""" + Tail,
            """{"id":"cmpl-1","choices":[{"index":0,"delta":{"content":"z"},"finish_reason":null}]}""",
            """{"id":"cmpl-1","choices":[{"index":0,"delta":{"content":"z"},"finish_reason":"length"}]}""",
            """{"id":"cmpl-1","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3},"impact":{"energy":{"total":5,"unit":"Wms"}}}""",
        ];

        Prop.ForAll(
            Gen.ArrayOf(Gen.Choose(0, pieces.Length - 1)).ToArbitrary(),
            picks =>
            {
                string[] events = [.. picks.Select(i => pieces[i])];
                var shaped = new ChatChunkParser(reuseObjects: true);
                return events.All(e => Describe(new ChatChunkParser().Parse("message", Encoding.UTF8.GetBytes(e))) == Describe(shaped.Parse("message", Encoding.UTF8.GetBytes(e))));
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void DamagedEventsAfterALearnedShape_AreReadAsAFullReadReadsThem()
    {
        // Seeded byte damage (replace, insert, delete; near the varying string, where an event most looks like its shape) to
        // events that follow two that taught the shape: the shaped read gives what a full read gives, or fails as it fails.
        byte[] teach1 = Encoding.UTF8.GetBytes(Head + """{"content":"Hello"}""" + Tail);
        byte[] teach2 = Encoding.UTF8.GetBytes(Head + """{"content":" world"}""" + Tail);
        byte[] seed = Encoding.UTF8.GetBytes(Head + """{"content":" \"x\" y\u00fc"}""" + Tail);
        byte[] alphabet = Encoding.ASCII.GetBytes("\"\\{}[],: aU0u\u007f");
        var random = new Random(20261202);
        int readByShape = 0;
        for (int round = 0; round < 3_000; round++)
        {
            var damaged = new List<byte>(seed);
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits; e++)
            {
                int at = random.Next(0, 3) == 0 ? random.Next(damaged.Count) : Head.Length + random.Next(0, 24);
                at = Math.Min(at, damaged.Count - 1);
                byte b = random.Next(0, 4) == 0 ? (byte)random.Next(0x80, 0x100) : alphabet[random.Next(alphabet.Length)];
                switch (random.Next(3))
                {
                    case 0: damaged[at] = b; break;
                    case 1: damaged.Insert(at, b); break;
                    default: damaged.RemoveAt(at); break;
                }
            }

            var shaped = new ChatChunkParser(reuseObjects: true);
            shaped.Parse("message", teach1);
            shaped.Parse("message", teach2);
            byte[] data = [.. damaged];
            string expected = Describe(Read(() => new ChatChunkParser().Parse("message", data)));
            string actual = Describe(Read(() => shaped.Parse("message", data)));
            Assert.True(expected == actual, $"round {round}, event {Encoding.UTF8.GetString(data)}:\n full:   {expected}\n shaped: {actual}");
            readByShape += shaped.EventsReadByShape - 1; // the second teaching event is read by the shape the first taught
        }

        // Damage that keeps one lone string between the shape's bytes goes through the fast path: a share of the rounds (221 of 3,000 with this seed).
        Assert.InRange(readByShape, 150, 3_000);
    }

    /// <summary>Reads every event with one reusing parser (shapes on) and each with a fresh full read: the same every time.</summary>
    private static ChatChunkParser AssertReadsAsFullReads(string[] events)
    {
        var shaped = new ChatChunkParser(reuseObjects: true);
        foreach (string e in events)
        {
            byte[] data = Encoding.UTF8.GetBytes(e);
            string expected = Describe(Read(() => new ChatChunkParser().Parse("message", data)));
            string actual = Describe(Read(() => shaped.Parse("message", data)));
            Assert.Equal(expected, actual);
        }

        return shaped;
    }

    private static object? Read(Func<ChatCompletionResponse?> parse)
    {
        try
        {
            return parse();
        }
        catch (System.Text.Json.JsonException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Every field of a chunk the client reads, as text (or the exception's message).</summary>
    private static string Describe(object? result)
    {
        if (result is not ChatCompletionResponse chunk)
        {
            return $"failed: {result}";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"id={chunk.Id} model={chunk.Model} created={chunk.Created} requestId={chunk.RequestId} error={chunk.Error?.Message}");
        text.Append(CultureInfo.InvariantCulture, $" usage={chunk.Usage?.PromptTokens}/{chunk.Usage?.CompletionTokens}/{chunk.Usage?.TotalTokens} energy={chunk.Impact?.Energy?.Total}");
        text.Append(CultureInfo.InvariantCulture, $" raw={chunk.Raw} bytes={Convert.ToBase64String(chunk.Raw!.Utf8Json.ToArray())} root={(chunk.Raw.TryGetProperty("id", out System.Text.Json.JsonElement id) ? id.ValueKind.ToString() : "-")}");
        foreach (ResponseChoice choice in chunk.Choices ?? [])
        {
            text.Append(CultureInfo.InvariantCulture, $" | finish={choice.FinishReason} message={choice.Message is not null}");
            if (choice.Delta is { } d)
            {
                text.Append(CultureInfo.InvariantCulture, $" role={d.Role} content=[{d.Content}] refusal=[{d.Refusal}] rc=[{d.ReasoningContent}] r=[{d.Reasoning}]");
                foreach (ResponseToolCall call in d.ToolCalls ?? [])
                {
                    text.Append(CultureInfo.InvariantCulture, $" call({call.Index},{call.Id},{call.Function?.Name},[{call.Function?.Arguments}])");
                }
            }
        }

        return chunk.Choices is null ? text.Append(" choices=null").ToString() : text.ToString();
    }
}
