using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GreenPT.AI.Benchmarks;

/// <summary>The streams a benchmark can replay.</summary>
public enum StreamScenario
{
    /// <summary>Workload 1: 1,000 content chunks, then the finish chunk with usage and impact, then <c>[DONE]</c>.</summary>
    Content,

    /// <summary>Workload 2a: 500 <c>delta.reasoning_content</c> chunks, 500 content chunks, finish, a usage+impact trailer with no choices.</summary>
    Reasoning,

    /// <summary>Workload 2b: two parallel tool calls whose arguments arrive in 50 fragments each.</summary>
    ToolCalls,
}

/// <summary>
/// The fixed bytes every contender reads: GreenPT's wire format (OpenAI chat completions plus a top-level <c>impact</c>),
/// as in <c>tests/GreenPT.AI.Tests/Fixtures/greenpt-stream-basic.sse</c>. Built once with <see cref="Utf8JsonWriter"/>, so escaping is exact.
/// </summary>
public static class Payloads
{
    public const string Model = "green-l";
    public const string ResponseId = "cmpl-12345";
    public const long Created = 1699044968;

    public const int ContentChunks = 1_000;
    public const int ReasoningChunks = 500;
    public const int ToolArgumentFragments = 50;

    public static readonly byte[] ResponseIdUtf8 = Encoding.UTF8.GetBytes(ResponseId);
    public static readonly byte[] ModelUtf8 = Encoding.UTF8.GetBytes(Model);

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Words =
    [
        "The", " energy", " used", " by", " a", " model", " depends", " on", " its", " size", ",", " the",
        " hardware", " and", " the", " length", " of", " the", " answer", ".", "\n\n", "Smaller", " models",
        " answer", " \"most\"", " questions", " well", ":", " use", " them", " first", ".\n", "- ", "Measure",
    ];

    /// <summary>The arguments of the two tool calls of <see cref="StreamScenario.ToolCalls"/>.</summary>
    public static readonly (string Id, string Name, string Arguments)[] StreamedToolCalls =
    [
        ("call_wx0001", "get_weather",
            """{"location":"Amsterdam, NL","unit":"celsius","days":5,"include_hourly":true,"fields":["temperature","precipitation","wind_speed","humidity","uv_index"]}"""),
        ("call_fl0002", "search_flights",
            """{"origin":"AMS","destination":"LIS","date":"2026-10-01","return_date":"2026-10-08","passengers":2,"cabin":"economy","max_stops":1,"flexible_dates":true}"""),
    ];

    /// <summary>The content token of chunk <paramref name="index"/>.</summary>
    public static string Word(int index) => Words[index % Words.Length];

    /// <summary>The number of chunks a consumer sees for the scenario (what "per chunk" divides by).</summary>
    public static int ChunkCount(StreamScenario scenario) => scenario switch
    {
        StreamScenario.Content => ContentChunks,
        StreamScenario.Reasoning => ReasoningChunks + ContentChunks / 2,
        StreamScenario.ToolCalls => 2 * (ToolArgumentFragments + 1),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };

    /// <summary>The whole SSE body of a scenario.</summary>
    public static byte[] Stream(StreamScenario scenario) => scenario switch
    {
        StreamScenario.Content => ContentStream(ContentChunks),
        StreamScenario.Reasoning => ReasoningStream(),
        StreamScenario.ToolCalls => ToolCallStream(),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };

    /// <summary><paramref name="chunks"/> content chunks, the finish chunk with usage and impact, and <c>[DONE]</c>.</summary>
    public static byte[] ContentStream(int chunks)
    {
        var sse = new ArrayBufferWriter<byte>(chunks * 200);
        for (int i = 0; i < chunks; i++)
        {
            AppendEvent(sse, ContentChunkJson(i));
        }

        AppendEvent(sse, FinishChunkJson("stop", withUsage: true, completionTokens: chunks, reasoningTokens: null));
        AppendEvent(sse, "[DONE]"u8);
        return sse.WrittenSpan.ToArray();
    }

    /// <summary>The JSON of content chunk <paramref name="index"/>; the first one also carries the role, as in GreenPT's example.</summary>
    public static byte[] ContentChunkJson(int index) => Chunk(w =>
    {
        w.WriteStartObject("delta");
        if (index == 0)
        {
            w.WriteString("role", "assistant");
        }

        w.WriteString("content", Word(index));
        w.WriteEndObject();
        w.WriteNull("finish_reason");
    });

    /// <summary>The SSE event (<c>data: …\n\n</c>) of one content chunk.</summary>
    public static byte[] ContentEvent(int index)
    {
        var sse = new ArrayBufferWriter<byte>(256);
        AppendEvent(sse, ContentChunkJson(index));
        return sse.WrittenSpan.ToArray();
    }

    /// <summary>The finish chunk and <c>[DONE]</c>, as SSE: the tail of a content stream of <paramref name="chunks"/> chunks.</summary>
    public static byte[] ContentStreamTail(int chunks)
    {
        var sse = new ArrayBufferWriter<byte>(512);
        AppendEvent(sse, FinishChunkJson("stop", withUsage: true, completionTokens: chunks, reasoningTokens: null));
        AppendEvent(sse, "[DONE]"u8);
        return sse.WrittenSpan.ToArray();
    }

    private static byte[] ReasoningStream()
    {
        var sse = new ArrayBufferWriter<byte>(200_000);
        for (int i = 0; i < ReasoningChunks; i++)
        {
            int index = i;
            AppendEvent(sse, Chunk(w =>
            {
                w.WriteStartObject("delta");
                if (index == 0)
                {
                    w.WriteString("role", "assistant");
                }

                w.WriteString("reasoning_content", Word(index + 7));
                w.WriteEndObject();
                w.WriteNull("finish_reason");
            }));
        }

        int contentChunks = ContentChunks / 2;
        for (int i = 0; i < contentChunks; i++)
        {
            int index = i;
            AppendEvent(sse, Chunk(w =>
            {
                w.WriteStartObject("delta");
                w.WriteString("content", Word(index));
                w.WriteEndObject();
                w.WriteNull("finish_reason");
            }));
        }

        // The live API's shape: finish reason on the last choice chunk, usage and impact on a trailer with no choices.
        AppendEvent(sse, FinishChunkJson("stop", withUsage: false, 0, null));
        AppendEvent(sse, TrailerChunkJson(ReasoningChunks + contentChunks, ReasoningChunks));
        AppendEvent(sse, "[DONE]"u8);
        return sse.WrittenSpan.ToArray();
    }

    private static byte[] ToolCallStream()
    {
        var sse = new ArrayBufferWriter<byte>(64_000);
        for (int call = 0; call < StreamedToolCalls.Length; call++)
        {
            (string id, string name, string arguments) = StreamedToolCalls[call];
            int callIndex = call;

            // The first fragment names the call (and, for the first call, the role); arguments follow in pieces.
            AppendEvent(sse, Chunk(w =>
            {
                w.WriteStartObject("delta");
                if (callIndex == 0)
                {
                    w.WriteString("role", "assistant");
                    w.WriteNull("content");
                }

                w.WriteStartArray("tool_calls");
                w.WriteStartObject();
                w.WriteNumber("index", callIndex);
                w.WriteString("id", id);
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", name);
                w.WriteString("arguments", string.Empty);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteNull("finish_reason");
            }));

            foreach (string piece in Split(arguments, ToolArgumentFragments))
            {
                AppendEvent(sse, ToolFragmentChunkJson(callIndex, piece));
            }
        }

        AppendEvent(sse, FinishChunkJson("tool_calls", withUsage: true, completionTokens: 2 * ToolArgumentFragments, reasoningTokens: null));
        AppendEvent(sse, "[DONE]"u8);
        return sse.WrittenSpan.ToArray();
    }

    /// <summary>A chunk that carries one fragment of tool call <paramref name="callIndex"/>'s arguments.</summary>
    public static byte[] ToolFragmentChunkJson(int callIndex, string piece) => Chunk(w =>
    {
        w.WriteStartObject("delta");
        w.WriteStartArray("tool_calls");
        w.WriteStartObject();
        w.WriteNumber("index", callIndex);
        w.WriteStartObject("function");
        w.WriteString("arguments", piece);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteNull("finish_reason");
    });

    /// <summary>Splits <paramref name="text"/> into <paramref name="parts"/> pieces of near-equal length.</summary>
    public static IEnumerable<string> Split(string text, int parts)
    {
        for (int i = 0; i < parts; i++)
        {
            int start = (int)((long)text.Length * i / parts);
            int end = (int)((long)text.Length * (i + 1) / parts);
            yield return text[start..end];
        }
    }

    private static byte[] FinishChunkJson(string finishReason, bool withUsage, int completionTokens, int? reasoningTokens) =>
        Chunk(
            w =>
            {
                w.WriteStartObject("delta");
                w.WriteEndObject();
                w.WriteString("finish_reason", finishReason);
            },
            withUsage ? w => WriteUsageAndImpact(w, completionTokens, reasoningTokens) : null);

    private static byte[] TrailerChunkJson(int completionTokens, int reasoningTokens)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            WriteChunkHeader(w);
            w.WriteStartArray("choices");
            w.WriteEndArray();
            WriteUsageAndImpact(w, completionTokens, reasoningTokens);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteUsageAndImpact(Utf8JsonWriter w, int completionTokens, int? reasoningTokens)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", 10);
        w.WriteNumber("completion_tokens", completionTokens);
        w.WriteNumber("total_tokens", 10 + completionTokens);
        if (reasoningTokens is int reasoning)
        {
            w.WriteStartObject("completion_tokens_details");
            w.WriteNumber("reasoning_tokens", reasoning);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        WriteImpact(w);
    }

    private static void WriteImpact(Utf8JsonWriter w)
    {
        w.WriteStartObject("impact");
        WriteMeasurement(w, "inferenceTime", 1380, "ms");
        WriteMeasurement(w, "energy", 526, "Wms");
        WriteMeasurement(w, "emissions", 47, "ugCO2e");
        w.WriteString("version", "20250922");
        w.WriteEndObject();
    }

    private static void WriteMeasurement(Utf8JsonWriter w, string name, double total, string unit)
    {
        w.WriteStartObject(name);
        w.WriteNumber("total", total);
        w.WriteString("unit", unit);
        w.WriteEndObject();
    }

    private static void WriteChunkHeader(Utf8JsonWriter w)
    {
        w.WriteString("id", ResponseId);
        w.WriteString("object", "chat.completion.chunk");
        w.WriteNumber("created", Created);
        w.WriteString("model", Model);
    }

    /// <summary>A chunk with one choice at index 0 whose body <paramref name="choice"/> writes, then optional top-level extras.</summary>
    private static byte[] Chunk(Action<Utf8JsonWriter> choice, Action<Utf8JsonWriter>? extras = null)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            WriteChunkHeader(w);
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            choice(w);
            w.WriteEndObject();
            w.WriteEndArray();
            extras?.Invoke(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void AppendEvent(ArrayBufferWriter<byte> sse, ReadOnlySpan<byte> json)
    {
        sse.Write("data: "u8);
        sse.Write(json);
        sse.Write("\n\n"u8);
    }

    // ---- Workload 3: the non-streaming answer ----

    /// <summary>Target length of the non-streaming answer's text, in characters.</summary>
    public const int AnswerChars = 4_096;

    /// <summary>The 4 KB markdown answer the non-streaming response carries.</summary>
    public static string Answer { get; } = BuildAnswer();

    private static string BuildAnswer()
    {
        var text = new StringBuilder(AnswerChars + 64);
        text.Append("## Comparing the options\n\n");
        int i = 0;
        while (text.Length < AnswerChars)
        {
            string word = Word(i++);
            if (text.Length + word.Length > AnswerChars)
            {
                break;
            }

            text.Append(word);
        }

        text.Append(' ', AnswerChars - text.Length);
        return text.ToString();
    }

    /// <summary>The non-streaming <c>chat.completion</c> body: the 4 KB answer, usage with timing, and impact.</summary>
    public static byte[] CompletionResponse()
    {
        var buffer = new ArrayBufferWriter<byte>(8_192);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("id", ResponseId);
            w.WriteString("object", "chat.completion");
            w.WriteNumber("created", Created);
            w.WriteString("model", Model);
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            w.WriteString("content", Answer);
            w.WriteEndObject();
            w.WriteNull("logprobs");
            w.WriteString("finish_reason", "stop");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("usage");
            w.WriteNumber("prompt_tokens", 2_310);
            w.WriteNumber("completion_tokens", 1_024);
            w.WriteNumber("total_tokens", 3_334);
            w.WriteStartObject("inferenceTiming");
            w.WriteNumber("inferenceTimeMs", 1380);
            w.WriteEndObject();
            w.WriteEndObject();
            WriteImpact(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
