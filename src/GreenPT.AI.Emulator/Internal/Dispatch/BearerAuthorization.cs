using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary>The <c>Authorization: Bearer &lt;key&gt;</c> check. The key never appears in a message.</summary>
internal static class BearerAuthorization
{
    private const string Scheme = "Bearer ";

    /// <summary>Returns <see langword="null"/> when the request may pass, else the 401 error.</summary>
    /// <param name="request">The request.</param>
    /// <param name="expectedKey">The only key accepted, or <see langword="null"/> for any non-empty key.</param>
    public static ApiError? Check(HttpRequest request, string? expectedKey)
    {
        string? value = request.Headers.Authorization;
        if (string.IsNullOrEmpty(value))
        {
            return Unauthorized("Missing API key. Send it as 'Authorization: Bearer <key>'.");
        }

        if (!value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || value.AsSpan(Scheme.Length).Trim().IsEmpty)
        {
            return Unauthorized("Invalid Authorization header. Send the API key as 'Authorization: Bearer <key>'.");
        }

        string key = value[Scheme.Length..].Trim();
        if (expectedKey is not null && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(expectedKey)))
        {
            return Unauthorized("Invalid API key provided.");
        }

        return null;
    }

    private static ApiError Unauthorized(string message) => new(401, "authentication_error", message, null);
}
