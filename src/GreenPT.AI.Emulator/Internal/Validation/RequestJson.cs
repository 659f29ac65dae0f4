using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal.Validation;

/// <summary>Parses a request body; a body that is not JSON is a 400 with <c>param</c> null.</summary>
internal static class RequestJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 128 };

    /// <exception cref="InvalidRequestException">The body is not JSON.</exception>
    public static JsonDocument Parse(string body)
    {
        try
        {
            return JsonDocument.Parse(body, Options);
        }
        catch (JsonException ex)
        {
            string detail = ex.Message.Split(" Path:", 2)[0];
            throw InvalidRequestException.BadRequest($"Invalid JSON in the request body: {detail}", null);
        }
    }
}
