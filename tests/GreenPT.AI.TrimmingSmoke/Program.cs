// A trimmed app that uses the client end to end without a network: requests, both response modes, the impact readers,
// a JSON round trip of the response as MEAI's distributed cache does it, and the carbon accounting exports. Exits non-zero on any mismatch.
using System.Net;
using System.Text;
using System.Text.Json;
using GreenPT.AI;
using Microsoft.Extensions.AI;

const string Completion = """
    {"id":"cmpl-1","object":"chat.completion","created":1699044968,"model":"gemma4",
     "choices":[{"index":0,"message":{"role":"assistant","content":"Hello","reasoning_content":"hm",
       "tool_calls":[{"id":"Ab3De6Gh9","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}}]},"finish_reason":"tool_calls"}],
     "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5},
     "impact":{"inferenceTime":{"total":1380,"unit":"ms"},"energy":{"total":526,"unit":"Wms"},"emissions":{"total":47,"unit":"ugCO2e"},"version":"20250922"}}
    """;
const string Stream = """
    data: {"id":"cmpl-2","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}

    data: {"id":"cmpl-2","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5},"impact":{"inferenceTime":{"total":10,"unit":"ms"},"energy":{"total":20,"unit":"Wms"},"emissions":{"total":30,"unit":"ugCO2e"},"version":"20250922"}}

    data: [DONE]


    """;

int failures = 0;
void Check(bool condition, string what)
{
    Console.WriteLine($"{(condition ? "ok  " : "FAIL")} {what}");
    failures += condition ? 0 : 1;
}

using var client = new GreenPTChatClient(
    new GreenPTClientOptions { ApiKey = "sk-trim-test", Endpoint = new Uri("https://api.greenpt.test/v1/") },
    new HttpClient(new CannedHandler(Completion, Stream)));

var options = new ChatOptions
{
    Temperature = 0.2f,
    Reasoning = new() { Effort = ReasoningEffort.None },
    Tools = [AIFunctionFactory.Create((int x) => x * 2, "f", "doubles", AIJsonUtilities.DefaultOptions)],
    ResponseFormat = ChatResponseFormat.Json,
};
List<ChatMessage> history =
[
    new(ChatRole.User, [new TextContent("hi"), new DataContent(new byte[] { 1, 2 }, "image/png")]),
    new(ChatRole.Assistant, [new FunctionCallContent("Ab3De6Gh9", "f", new Dictionary<string, object?> { ["x"] = 1 })]),
    new(ChatRole.Tool, [new FunctionResultContent("Ab3De6Gh9", 2)]),
];

ChatResponse response = await client.GetResponseAsync(history, options);
Check(response.Text == "Hello", "non-streaming text");
Check(response.Messages[0].Contents.OfType<FunctionCallContent>().Single().Arguments!["x"]?.ToString() == "1", "tool call arguments");
Check(response.GetGreenPTImpact()?.Energy?.Total == 526, "non-streaming impact");
Check(response.AdditionalProperties?["impact"] is JsonElement, "impact stored as JSON where reflection-based serialization is off");

ChatResponse streamed = await client.GetStreamingResponseAsync(history, options).ToChatResponseAsync();
Check(streamed.Text == "Hello", "streaming text");
Check(streamed.GetGreenPTImpact()?.Emissions?.Total == 30, "streaming impact");
Check(streamed.Usage.GetGreenPTImpact()?.Energy?.Total == 20, "impact summed into usage counts");

var responseInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<ChatResponse>)AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse));
string cached = JsonSerializer.Serialize(response, responseInfo);
ChatResponse restored = JsonSerializer.Deserialize(cached, responseInfo)!;
Check(Equals(restored.GetGreenPTImpact(), response.GetGreenPTImpact()), "impact after a cache-style JSON round trip");

// The carbon accounting exports: SCI as source-generated JSON and as CSV, and the SVG chart, with reflection-based JSON off.
var tracker = new GreenPTImpactTracker("trim");
tracker.Record(new GreenPTImpactRecord { ModelId = "gemma4", Impact = response.GetGreenPTImpact(), InputTokens = 3, OutputTokens = 2 });
GreenPTSciReport sci = tracker.CreateReport().ToSci(new GreenPTSciOptions { Workflows = 1 });
using (JsonDocument sciJson = JsonDocument.Parse(sci.ToJson()))
{
    Check(sciJson.RootElement.GetProperty("measured").GetProperty("gramsCO2ePerToken").GetDouble() is var perToken && Math.Abs(perToken - 9.4e-6) < 1e-15, "SCI per token in the JSON export");
}

Check(sci.ToCsv().StartsWith("scope,window,", StringComparison.Ordinal), "SCI CSV export");
Check(System.Xml.Linq.XDocument.Parse(tracker.GetSeries(GreenPTBudgetWindow.LastMinutes(5)).ToSvg()).Root?.Name.LocalName == "svg", "SVG chart");

Console.WriteLine(failures == 0 ? "trimmed smoke test passed" : $"trimmed smoke test: {failures} failure(s)");
return failures == 0 ? 0 : 1;

/// <summary>Answers JSON or SSE depending on the request's "stream" flag.</summary>
internal sealed class CannedHandler(string completion, string stream) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string body = await request.Content!.ReadAsStringAsync(cancellationToken);
        bool streaming = body.Contains("\"stream\":true", StringComparison.Ordinal);
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(streaming ? stream : completion, Encoding.UTF8, streaming ? "text/event-stream" : "application/json"),
        };
    }
}
