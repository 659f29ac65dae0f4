using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Mapping;

/// <summary>Maps embedding requests and responses. Pure functions.</summary>
internal static class EmbeddingMapper
{
    /// <summary>Refuses options that no request could succeed with, before anything is sent.</summary>
    /// <exception cref="ArgumentException"><see cref="EmbeddingGenerationOptions.ModelId"/> is empty or white space.</exception>
    public static void Validate(EmbeddingGenerationOptions? options)
    {
        if (options?.ModelId is { } modelId && string.IsNullOrWhiteSpace(modelId))
        {
            throw new ArgumentException(
                "EmbeddingGenerationOptions.ModelId must not be empty or white space; leave it null to use GreenPTClientOptions.DefaultEmbeddingModelId.",
                nameof(options));
        }
    }

    /// <summary>The request for one batch; the options were checked by <see cref="Validate"/> before any batch.</summary>
    public static EmbeddingRequest ToEmbeddingRequest(IList<string> inputs, EmbeddingGenerationOptions? options, GreenPTClientOptions clientOptions)
    {
        var request = new EmbeddingRequest
        {
            Model = options?.ModelId ?? clientOptions.DefaultEmbeddingModelId
                ?? throw new InvalidOperationException("No model: set EmbeddingGenerationOptions.ModelId or GreenPTClientOptions.DefaultEmbeddingModelId."),
            Input = inputs,
            Dimensions = options?.Dimensions,
        };
        ExtraBodyMapper.Apply(request, options?.AdditionalProperties, nameof(EmbeddingGenerationOptions));
        return request;
    }

    /// <summary>Adds one batch's embeddings to <paramref name="result"/> in input order (the server's <c>index</c>, not its array order).</summary>
    /// <exception cref="GreenPTException">The server returned a different number of embeddings than inputs, or a bad index.</exception>
    public static void AddEmbeddings(GeneratedEmbeddings<Embedding<float>> result, EmbeddingResponse response, int expectedCount)
    {
        var ordered = new Embedding<float>?[expectedCount];
        string? model = ChatResponseMapper.NonBlank(response.Model);
        foreach (EmbeddingData data in response.Data ?? [])
        {
            if (data.Index is not int index || index < 0 || index >= expectedCount || ordered[index] is not null || data.Embedding is null)
            {
                throw new GreenPTException(
                    $"GreenPT returned an embedding with a missing vector or an index ({data.Index?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}) outside the {expectedCount} inputs sent, or twice.");
            }

            ordered[index] = new Embedding<float>(data.Embedding) { ModelId = model };
        }

        for (int i = 0; i < ordered.Length; i++)
        {
            result.Add(ordered[i] ?? throw new GreenPTException($"GreenPT returned no embedding for input {i} of {expectedCount}."));
        }
    }
}
