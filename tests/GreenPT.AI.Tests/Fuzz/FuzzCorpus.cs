using System.Globalization;
using System.Text;
using GreenPT.AI.Tests.Infrastructure;

namespace GreenPT.AI.Tests.Fuzz;

/// <summary>What a seed is answered by: a chat stream, a chat completion, embeddings, the model list, a rerank, a web search (both kinds), a transcription.</summary>
internal enum SeedKind
{
    ChatStream,
    ChatJson,
    Embeddings,
    Models,
    Rerank,
    WebSearch,
    LinkSearch,
    SpeechToText,
}

/// <summary>One clean server answer the fuzzer mutates: its kind, HTTP status and body.</summary>
/// <param name="Name">Where it comes from, printed with every failure.</param>
/// <param name="Kind">Which client call it answers.</param>
/// <param name="Status">The HTTP status it is sent with.</param>
/// <param name="Body">The body, exactly.</param>
/// <param name="CarriesError">Whether the clean answer is an error (an error status, an error object in a 200 body, an error event).</param>
internal sealed record FuzzSeed(string Name, SeedKind Kind, int Status, byte[] Body, bool CarriesError)
{
    public bool IsErrorStatus => Status >= 400;

    public override string ToString() => Name;
}

/// <summary>
/// The seeds: every fixture in <c>Fixtures/</c>, and transcripts in the emulator's shapes (text, reasoning under both names,
/// parallel tool calls, usage and impact on a trailing <c>choices: []</c> chunk, error events, error bodies for statuses 400 to 599,
/// a 200 whose body is an error, embeddings, the model list).
/// </summary>
internal static class FuzzCorpus
{
    private const string Impact =
        """{"inferenceTime":{"total":292.5,"unit":"ms"},"energy":{"total":115830,"unit":"Wms"},"emissions":{"total":1.3,"unit":"ugCO2e"},"version":"emulator-20250922"}""";

    private const string Usage = """{"prompt_tokens":3,"completion_tokens":21,"total_tokens":24,"completion_tokens_details":{"reasoning_tokens":9}}""";

    /// <summary>The statuses error bodies are sent with: every one from 400 to 599 would be 200 seeds; these cover each class.</summary>
    public static IReadOnlyList<int> ErrorStatuses { get; } = [400, 401, 402, 403, 404, 405, 408, 409, 413, 418, 422, 429, 451, 499, 500, 501, 502, 503, 504, 507, 529, 599];

    public static IReadOnlyList<FuzzSeed> Chat { get; } = BuildChat();

    public static IReadOnlyList<FuzzSeed> ErrorBodies { get; } = BuildErrorBodies();

    public static IReadOnlyList<FuzzSeed> Embeddings { get; } =
    [
        new("embeddings", SeedKind.Embeddings, 200, Utf8(
            """{"object":"list","data":[{"object":"embedding","index":1,"embedding":[0.25,-0.5,1e-3]},{"object":"embedding","index":0,"embedding":[1,0,-1]}],"model":"green-embedding","usage":{"prompt_tokens":4,"total_tokens":4},""" +
            "\"impact\":" + Impact + "}"), CarriesError: false),
        new("embeddings error in 200", SeedKind.Embeddings, 200, Utf8("""{"error":{"code":500,"message":"Embedding backend down","type":"server_error","param":null},"requestId":"req_e1"}"""), CarriesError: true),
    ];

    public static IReadOnlyList<FuzzSeed> Models { get; } =
    [
        new("models", SeedKind.Models, 200, Utf8(
            """{"object":"list","data":[{"id":"gemma4","object":"model","created":1754000000,"owned_by":"greenpt"},{"id":"green-embedding","object":"model","created":1754000000,"owned_by":"greenpt"},{"id":"green-r","object":"model","created":1754000001,"owned_by":"greenpt"}]}"""), CarriesError: false),
    ];

    /// <summary>The other endpoints' answers, in the shapes the client tests use: rerank, web search, link search, a transcription.</summary>
    public static IReadOnlyList<FuzzSeed> Tools { get; } =
    [
        new("rerank", SeedKind.Rerank, 200, Utf8(
            """{"id":"rerank-1","model":"green-rerank","results":[{"index":1,"relevance_score":0.9},{"index":0,"relevance_score":0.1}],"usage":{"prompt_tokens":10,"total_tokens":10},""" +
            "\"impact\":" + Impact + "}"), CarriesError: false),
        new("rerank error in 200", SeedKind.Rerank, 200, Utf8("""{"error":{"code":500,"message":"Reranker down","type":"server_error","param":null},"requestId":"req_rr"}"""), CarriesError: true),
        new("web search", SeedKind.WebSearch, 200, Utf8(
            """{"note":"Search results for wind","results":[{"title":"Wind power","link":"https://example.org/wind","snippet":"Wind turbines...","relevant_content":"Wind turbines turn wind into electricity."},{"title":"Offshore","link":"https://example.org/offshore","snippet":"Offshore farms..."}],""" +
            "\"impact\":" + Impact + "}"), CarriesError: false),
        new("link search", SeedKind.LinkSearch, 200, Utf8(
            """{"results":[{"title":"A","url":"https://a.example/","description":"about a"},{"title":"B","link":"https://b.example/"}],"impact":{"energy":{"total":10,"unit":"Wms"}}}"""), CarriesError: false),
        new("transcription", SeedKind.SpeechToText, 200, Utf8(
            """{"metadata":{"request_id":"3f1c","duration":1.25,"channels":1},"results":{"channels":[{"alternatives":[{"transcript":"Hello, world.","confidence":0.98,""" +
            """ "words":[{"word":"hello","punctuated_word":"Hello,","start":0.08,"end":0.4,"confidence":0.99,"speaker":0},{"word":"world","punctuated_word":"world.","start":0.5,"end":1.1,"confidence":0.97,"speaker":1}]}]}]}}"""),
            CarriesError: false),
        new("429 rerank error body", SeedKind.Rerank, 429, Utf8("""{"error":{"code":429,"message":"Slow down","type":"rate_limit","param":null},"requestId":"req_429"}"""), CarriesError: true),
        new("402 web search error body", SeedKind.WebSearch, 402, Utf8("""{"error":{"code":402,"message":"Insufficient credits","type":"insufficient_credits"},"requestId":"req_p"}"""), CarriesError: true),
        new("400 transcription error body", SeedKind.SpeechToText, 400, Utf8("""{"error":{"code":400,"message":"Unsupported audio","type":"invalid_request_error","param":null},"requestId":"req_stt"}"""), CarriesError: true),
    ];

    public static IEnumerable<FuzzSeed> All => Chat.Concat(ErrorBodies).Concat(Embeddings).Concat(Models).Concat(Tools);

    private static List<FuzzSeed> BuildChat()
    {
        var seeds = new List<FuzzSeed>();
        foreach (string name in Fixtures.StreamNames)
        {
            seeds.Add(new(name, SeedKind.ChatStream, 200, Utf8(Fixtures.Read(name)), CarriesError: false));
        }

        seeds.Add(new("greenpt-completion.json", SeedKind.ChatJson, 200, Utf8(Fixtures.Read("greenpt-completion.json")), CarriesError: false));
        seeds.Add(new("equivalent-completion.json", SeedKind.ChatJson, 200, Utf8(Fixtures.Read("equivalent-completion.json")), CarriesError: false));
        seeds.Add(new("emulator text stream, usage on a trailing chunk", SeedKind.ChatStream, 200, Sse(
            Chunk("""{"role":"assistant","content":"You"}"""),
            Chunk("""{"content":" said:"}"""),
            Chunk("""{"content":" \"Hello\". ☀️ 👋"}"""),
            Chunk("{}", "\"stop\""),
            $$"""{"id":"cmpl-emu","object":"chat.completion.chunk","created":1754000000,"model":"green-l","choices":[],"usage":{{Usage}},"impact":{{Impact}}}"""), CarriesError: false));
        seeds.Add(new("emulator reasoning stream (reasoning)", SeedKind.ChatStream, 200, Sse(
            Chunk("""{"role":"assistant","reasoning":"The user said \"Hi\"."}"""),
            Chunk("""{"reasoning":" I will repeat it back."}"""),
            Chunk("""{"content":"You said: \"Hi\"."}"""),
            Chunk("{}", "\"stop\"", $",\"usage\":{Usage},\"impact\":{Impact}")), CarriesError: false));
        seeds.Add(new("emulator parallel tool calls", SeedKind.ChatStream, 200, Sse(
            Chunk("""{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"Ab3De6Gh9","type":"function","function":{"name":"get_weather","arguments":""}}]}"""),
            Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]}"""),
            Chunk("""{"tool_calls":[{"index":1,"id":"Zy8Xw7Vu6","type":"function","function":{"name":"get_time","arguments":"{\"zone\""}}]}"""),
            Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}},{"index":1,"function":{"arguments":":\"CET\"}"}}]}"""),
            Chunk("{}", "\"tool_calls\"", $",\"usage\":{Usage},\"impact\":{Impact}")), CarriesError: false));
        seeds.Add(new("emulator error event", SeedKind.ChatStream, 200, Sse(
            Chunk("""{"role":"assistant","content":"You"}"""),
            """{"error":{"code":500,"message":"The backend went away","type":"server_error","param":null},"requestId":"req_mid"}"""), CarriesError: true));
        seeds.Add(new("named error event", SeedKind.ChatStream, 200,
            Utf8("data: " + Chunk("""{"content":"Hi"}""") + "\n\nevent: error\ndata: {\"message\":\"overloaded\",\"code\":\"503\"}\n\n"), CarriesError: true));
        seeds.Add(new("200 with an error body", SeedKind.ChatJson, 200,
            Utf8("""{"error":{"code":500,"message":"Upstream failed","type":"server_error","param":null},"requestId":"req_200"}"""), CarriesError: true));
        return seeds;
    }

    private static List<FuzzSeed> BuildErrorBodies()
    {
        var seeds = new List<FuzzSeed>();
        foreach (int status in ErrorStatuses)
        {
            string code = status.ToString(CultureInfo.InvariantCulture);
            seeds.Add(new($"{status} GreenPT error body", SeedKind.ChatJson, status, Utf8(
                $$"""{"error":{"code":{{code}},"message":"Status {{code}} from the emulator","type":"server_error","param":"model"},"requestId":"req_{{code}}","detail":"more about {{code}}"}"""), CarriesError: true));
        }

        seeds.Add(new("401 fixture", SeedKind.ChatJson, 401, Utf8(Fixtures.Read("greenpt-error-401.json")), CarriesError: true));
        seeds.Add(new("400 OpenAI-style error body", SeedKind.ChatStream, 400,
            Utf8("""{"error":{"message":"Unsupported model 'x'","type":"invalid_request_error","param":"model","code":"model_not_found"},"request_id":"req_oa"}"""), CarriesError: true));
        seeds.Add(new("422 FastAPI-style error body", SeedKind.ChatJson, 422, Utf8("""{"detail":[{"loc":["body","model"],"msg":"field required","type":"value_error.missing"}]}"""), CarriesError: true));
        seeds.Add(new("502 HTML from a proxy", SeedKind.ChatJson, 502, Utf8("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"), CarriesError: true));
        seeds.Add(new("503 streaming error body", SeedKind.ChatStream, 503, Utf8("""{"error":{"code":503,"message":"Overloaded","type":"service_unavailable","param":null},"requestId":"req_s503"}"""), CarriesError: true));
        seeds.Add(new("402 embeddings error body", SeedKind.Embeddings, 402, Utf8("""{"error":{"code":402,"message":"No credit left","type":"insufficient_credits","param":null},"requestId":"req_402"}"""), CarriesError: true));
        seeds.Add(new("404 models error body", SeedKind.Models, 404, Utf8("""{"error":{"code":404,"message":"Not found","type":"not_found_error","param":null},"requestId":"req_404"}"""), CarriesError: true));
        return seeds;
    }

    private static string Chunk(string delta, string finishReason = "null", string extra = "") =>
        $$"""{"id":"cmpl-emu","object":"chat.completion.chunk","created":1754000000,"model":"gemma4","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{finishReason}}}]{{extra}}}""";

    private static byte[] Sse(params string[] events)
    {
        var text = new StringBuilder();
        foreach (string data in events)
        {
            text.Append("data: ").Append(data).Append("\n\n");
        }

        // An error event ends the stream as the emulator does: no [DONE].
        if (!events[^1].StartsWith("{\"error\"", StringComparison.Ordinal))
        {
            text.Append("data: [DONE]\n\n");
        }

        return Utf8(text.ToString());
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
