using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal.Validation;

/// <summary>Parses a request body; a body that is not JSON is a 400 with <c>param</c> null.</summary>
internal static class RequestJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 128 };

    public static bool TryParse(string body, [NotNullWhen(true)] out JsonDocument? document, [NotNullWhen(false)] out ApiError? error)
    {
        try
        {
            document = JsonDocument.Parse(body, Options);
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            string detail = ex.Message.Split(" Path:", 2)[0];
            document = null;
            error = ApiError.BadRequest($"Invalid JSON in the request body: {detail}", null);
            return false;
        }
    }
}
