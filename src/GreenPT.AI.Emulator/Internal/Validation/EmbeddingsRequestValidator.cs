using System.Text.Json;
using GreenPT.AI.Emulator.Internal.Planning.Models;

namespace GreenPT.AI.Emulator.Internal.Validation;

/// <summary>An embeddings request that passed validation.</summary>
/// <param name="Model">The model id (<c>green-embedding</c>).</param>
/// <param name="Inputs">The texts to embed, in order.</param>
/// <param name="Dimensions">The vector length, 32-2560.</param>
/// <param name="Base64">Whether vectors go out as base64 little-endian float32 instead of number arrays.</param>
internal sealed record ValidatedEmbeddingsRequest(string Model, IReadOnlyList<string> Inputs, int Dimensions, bool Base64);

/// <summary>
/// Validates an embeddings request: an embedding <c>model</c>; <c>input</c> a string or a non-empty array of strings;
/// <c>dimensions</c> 32-2560; <c>encoding_format</c> <c>float</c> or <c>base64</c>.
/// </summary>
internal static class EmbeddingsRequestValidator
{
    /// <summary>The <c>model</c> named by the request, checked only for being a non-empty string.</summary>
    /// <exception cref="InvalidRequestException">The body is not an object or has no model.</exception>
    public static string ReadModelName(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw InvalidRequestException.BadRequest("The request body must be a JSON object.", null);
        }

        return JsonFields.String(root, "model") is { Length: > 0 } model
            ? model
            : throw InvalidRequestException.BadRequest("Missing required parameter: 'model'.", "model");
    }

    /// <exception cref="InvalidRequestException">The request is refused.</exception>
    public static ValidatedEmbeddingsRequest Validate(JsonElement root, string model, int defaultDimensions)
    {
        var info = ModelCatalog.Find(model)
            ?? throw InvalidRequestException.BadRequest($"Unsupported model: '{model}'. GET /v1/models lists the available models.", "model");
        if (info.Kind != ModelKind.Embedding)
        {
            throw InvalidRequestException.BadRequest($"Unsupported model for embeddings: '{model}' is not an embedding model.", "model");
        }

        return new ValidatedEmbeddingsRequest(model, ReadInputs(root), ReadDimensions(root, defaultDimensions), ReadBase64(root));
    }

    private static List<string> ReadInputs(JsonElement root)
    {
        if (!JsonFields.TryGet(root, "input", out var input))
        {
            throw InvalidRequestException.BadRequest("Missing required parameter: 'input'.", "input");
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            return [input.GetString()!];
        }

        if (input.ValueKind != JsonValueKind.Array || input.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            throw InvalidRequestException.BadRequest("'input' must be a string or an array of strings.", "input");
        }

        return input.GetArrayLength() > 0
            ? [.. input.EnumerateArray().Select(item => item.GetString()!)]
            : throw InvalidRequestException.BadRequest("'input' must not be empty.", "input");
    }

    private static int ReadDimensions(JsonElement root, int defaultDimensions)
    {
        if (!JsonFields.TryGet(root, "dimensions", out var element))
        {
            return defaultDimensions;
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int dimensions) && dimensions is >= 32 and <= 2560
            ? dimensions
            : throw InvalidRequestException.BadRequest("'dimensions' must be an integer between 32 and 2560.", "dimensions");
    }

    private static bool ReadBase64(JsonElement root)
    {
        if (!JsonFields.TryGet(root, "encoding_format", out var element))
        {
            return false;
        }

        return (element.ValueKind == JsonValueKind.String ? element.GetString() : null) switch
        {
            "float" => false,
            "base64" => true,
            _ => throw InvalidRequestException.BadRequest("'encoding_format' must be \"float\" or \"base64\".", "encoding_format"),
        };
    }
}
