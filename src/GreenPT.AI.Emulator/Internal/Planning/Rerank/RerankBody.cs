using System.Buffers;
using System.Text.Json;
using GreenPT.AI.Emulator.Internal.ImpactModel;
using GreenPT.AI.Emulator.Internal.Validation;

namespace GreenPT.AI.Emulator.Internal.Planning.Rerank;

/// <summary>
/// The rerank answer: <c>{"id","model","results":[{"index","relevance_score","document"?:{"text"}}],"usage","impact"}</c>, results by
/// <see cref="RerankScores"/>, most relevant first (ties by index), cut to <c>top_n</c>.
/// </summary>
internal static class RerankBody
{
    public static byte[] Build(ValidatedRerankRequest request, string id)
    {
        var ranked = request.Documents
            .Select((document, index) => (Index: index, Score: RerankScores.Score(request.Query, document)))
            .OrderByDescending(r => r.Score).ThenBy(r => r.Index)
            .Take(request.TopN ?? request.Documents.Count);
        int queryTokens = Math.Max(1, TextTokens.CountWords(request.Query));
        int promptTokens = request.Documents.Sum(d => queryTokens + TextTokens.CountWords(d));

        var buffer = new ArrayBufferWriter<byte>(512 + (request.Documents.Count * 64));
        using (var w = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("model", request.Model);
            w.WriteStartArray("results");
            foreach (var (index, score) in ranked)
            {
                w.WriteStartObject();
                w.WriteNumber("index", index);
                w.WriteNumber("relevance_score", score);
                if (request.ReturnDocuments)
                {
                    w.WriteStartObject("document");
                    w.WriteString("text", request.Documents[index]);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            UsageJson.WriteEmbeddingsUsageAndImpact(w, promptTokens);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
