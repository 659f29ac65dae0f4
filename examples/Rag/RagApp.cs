// Retrieval-augmented generation on GreenPT, with the carbon of every stage in view:
//   1. embed a small document set and the question with GreenPTEmbeddingGenerator (green-embedding);
//   2. retrieve the closest documents by cosine similarity (in process: no impact);
//   3. rerank them for the question with GreenPTReranker (green-rerank) and keep the best;
//   4. answer with GreenPTChatClient from the numbered sources, citing them as [n];
// then print the impact of each stage and the total.
//
// With GREENPT_API_KEY set it calls the real API. Without it, it starts the GreenPT emulator in-process on 127.0.0.1 and runs
// offline: every answer and figure is then simulated (the emulator's chat repeats the prompt back, sources included; its
// embeddings are pseudo-random vectors, so offline retrieval is arbitrary while its reranking scores word overlap).
//
//   dotnet run --project examples/Rag

using GreenPT.AI;
using GreenPT.AI.Emulator;
using Microsoft.Extensions.AI;

namespace Rag;

/// <summary>The RAG example, callable in-process (tests pass their own writer and key).</summary>
public static class RagApp
{
    /// <summary>The question the example answers.</summary>
    public const string Question = "How do offshore wind farms turn wind into electricity?";

    /// <summary>The document set: short texts, a few relevant to the question.</summary>
    public static IReadOnlyList<string> Documents { get; } =
    [
        "Offshore wind farms place turbines at sea, where the wind is stronger and steadier than on land.",
        "A wind turbine's blades turn a rotor; a generator in the nacelle turns that rotation into electricity.",
        "Solar panels turn sunlight into electricity with photovoltaic cells.",
        "Undersea cables carry the electricity from offshore wind farms to the grid on land.",
        "Heat pumps move heat from outside air or the ground into a building.",
        "Bread rises because yeast produces carbon dioxide in the dough.",
        "Hydroelectric dams turn the flow of water through turbines into electricity.",
        "Grid operators balance supply and demand every second.",
    ];

    /// <summary>How many documents retrieval keeps, and how many of those reranking keeps.</summary>
    public const int Retrieved = 4;

    /// <inheritdoc cref="Retrieved"/>
    public const int Kept = 2;

    /// <summary>Runs the example, writing to <paramref name="output"/>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="apiKey">A GreenPT API key, or <see langword="null"/> or empty to run offline against the emulator.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The exit code: 0 on success, 1 on an error, 130 when cancelled.</returns>
    public static async Task<int> RunAsync(TextWriter output, string? apiKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            if (string.IsNullOrWhiteSpace(apiKey))
            {
                await using var emulator = await GreenPTEmulator.StartAsync(cancellationToken: cancellationToken);
                output.WriteLine($"Offline: using the local GreenPT emulator at {emulator.BaseAddress}; all answers and figures are simulated. "
                    + "Set GREENPT_API_KEY to use the real API.");
                await RunPipelineAsync(new GreenPTClientOptions { ApiKey = "emulator", Endpoint = emulator.BaseAddress }, output, cancellationToken);
            }
            else
            {
                output.WriteLine($"Online: using the GreenPT API at {GreenPTClientOptions.DefaultEndpoint}.");
                await RunPipelineAsync(new GreenPTClientOptions { ApiKey = apiKey }, output, cancellationToken);
            }

            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.WriteLine("Cancelled.");
            return 130;
        }
        catch (Exception ex)
        {
            output.WriteLine($"Error: {ex.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    private static async Task RunPipelineAsync(GreenPTClientOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        using var embedder = new GreenPTEmbeddingGenerator(options);
        using var reranker = new GreenPTReranker(options);
        using var chat = new GreenPTChatClient(options);
        output.WriteLine($"Question: {Question}");

        // 1. Embed the documents and the question in one call (in a real app the documents' vectors are stored once).
        GeneratedEmbeddings<Embedding<float>> vectors = await embedder.GenerateAsync([.. Documents, Question], cancellationToken: cancellationToken);
        GreenPTImpact? embedImpact = vectors.GetGreenPTImpact();
        output.WriteLine($"1. Embedded {Documents.Count} documents and the question. Impact: {Describe(embedImpact)}");

        // 2. Retrieve by cosine similarity.
        ReadOnlyMemory<float> question = vectors[^1].Vector;
        List<int> retrieved = [.. Enumerable.Range(0, Documents.Count).OrderByDescending(i => Cosine(vectors[i].Vector.Span, question.Span)).Take(Retrieved)];
        output.WriteLine($"2. Retrieved documents {string.Join(", ", retrieved.Select(i => $"#{i}"))} by cosine similarity (computed here: no impact).");

        // 3. Rerank the retrieved documents and keep the best.
        GreenPTRerankResult ranked = await reranker.RerankAsync(Question, retrieved.Select(i => Documents[i]), topN: Kept, cancellationToken: cancellationToken);
        List<string> sources = [.. ranked.Results.Select(r => r.Document)];
        output.WriteLine($"3. Reranked to {string.Join(", ", ranked.Results.Select(r => $"#{retrieved[r.Index]} ({r.RelevanceScore:0.00})"))}. Impact: {Describe(ranked.Impact)}");

        // 4. Answer from the numbered sources, citing them.
        string prompt = "Sources:\n" + string.Join("\n", sources.Select((s, n) => $"[{n + 1}] {s}")) + $"\n\nQuestion: {Question}";
        ChatResponse answer = await chat.GetResponseAsync(
            [
                new ChatMessage(ChatRole.System, "Answer only from the sources. Cite each source you use as [n]."),
                new ChatMessage(ChatRole.User, prompt),
            ],
            new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.None } }, // a grounded answer needs no long thinking

            cancellationToken);
        GreenPTImpact? answerImpact = answer.GetGreenPTImpact();
        output.WriteLine($"4. Answer: {answer.Text}");
        List<int> cited = [.. Enumerable.Range(1, sources.Count).Where(n => answer.Text.Contains($"[{n}]", StringComparison.Ordinal))];
        output.WriteLine(cited.Count == 0 ? "   Cited: none" : $"   Cited: {string.Join(", ", cited.Select(n => $"[{n}] {sources[n - 1]}"))}");
        output.WriteLine($"   Impact: {Describe(answerImpact)}");

        GreenPTImpact total = GreenPTImpact.Sum([embedImpact, ranked.Impact, answerImpact]);
        output.WriteLine($"Total impact of the answer (embed + rerank + chat): {total}");
    }

    private static string Describe(GreenPTImpact? impact) => impact?.ToString() ?? "not reported";

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }
}
