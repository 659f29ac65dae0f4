using GreenPT.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace HostedApp;

/// <summary>
/// The app's own service: lists GreenPT's models, asks one question, embeds three sentences and reports the impact of each call
/// and their total. It sees only the MEAI abstractions (plus the model catalog), as injected by the host.
/// </summary>
/// <param name="chatClient">The GreenPT chat client registered under the key <see cref="HostedAppProgram.ChatClientKey"/>.</param>
/// <param name="embeddingGenerator">The GreenPT embedding generator (plain registration).</param>
/// <param name="catalog">GreenPT's model list, registered with the chat client's settings under the same key.</param>
public sealed class GreenPTDemoService(
    [FromKeyedServices(HostedAppProgram.ChatClientKey)] IChatClient chatClient,
    IEmbeddingGenerator<string, Embedding<float>> embeddingGenerator,
    [FromKeyedServices(HostedAppProgram.ChatClientKey)] GreenPTModelCatalog catalog)
{
    /// <summary>Runs the demonstration, writing to <paramref name="output"/>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);

        output.WriteLine();
        output.WriteLine("Models");
        IReadOnlyList<GreenPTModelInfo> chatModels = await catalog.ListAsync(GreenPTModelKind.Chat, cancellationToken);
        IReadOnlyList<GreenPTModelInfo> embeddingModels = await catalog.ListAsync(GreenPTModelKind.Embedding, cancellationToken);
        output.WriteLine($"   chat:      {string.Join(", ", chatModels.Select(model => model.Id))}");
        output.WriteLine($"   embedding: {string.Join(", ", embeddingModels.Select(model => model.Id))}");

        output.WriteLine();
        const string Question = "In one sentence: why should software report the energy its AI calls use?";
        ChatResponse answer = await chatClient.GetResponseAsync(Question, cancellationToken: cancellationToken);
        GreenPTImpact? chatImpact = answer.GetGreenPTImpact();
        output.WriteLine($"Chat ({answer.ModelId})");
        output.WriteLine($"   Q: {Question}");
        output.WriteLine($"   A: {answer.Text.ReplaceLineEndings(" ").Trim()}");
        output.WriteLine($"   Impact: {chatImpact?.ToString() ?? "not reported"}");

        output.WriteLine();
        string[] sentences =
        [
            "The data centre runs on wind power.",
            "Renewable energy powers the server hall.",
            "My cat sleeps on the sofa all afternoon.",
        ];
        GeneratedEmbeddings<Embedding<float>> embeddings = await embeddingGenerator.GenerateAsync(sentences, cancellationToken: cancellationToken);
        GreenPTImpact? embeddingImpact = embeddings.GetGreenPTImpact();
        output.WriteLine($"Embeddings ({embeddings[0].ModelId}, {embeddings[0].Vector.Length} dimensions)");
        for (int i = 1; i < sentences.Length; i++)
        {
            double similarity = CosineSimilarity(embeddings[0].Vector.Span, embeddings[i].Vector.Span);
            output.WriteLine($"   cos(\"{sentences[0]}\", \"{sentences[i]}\") = {similarity:F3}");
        }

        output.WriteLine($"   Impact: {embeddingImpact?.ToString() ?? "not reported"}");

        output.WriteLine();
        output.WriteLine($"Total impact: {GreenPTImpact.Sum([chatImpact, embeddingImpact])}");
    }

    private static double CosineSimilarity(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("The vectors have different lengths.", nameof(y));
        }

        double dot = 0, xx = 0, yy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            dot += (double)x[i] * y[i];
            xx += (double)x[i] * x[i];
            yy += (double)y[i] * y[i];
        }

        return xx == 0 || yy == 0 ? 0 : dot / (Math.Sqrt(xx) * Math.Sqrt(yy));
    }
}
