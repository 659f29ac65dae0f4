using System.Text.Json;
using GreenPT.AI.Emulator.Internal.Planning.Models;

namespace GreenPT.AI.Emulator.Internal.Validation;

/// <summary>A rerank request that passed validation.</summary>
/// <param name="Model">The model id (<c>green-rerank</c>).</param>
/// <param name="Query">The query, not blank.</param>
/// <param name="Documents">The documents, in order; none blank.</param>
/// <param name="TopN">How many results to return, 1 to the number of documents; <see langword="null"/> for all.</param>
/// <param name="ReturnDocuments">Whether each result carries <c>document: {text}</c>.</param>
internal sealed record ValidatedRerankRequest(string Model, string Query, IReadOnlyList<string> Documents, int? TopN, bool ReturnDocuments);

/// <summary>
/// Validates a rerank request: a rerank <c>model</c>; <c>query</c> a non-blank string; <c>documents</c> a non-empty array of
/// non-blank strings, at most <see cref="GreenPTEmulatorOptions.MaxRerankDocuments"/>; <c>top_n</c> an integer from 1 to the number of
/// documents; <c>return_documents</c> a boolean. (GreenPT documents no limits; these are the emulator's.)
/// </summary>
internal static class RerankRequestValidator
{
    /// <exception cref="InvalidRequestException">The request is refused.</exception>
    public static ValidatedRerankRequest Validate(JsonElement root, string model, int maxDocuments)
    {
        var info = ModelCatalog.Find(model)
            ?? throw InvalidRequestException.BadRequest($"Unsupported model: '{model}'. GET /v1/models lists the available models.", "model");
        if (info.Kind != ModelKind.Rerank)
        {
            throw InvalidRequestException.BadRequest($"Unsupported model for rerank: '{model}' is not a rerank model.", "model");
        }

        string query = JsonFields.String(root, "query") is { } q && !string.IsNullOrWhiteSpace(q)
            ? q
            : throw InvalidRequestException.BadRequest("'query' must be a non-empty string.", "query");
        var documents = ReadDocuments(root, maxDocuments);
        return new ValidatedRerankRequest(model, query, documents, ReadTopN(root, documents.Count), ReadReturnDocuments(root));
    }

    private static List<string> ReadDocuments(JsonElement root, int maxDocuments)
    {
        if (!JsonFields.TryGet(root, "documents", out var documents))
        {
            throw InvalidRequestException.BadRequest("Missing required parameter: 'documents'.", "documents");
        }

        if (documents.ValueKind != JsonValueKind.Array || documents.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.String))
        {
            throw InvalidRequestException.BadRequest("'documents' must be an array of strings.", "documents");
        }

        List<string> list = [.. documents.EnumerateArray().Select(d => d.GetString()!)];
        if (list.Count == 0)
        {
            throw InvalidRequestException.BadRequest("'documents' must not be empty.", "documents");
        }

        if (list.Count > maxDocuments)
        {
            throw InvalidRequestException.BadRequest($"Too many documents: {list.Count}; at most {maxDocuments} per request.", "documents");
        }

        int blank = list.FindIndex(string.IsNullOrWhiteSpace);
        return blank < 0 ? list : throw InvalidRequestException.BadRequest($"documents[{blank}] must not be empty.", "documents");
    }

    private static int? ReadTopN(JsonElement root, int count)
    {
        if (!JsonFields.TryGet(root, "top_n", out var element))
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int n) && n >= 1 && n <= count
            ? n
            : throw InvalidRequestException.BadRequest($"'top_n' must be an integer from 1 to the number of documents ({count}).", "top_n");
    }

    private static bool ReadReturnDocuments(JsonElement root)
    {
        if (!JsonFields.TryGet(root, "return_documents", out var element))
        {
            return false;
        }

        return JsonFields.IsBoolean(element)
            ? element.GetBoolean()
            : throw InvalidRequestException.BadRequest("'return_documents' must be a boolean.", "return_documents");
    }
}
