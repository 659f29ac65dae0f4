using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace GreenPT.AI.Emulator.Internal.Faults;

/// <summary>The bodies that faults send in place of an answer.</summary>
internal static class SimulatedErrors
{
    /// <summary>An nginx-style 502 page, as a reverse proxy in front of the API sends it.</summary>
    public static readonly byte[] ProxyHtml502 = Encoding.UTF8.GetBytes(
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");

    /// <summary>The body of an unparseable SSE event, or of a non-streaming <c>malformed-event</c> response.</summary>
    public static ReadOnlySpan<byte> NotJson => "{not json"u8;

    /// <summary>The GreenPT error for <c>status=&lt;code&gt;</c>: the type that status maps to, the fault's message or a default.</summary>
    public static ApiError ForStatus(EmulatorFault fault)
    {
        int status = fault.StatusCode;
        string message = fault.Message
            ?? $"Simulated {status} {ReasonPhrases.GetReasonPhrase(status)} (emulator fault).".Replace("  ", " ", StringComparison.Ordinal);
        return new ApiError(status, ApiError.TypeForStatus(status), message, null);
    }

    /// <summary>The server error of <c>error-event</c> (code 500, type <c>server_error</c>), sent with HTTP 200.</summary>
    public static ApiError ServerError(EmulatorFault fault)
        => new(500, "server_error", fault.Message ?? "Simulated server error (emulator fault).", null);
}
