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
        string? code = RedactOrNull(ScalarText(detail?.Code), apiKey);
        string? param = RedactOrNull(ScalarText(detail?.Param), apiKey);
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
            ErrorType = type,
            ErrorCode = code,
            Param = param,
            RequestId = requestId,
            RetryAfter = response is null ? null : RetryAfter(response),
            CreditBalance = response is null ? null : CreditBalance(response),
        };
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
#if NET
        using Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using Stream stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        var buffer = new MemoryStream();
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
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? DetailText(ErrorResponse? error) => error?.Detail switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Object or JsonValueKind.Array } other => other.GetRawText(),
        _ => null,
    };

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

    private static string? ScalarText(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        { ValueKind: JsonValueKind.True or JsonValueKind.False } b => b.GetRawText(),
        _ => null,
    };

    private static string ReasonOf(HttpResponseMessage response) =>
        string.IsNullOrEmpty(response.ReasonPhrase) ? response.StatusCode.ToString() : response.ReasonPhrase!;

    private static string? HeaderValue(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
}
