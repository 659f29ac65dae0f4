using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary>
/// The <c>Authorization: Bearer &lt;key&gt;</c> check, or <c>Token &lt;key&gt;</c> on <c>/v1/listen</c> (the Deepgram scheme GreenPT documents
/// for speech to text). The key never appears in a message.
/// </summary>
internal static class BearerAuthorization
{
    /// <summary>Returns <see langword="null"/> when the request may pass, else the 401 error.</summary>
    /// <param name="request">The request.</param>
    /// <param name="expectedKey">The only key accepted, or <see langword="null"/> for any non-empty key.</param>
    /// <param name="tokenScheme">Whether the endpoint takes <c>Token</c> instead of <c>Bearer</c>.</param>
    public static ApiError? Check(HttpRequest request, string? expectedKey, bool tokenScheme = false)
    {
        string scheme = tokenScheme ? "Token " : "Bearer ";
        string? value = request.Headers.Authorization;
        if (string.IsNullOrEmpty(value))
        {
            return Unauthorized($"Missing API key. Send it as 'Authorization: {scheme}<key>'.");
        }

        if (!value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || value.AsSpan(scheme.Length).Trim().IsEmpty)
        {
            return Unauthorized($"Invalid Authorization header. Send the API key as 'Authorization: {scheme}<key>'.");
        }

        string key = value[scheme.Length..].Trim();
        if (expectedKey is not null && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(expectedKey)))
        {
            return Unauthorized("Invalid API key provided.");
        }

        return null;
    }

    private static ApiError Unauthorized(string message) => new(401, "authentication_error", message, null);
}
