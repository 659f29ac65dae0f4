using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace GreenPT.AI.Emulator;

/// <summary>The kind of failure an <see cref="EmulatorFault"/> produces.</summary>
public enum EmulatorFaultKind
{
    /// <summary>No failure; the fault only sets headers (<see cref="EmulatorFault.Credits"/>, <see cref="EmulatorFault.RequestId"/>).</summary>
    None,

    /// <summary><c>status=&lt;code&gt;</c>: a GreenPT error body with that HTTP status (400-599).</summary>
    Status,

    /// <summary><c>html502</c>: HTTP 502 with an HTML body, as a reverse proxy sends it.</summary>
    Html502,

    /// <summary><c>stall-headers</c>: never sends the response headers; waits until the client aborts.</summary>
    StallHeaders,

    /// <summary><c>stall-mid-stream</c>: sends the first chunk, then waits until the client aborts.</summary>
    StallMidStream,

    /// <summary><c>drop-mid-stream</c>: sends the first chunk, then aborts the connection.</summary>
    DropMidStream,

    /// <summary><c>malformed-event</c>: sends the first chunk, then <c>data: {not json</c>, then ends.</summary>
    MalformedEvent,

    /// <summary><c>error-event</c>: HTTP 200, the first chunk, then a GreenPT error object (code 500) as an SSE event, then ends.</summary>
    ErrorEvent,

    /// <summary><c>truncate</c>: sends every content chunk, then ends without a finish reason and without <c>[DONE]</c>.</summary>
    Truncate,
}

/// <summary>
/// A failure the emulator produces on demand, either from the <c>X-Emulator-Fault</c> request header
/// (see <see cref="HeaderName"/> and <see cref="Parse"/>) or queued with <see cref="GreenPTEmulator.EnqueueFault"/>.
/// </summary>
/// <remarks>
/// Header grammar: items separated by <c>;</c>, names case-insensitive, whitespace around items ignored.
/// At most one kind item: <c>status=&lt;400-599&gt;</c>, <c>html502</c>, <c>stall-headers</c>, <c>stall-mid-stream</c>,
/// <c>drop-mid-stream</c>, <c>malformed-event</c>, <c>error-event</c>, <c>truncate</c>. Modifiers:
/// <c>retry-after=&lt;seconds&gt;</c>, <c>times=&lt;n&gt;</c>, <c>key=&lt;text&gt;</c>, <c>credits=&lt;value&gt;</c>,
/// <c>request-id=&lt;id&gt;</c>, <c>message=&lt;text&gt;</c>. Example: <c>status=503;retry-after=1;times=2;key=test-42</c>.
/// </remarks>
public sealed record EmulatorFault
{
    /// <summary>The request header that carries a fault: <c>X-Emulator-Fault</c>.</summary>
    public const string HeaderName = "X-Emulator-Fault";

    /// <summary>What fails.</summary>
    public EmulatorFaultKind Kind { get; init; }

    /// <summary>The HTTP status for <see cref="EmulatorFaultKind.Status"/> (400-599). Defaults to 500.</summary>
    public int StatusCode { get; init; } = 500;

    /// <summary>When set, error responses carry a <c>Retry-After</c> header with this many seconds.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>
    /// Header faults: only the first <c>Times</c> requests carrying the same <see cref="Key"/> fail; later ones succeed.
    /// Queued faults: the fault applies to the next <c>Times</c> chat/embeddings requests (default 1).
    /// <see langword="null"/> on a header fault means every request carrying it fails.
    /// </summary>
    public int? Times { get; init; }

    /// <summary>The counter key for <see cref="Times"/> on header faults. When <see langword="null"/> the whole header text (without <c>request-id</c>) is the key.</summary>
    public string? Key { get; init; }

    /// <summary>When set, the response carries both <c>x-credit-balance</c> and <c>x-credits-remaining</c> with this value.</summary>
    public string? Credits { get; init; }

    /// <summary>When set, the <c>requestId</c> of error bodies and the <c>x-request-id</c> header use this value.</summary>
    public string? RequestId { get; init; }

    /// <summary>When set, replaces the <c>error.message</c> of the simulated error body.</summary>
    public string? Message { get; init; }

    /// <summary>Creates a <see cref="EmulatorFaultKind.Status"/> fault.</summary>
    /// <param name="statusCode">The HTTP status (400-599).</param>
    /// <param name="retryAfterSeconds">An optional <c>Retry-After</c> value in seconds.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault Status(int statusCode, int? retryAfterSeconds = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new EmulatorFault { Kind = EmulatorFaultKind.Status, StatusCode = statusCode, RetryAfterSeconds = retryAfterSeconds };
    }

    /// <summary>Parses the <c>X-Emulator-Fault</c> header grammar (see the type's remarks).</summary>
    /// <param name="value">The header value.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="FormatException">The value does not follow the grammar.</exception>
    public static EmulatorFault Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out var fault, out var error) ? fault : throw new FormatException(error);
    }

    /// <summary>Tries to parse the <c>X-Emulator-Fault</c> header grammar (see the type's remarks).</summary>
    /// <param name="value">The header value.</param>
    /// <param name="fault">The fault, when the value is valid.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out EmulatorFault? fault)
        => TryParse(value, out fault, out _);

    internal static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out EmulatorFault? fault, [NotNullWhen(false)] out string? error)
    {
        fault = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "The fault is empty.";
            return false;
        }

        var result = new EmulatorFault();
        bool hasKind = false;
        foreach (var rawItem in value.Split(';'))
        {
            var item = rawItem.Trim();
            if (item.Length == 0)
            {
                continue;
            }

            int eq = item.IndexOf('=', StringComparison.Ordinal);
            string name = (eq < 0 ? item : item[..eq]).Trim().ToLowerInvariant();
            string? arg = eq < 0 ? null : item[(eq + 1)..].Trim();

            EmulatorFaultKind? kind = name switch
            {
                "status" => EmulatorFaultKind.Status,
                "html502" => EmulatorFaultKind.Html502,
                "stall-headers" => EmulatorFaultKind.StallHeaders,
                "stall-mid-stream" => EmulatorFaultKind.StallMidStream,
                "drop-mid-stream" => EmulatorFaultKind.DropMidStream,
                "malformed-event" => EmulatorFaultKind.MalformedEvent,
                "error-event" => EmulatorFaultKind.ErrorEvent,
                "truncate" => EmulatorFaultKind.Truncate,
                _ => null,
            };

            if (kind is { } k)
            {
                if (hasKind)
                {
                    error = $"More than one fault kind in '{value}'.";
                    return false;
                }

                hasKind = true;
                if (k == EmulatorFaultKind.Status)
                {
                    if (!TryInt(arg, 400, 599, out int status))
                    {
                        error = "status= needs an HTTP status between 400 and 599.";
                        return false;
                    }

                    result = result with { Kind = k, StatusCode = status };
                }
                else
                {
                    if (arg is not null)
                    {
                        error = $"'{name}' takes no value.";
                        return false;
                    }

                    result = result with { Kind = k };
                }

                continue;
            }

            switch (name)
            {
                case "retry-after":
                    if (!TryInt(arg, 0, 86_400, out int seconds))
                    {
                        error = "retry-after= needs a whole number of seconds (0-86400).";
                        return false;
                    }

                    result = result with { RetryAfterSeconds = seconds };
                    break;
                case "times":
                    if (!TryInt(arg, 1, 1_000_000, out int times))
                    {
                        error = "times= needs a positive whole number.";
                        return false;
                    }

                    result = result with { Times = times };
                    break;
                case "key":
                    if (string.IsNullOrEmpty(arg))
                    {
                        error = "key= needs a value.";
                        return false;
                    }

                    result = result with { Key = arg };
                    break;
                case "credits":
                    if (!IsSafeToken(arg))
                    {
                        error = "credits= needs a value of letters, digits, '.', ',', '-' or '_'.";
                        return false;
                    }

                    result = result with { Credits = arg };
                    break;
                case "request-id":
                    if (!IsSafeToken(arg))
                    {
                        error = "request-id= needs a value of letters, digits, '.', ',', '-' or '_'.";
                        return false;
                    }

                    result = result with { RequestId = arg };
                    break;
                case "message":
                    if (string.IsNullOrEmpty(arg))
                    {
                        error = "message= needs a value.";
                        return false;
                    }

                    result = result with { Message = arg };
                    break;
                default:
                    error = $"Unknown fault item '{name}'.";
                    return false;
            }
        }

        fault = result;
        error = null;
        return true;
    }

    /// <summary>Formats the fault in the <c>X-Emulator-Fault</c> header grammar, so that <c>Parse(fault.ToString())</c> round-trips.</summary>
    /// <returns>The header value.</returns>
    public override string ToString() => Format(includeRequestId: true);

    internal string Format(bool includeRequestId)
    {
        var parts = new List<string>();
        switch (Kind)
        {
            case EmulatorFaultKind.Status: parts.Add("status=" + StatusCode.ToString(CultureInfo.InvariantCulture)); break;
            case EmulatorFaultKind.Html502: parts.Add("html502"); break;
            case EmulatorFaultKind.StallHeaders: parts.Add("stall-headers"); break;
            case EmulatorFaultKind.StallMidStream: parts.Add("stall-mid-stream"); break;
            case EmulatorFaultKind.DropMidStream: parts.Add("drop-mid-stream"); break;
            case EmulatorFaultKind.MalformedEvent: parts.Add("malformed-event"); break;
            case EmulatorFaultKind.ErrorEvent: parts.Add("error-event"); break;
            case EmulatorFaultKind.Truncate: parts.Add("truncate"); break;
            default: break;
        }

        if (RetryAfterSeconds is { } ra)
        {
            parts.Add("retry-after=" + ra.ToString(CultureInfo.InvariantCulture));
        }

        if (Times is { } t)
        {
            parts.Add("times=" + t.ToString(CultureInfo.InvariantCulture));
        }

        if (Key is not null)
        {
            parts.Add("key=" + Key);
        }

        if (Credits is not null)
        {
            parts.Add("credits=" + Credits);
        }

        if (includeRequestId && RequestId is not null)
        {
            parts.Add("request-id=" + RequestId);
        }

        if (Message is not null)
        {
            parts.Add("message=" + Message);
        }

        return string.Join(';', parts);
    }

    /// <summary>Whether this kind only makes sense once a response has started (mid-stream faults).</summary>
    internal bool IsMidResponse => Kind is EmulatorFaultKind.StallMidStream or EmulatorFaultKind.DropMidStream
        or EmulatorFaultKind.MalformedEvent or EmulatorFaultKind.ErrorEvent or EmulatorFaultKind.Truncate;

    private static bool TryInt(string? s, int min, int max, out int value)
        => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    private static bool IsSafeToken([NotNullWhen(true)] string? s)
    {
        if (string.IsNullOrEmpty(s) || s.Length > 200)
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or ',' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
