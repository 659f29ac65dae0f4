using System.Net;

namespace GreenPT.AI;

/// <summary>
/// GreenPT refused or failed a request: an HTTP error status, an error reported inside a stream, or a stream that
/// ended before it was complete. <see cref="Exception.Message"/> carries the server's own message.
/// </summary>
public class GreenPTException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public GreenPTException()
        : base("The GreenPT request failed.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What went wrong.</param>
    public GreenPTException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public GreenPTException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status of the response, or <see langword="null"/> when the failure came after a successful status (inside a stream).</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>The server's error type, for example <c>"authentication_error"</c>.</summary>
    public string? ErrorType { get; init; }

    /// <summary>The server's error code as text (GreenPT sends a number, OpenAI-style servers a string).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The request parameter the server blamed, if it named one.</summary>
    public string? Param { get; init; }

    /// <summary>The request id from the error body's <c>requestId</c> or the <c>x-request-id</c> header; quote it to GreenPT support.</summary>
    public string? RequestId { get; init; }

    /// <summary>How long the server asked the caller to wait (<c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The raw value of the <c>x-credit-balance</c> or <c>x-credits-remaining</c> header, if present.</summary>
    public string? CreditBalance { get; init; }

    /// <summary>
    /// Whether sending the same request again may succeed: connection failures and statuses 408, 429, 500, 502, 503, 504.
    /// 402 (no credit left) and other client errors are not.
    /// </summary>
    public bool IsTransient => StatusCode is null ? InnerException is HttpRequestException : Http.GreenPTErrors.IsTransient(StatusCode.Value);
}
