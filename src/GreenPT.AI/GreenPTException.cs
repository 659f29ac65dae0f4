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
    /// The status the server named inside its error object, which is what says what went wrong where the HTTP status cannot: an
    /// error in the body of a 200 response, or an error event inside a stream. It is the object's numeric <c>code</c> when that is
    /// from 400 to 599, else the status its <c>type</c> stands for (<c>invalid_request_error</c> 400, <c>authentication_error</c> 401,
    /// <c>insufficient_credits</c> 402, <c>rate_limit_error</c> 429, <c>server_error</c> 500, <c>service_unavailable</c> 503, …);
    /// <see langword="null"/> when there was no error object or it named neither. <see cref="StatusCode"/> stays the HTTP status.
    /// </summary>
    public HttpStatusCode? ReportedStatusCode { get; init; }

    /// <summary>
    /// Whether sending the same request again may succeed: connection failures (from the built-in handler or a custom one) and
    /// statuses 408, 429, 500, 502, 503, 504.
    /// 402 (no credit left) and other client errors are not. The status is the HTTP one when that is an error status; after a
    /// success (an error object in a 200 body or in a stream) it is <see cref="ReportedStatusCode"/>, so an error event with
    /// <c>"code": 500</c> is transient and one with <c>"code": 400</c> is not.
    /// </summary>
    public bool IsTransient =>
        (StatusCode is { } http && (int)http >= 400 ? http : ReportedStatusCode ?? StatusCode) is { } status
            ? Http.GreenPTErrors.IsTransient(status)
            : InnerException is HttpRequestException or System.Net.Sockets.SocketException or IOException || Http.GreenPTErrors.IsWebException(InnerException);
}
