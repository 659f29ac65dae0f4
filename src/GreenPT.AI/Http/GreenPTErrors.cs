using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GreenPT.AI.Wire;

namespace GreenPT.AI.Http;

/// <summary>Builds <see cref="GreenPTException"/>s from error responses, whatever their body: GreenPT's JSON, OpenAI's, HTML or nothing.</summary>
internal static class GreenPTErrors
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxQuotedTextLength = 300;

    public static bool IsTransient(HttpStatusCode status) => (int)status is 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>
    /// Whether <paramref name="exception"/>, thrown while reading or mapping an answer, is a defect the wire readers are meant to
    /// make impossible (a value they let through that a .NET or MEAI type then refused). The client still reports it as a
    /// <see cref="GreenPTException"/>, so callers see one exception type whatever a server sends.
    /// </summary>
    /// <remarks>A <see cref="WebException"/> is an <see cref="InvalidOperationException"/> but a transport failure, never a defect.</remarks>
    public static bool IsUnreadableAnswer(Exception exception) =>
        exception is InvalidOperationException or FormatException or OverflowException or ArgumentException or
            DecoderFallbackException or NullReferenceException or IndexOutOfRangeException or NotSupportedException
        && exception is not ObjectDisposedException && !IsWebException(exception);

    /// <summary>
    /// Whether <paramref name="exception"/> is the transport failing while a body is read: a connection closed or reset. .NET's
    /// handlers raise <see cref="IOException"/> or <see cref="HttpRequestException"/>; .NET Framework's HttpWebRequest stack raises
    /// <see cref="System.Net.WebException"/> (and Mono's a bare <see cref="System.Net.Sockets.SocketException"/> at times).
    /// </summary>
    public static bool IsTransportFailure(Exception exception) =>
        exception is IOException or HttpRequestException or System.Net.Sockets.SocketException || IsWebException(exception);

    /// <summary>Whether <paramref name="exception"/> is a <see cref="WebException"/>, .NET Framework's transport failure.</summary>
    /// <remarks>
    /// On .NET 8+ by its type's name: no .NET handler throws it, and a type test would tie the trimmed app to System.Net.Requests,
    /// which the trimmer removes when nothing creates one (a failure path would then fail to load it).
    /// </remarks>
    public static bool IsWebException(Exception? exception) =>
#if NET
        exception?.GetType().FullName == "System.Net.WebException";
#else
        exception is WebException;
#endif

    /// <summary>The exception for an answer the client could not read: what went wrong, the status and the request id.</summary>
    public static GreenPTException Unreadable(string what, Exception exception, HttpResponseMessage? response, string? apiKey)
    {
        string detail = exception is JsonException json && json.Path is { Length: > 0 } path && !json.Message.Contains(path)
            ? $"{json.Message} (at {path})"
            : exception.Message;
        return new GreenPTException($"{what}: {Redact(detail, apiKey)}", exception)
        {
            StatusCode = response?.StatusCode,
            RequestId = response is null ? null : RedactOrNull(RequestIdHeader(response), apiKey),
            CreditBalance = response is null ? null : CreditBalance(response),
        };
    }

    /// <summary>
    /// The status an error object names itself: its numeric <c>code</c> when that is from 400 to 599, else the status its <c>type</c>
    /// stands for (<c>server_error</c> is 500, <c>rate_limit_error</c> 429, …); <see langword="null"/> when it names neither.
    /// </summary>
    public static HttpStatusCode? ReportedStatus(ErrorDetail? error)
    {
        if (error is null)
        {
            return null;
        }

        if (int.TryParse(error.Code, NumberStyles.Integer, CultureInfo.InvariantCulture, out int code) && code is >= 400 and <= 599)
        {
            return (HttpStatusCode)code;
        }

        int? fromType = error.Type?.Trim().ToLowerInvariant() switch
        {
            "invalid_request_error" => 400,
            "authentication_error" => 401,
            "insufficient_credits" => 402,
            "permission_error" => 403,
            "not_found_error" => 404,
            "timeout_error" => 408,
            "conflict_error" => 409,
            "request_too_large" => 413,
            "rate_limit_error" => 429,
            "server_error" or "internal_server_error" or "api_error" => 500,
            "bad_gateway" => 502,
            "service_unavailable" or "overloaded_error" => 503,
            "gateway_timeout" => 504,
            _ => null,
        };
        return (HttpStatusCode?)fromType;
    }

    /// <summary>Reads the error body (bounded) and describes the failure with the server's own message, status and request id.</summary>
    public static async Task<GreenPTException> FromResponseAsync(
        HttpResponseMessage response, string? apiKey, int attempts, CancellationToken cancellationToken)
    {
        byte[] body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);

        ErrorResponse? error = TryParse(body);
        string? serverMessage = error?.Error?.Message ?? error?.Message ?? DetailText(error) ?? PlainText(body, response.Content.Headers.ContentType, apiKey);

        return Create(
            ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) + " " + ReasonOf(response),
            serverMessage,
            error?.Error,
            error?.RequestId ?? error?.RequestIdSnakeCase ?? HeaderValue(response.Headers, "x-request-id"),
            apiKey,
            attempts,
            response);
    }

    /// <summary>An error the server reported inside a stream that had begun with a 200.</summary>
    public static GreenPTException FromStreamError(ErrorDetail error, string? requestId, string? apiKey) =>
        Create("an error event inside the stream", error.Message, error, requestId, apiKey, attempts: 1, response: null);

    /// <summary>An error object the server sent as the body of a successful (2xx) response.</summary>
    public static GreenPTException FromBodyError(ErrorDetail error, string? requestId, string? apiKey, HttpResponseMessage response) =>
        Create($"an error in a {(int)response.StatusCode} response", error.Message, error, requestId ?? RequestIdHeader(response), apiKey, attempts: 1, response);

    public static string? RequestIdHeader(HttpResponseMessage response) => HeaderValue(response.Headers, "x-request-id");

    public static string? CreditBalance(HttpResponseMessage response) =>
        HeaderValue(response.Headers, "x-credit-balance") ?? HeaderValue(response.Headers, "x-credits-remaining");

    /// <summary><c>Retry-After</c> as a delay, from seconds or an HTTP date; never negative.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is TimeSpan delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter?.Date is DateTimeOffset date)
        {
            TimeSpan wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>Removes the API key from any text that came from outside, in case a server echoes it.</summary>
    public static string Redact(string text, string? apiKey) =>
        string.IsNullOrEmpty(apiKey) || apiKey!.Length < 4 ? text : text.Replace(apiKey, "***");

    private static string? RedactOrNull(string? text, string? apiKey) => text is null ? null : Redact(text, apiKey);

    private static GreenPTException Create(
        string what, string? serverMessage, ErrorDetail? detail, string? requestId, string? apiKey, int attempts, HttpResponseMessage? response)
    {
        var message = new StringBuilder("GreenPT returned ").Append(what);
        if (!string.IsNullOrWhiteSpace(serverMessage))
        {
            message.Append(": ").Append(Redact(serverMessage!.Trim(), apiKey));
        }

        // Everything the server wrote is redacted, in case it echoes the key anywhere.
        string? type = RedactOrNull(detail?.Type, apiKey);
        string? code = RedactOrNull(detail?.Code, apiKey);
        string? param = RedactOrNull(detail?.Param, apiKey);
        requestId = RedactOrNull(requestId, apiKey);
        var facts = new List<string>(4);
        if (type is not null)
        {
            facts.Add("type " + type);
        }

        if (code is not null)
        {
            facts.Add("code " + code);
        }

        if (param is not null)
        {
            facts.Add("param " + param);
        }

        if (requestId is not null)
        {
            facts.Add("request id " + requestId);
        }

        if (attempts > 1)
        {
            facts.Add(attempts.ToString(CultureInfo.InvariantCulture) + " attempts");
        }

        if (facts.Count > 0)
        {
            message.Append(" (").Append(string.Join(", ", facts)).Append(')');
        }

        return new GreenPTException(message.ToString())
        {
            StatusCode = response?.StatusCode,
            ReportedStatusCode = ReportedStatus(detail),
            ErrorType = type,
            ErrorCode = code,
            Param = param,
            RequestId = requestId,
            RetryAfter = response is null ? null : RetryAfter(response),
            CreditBalance = response is null ? null : CreditBalance(response),
        };
    }

    /// <summary>
    /// Up to <see cref="MaxErrorBodyBytes"/> of the body. A body cut short by the connection is quoted as far as it came: the status
    /// alone already says what happened, so a broken error body never hides it.
    /// </summary>
    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        try
        {
            using Stream stream = await ResponseBodies.OpenAsync(content, content, cancellationToken).ConfigureAwait(false);
            byte[] chunk = new byte[8192];
            int read;
            while (buffer.Length < MaxErrorBodyBytes &&
#if NET
                   (read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, MaxErrorBodyBytes - buffer.Length)), cancellationToken).ConfigureAwait(false)) > 0)
#else
                   (read = await stream.ReadAsync(chunk, 0, (int)Math.Min(chunk.Length, MaxErrorBodyBytes - buffer.Length), cancellationToken).ConfigureAwait(false)) > 0)
#endif
            {
                buffer.Write(chunk, 0, read);
            }
        }
        catch (Exception ex) when (IsTransportFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            // Keep what arrived.
        }

        return buffer.ToArray();
    }

    private static ErrorResponse? TryParse(byte[] body)
    {
        if (body.Length == 0 || Array.FindIndex(body, b => b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) is var first && (first < 0 || body[first] != (byte)'{'))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, GreenPTJsonContext.Default.ErrorResponse);
        }
        catch (Exception ex) when (ex is JsonException || IsUnreadableAnswer(ex))
        {
            return null; // quoted as plain text instead
        }
    }

    private static string? DetailText(ErrorResponse? error) => error?.Detail;

    /// <summary>A short, tag-free excerpt of a non-JSON body (for example a proxy's HTML error page).</summary>
    private static string? PlainText(byte[] body, MediaTypeHeaderValue? contentType, string? apiKey)
    {
        if (body.Length == 0)
        {
            return null;
        }

        string text = Encoding.UTF8.GetString(body);
        if (contentType?.MediaType?.Contains("html") == true || text.TrimStart() is { Length: > 0 } trimmed && trimmed[0] == '<')
        {
            text = StripTags(text);
        }

        text = Redact(string.Join(" ", text.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)), apiKey);
        return text.Length == 0 ? null : text.Length <= MaxQuotedTextLength ? text : text.Remove(MaxQuotedTextLength) + "…";
    }

    private static string StripTags(string html)
    {
        var builder = new StringBuilder(html.Length);
        bool inTag = false;
        foreach (char c in html)
        {
            if (c == '<')
            {
                inTag = true;
                builder.Append(' ');
            }
            else if (c == '>')
            {
                inTag = false;
            }
            else if (!inTag)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string ReasonOf(HttpResponseMessage response) =>
        string.IsNullOrEmpty(response.ReasonPhrase) ? response.StatusCode.ToString() : response.ReasonPhrase!;

    private static string? HeaderValue(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
}
