using System.Text.Json;

namespace GreenPT.AI.Benchmarks;

/// <summary>
/// Before anything is timed: every contender must read the same thing from the same bytes, and send an equivalent request,
/// or the comparison would be meaningless.
/// </summary>
public static class Validation
{
    public static async Task<bool> RunAsync(TextWriter log)
    {
        bool ok = true;
        foreach (StreamScenario scenario in Enum.GetValues<StreamScenario>())
        {
            byte[] bytes = Payloads.Stream(scenario);
            using var contenders = new Contenders(() => InMemoryHandler.Fixed(bytes, "text/event-stream"));
            StreamResult expected = Expected(scenario);
            log.WriteLine($"  {scenario} stream ({bytes.Length:N0} bytes, {Payloads.ChunkCount(scenario):N0} chunks), expected {Describe(expected)}");
            foreach (Contender contender in Enum.GetValues<Contender>())
            {
                StreamResult actual = await contenders.StreamAsync(contender, readReasoning: scenario == StreamScenario.Reasoning);
                bool same = actual with { Updates = 0 } == expected with { Updates = 0 };
                ok &= same;
                log.WriteLine($"    {contender,-14} {(same ? "same" : "DIFFERENT")}: {Describe(actual)}");
            }
        }

        byte[] response = Payloads.CompletionResponse();
        using (var contenders = new Contenders(() => InMemoryHandler.Fixed(response, "application/json")))
        {
            contenders.OursHandler.CaptureRequests = contenders.OpenAIHandler.CaptureRequests = contenders.RawHandler.CaptureRequests = true;
            log.WriteLine($"  Non-streaming: response {response.Length:N0} bytes, answer {Payloads.Answer.Length:N0} chars");
            foreach (Contender contender in Enum.GetValues<Contender>())
            {
                int chars = await contenders.CompleteAsync(contender);
                InMemoryHandler handler = contender switch
                {
                    Contender.GreenPT => contenders.OursHandler,
                    Contender.OpenAISdk => contenders.OpenAIHandler,
                    _ => contenders.RawHandler,
                };

                using JsonDocument request = JsonDocument.Parse(handler.LastRequestBody!);
                int messages = request.RootElement.GetProperty("messages").GetArrayLength();
                int tools = request.RootElement.TryGetProperty("tools", out JsonElement t) ? t.GetArrayLength() : 0;
                bool same = chars == Payloads.Answer.Length && messages == RequestData.HistoryMessages && tools == 3
                    && handler.LastRequestUri?.AbsolutePath == "/v1/chat/completions";
                ok &= same;
                log.WriteLine($"    {contender,-14} {(same ? "same" : "DIFFERENT")}: answer {chars:N0} chars; request {handler.LastRequestBytes:N0} bytes to {handler.LastRequestUri?.AbsolutePath}, {messages} messages, {tools} tools");
            }
        }

        using (var embeddings = new EmbeddingContenders())
        {
            embeddings.OursHandler.CaptureRequests = embeddings.SdkHandler.CaptureRequests = embeddings.RawHandler.CaptureRequests = true;
            log.WriteLine($"  Embeddings: {EmbeddingPayloads.Inputs} inputs x {EmbeddingPayloads.Dimensions} dimensions, sum of all components {EmbeddingPayloads.ExpectedSum:F6}");
            foreach (Contender contender in Enum.GetValues<Contender>())
            {
                double sum = await embeddings.RunAsync(contender);
                EmbeddingHandler handler = contender switch
                {
                    Contender.GreenPT => embeddings.OursHandler,
                    Contender.OpenAISdk => embeddings.SdkHandler,
                    _ => embeddings.RawHandler,
                };
                bool same = Math.Abs(sum - EmbeddingPayloads.ExpectedSum) < 1e-6 && handler.LastInputCount == EmbeddingPayloads.Inputs;
                ok &= same;
                log.WriteLine($"    {contender,-14} {(same ? "same" : "DIFFERENT")}: sum {sum:F6}, {handler.LastInputCount} inputs sent, asked for {(handler.LastAskedForBase64 == true ? "base64" : "float")}");
            }
        }

        return ok;
    }

    private static StreamResult Expected(StreamScenario scenario) => scenario switch
    {
        StreamScenario.Content => new StreamResult(Payloads.ContentChunks, Chars(0, Payloads.ContentChunks), 0, 0, 0),
        StreamScenario.Reasoning => new StreamResult(
            Payloads.ChunkCount(scenario), Chars(0, Payloads.ContentChunks / 2), Chars(7, Payloads.ReasoningChunks), 0, 0),
        StreamScenario.ToolCalls => new StreamResult(
            0, 0, 0, Payloads.StreamedToolCalls.Length, Payloads.StreamedToolCalls.Sum(c => PropertyCount(c.Arguments))),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };

    private static int Chars(int offset, int count) => Enumerable.Range(offset, count).Sum(i => Payloads.Word(i).Length);

    private static int PropertyCount(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().Count();
    }

    private static string Describe(StreamResult r) =>
        $"{r.Updates:N0} text updates, {r.ContentChars:N0} content chars, {r.ReasoningChars:N0} reasoning chars, {r.ToolCalls} tool calls with {r.ToolArgumentProperties} argument properties";
}
