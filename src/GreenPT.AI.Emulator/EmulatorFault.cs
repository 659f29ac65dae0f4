using System.Diagnostics.CodeAnalysis;
using GreenPT.AI.Emulator.Internal.Faults;

namespace GreenPT.AI.Emulator;

/// <summary>
/// A failure the emulator produces on demand, either from the <c>X-Emulator-Fault</c> request header
/// (see <see cref="HeaderName"/> and <see cref="Parse"/>) or queued with <see cref="GreenPTEmulator.EnqueueFault"/>.
/// </summary>
/// <remarks>
/// Header grammar: items separated by <c>;</c>, names case-insensitive, whitespace around items ignored.
/// At most one kind item: <c>status=&lt;400-599&gt;</c>, <c>html502</c>, <c>stall-headers</c>, <c>stall-mid-stream</c>,
/// <c>drop-mid-stream</c>, <c>malformed-event</c>, <c>error-event</c>, <c>truncate</c>. At most one
/// <c>corrupt=&lt;class&gt;</c> (see <see cref="EmulatorCorruption"/>): an answer class with no kind, an <c>error-*</c>
/// class with <c>status=</c> or <c>error-event</c>. Modifiers:
/// <c>retry-after=&lt;seconds&gt;</c>, <c>times=&lt;n&gt;</c>, <c>key=&lt;text&gt;</c>, <c>credits=&lt;value&gt;</c>,
/// <c>request-id=&lt;id&gt;</c>, <c>message=&lt;text&gt;</c>. Examples: <c>status=503;retry-after=1;times=2;key=test-42</c>,
/// <c>corrupt=utf8-content</c>, <c>status=500;corrupt=error-message-surrogate</c>.
/// </remarks>
public sealed record EmulatorFault
{
    /// <summary>The request header that carries a fault: <c>X-Emulator-Fault</c>.</summary>
    public const string HeaderName = "X-Emulator-Fault";

    /// <summary>What fails.</summary>
    public EmulatorFaultKind Kind { get; init; }

    /// <summary>
    /// The malformed output to produce (<c>corrupt=&lt;class&gt;</c>); <see cref="EmulatorCorruption.None"/> by default.
    /// An answer class needs <see cref="Kind"/> <see cref="EmulatorFaultKind.None"/>; an <c>error-*</c> class needs
    /// <see cref="EmulatorFaultKind.Status"/> or <see cref="EmulatorFaultKind.ErrorEvent"/>.
    /// </summary>
    public EmulatorCorruption Corruption { get; init; }

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

    /// <summary>
    /// Creates a fault that corrupts a successful answer with an answer class of <see cref="EmulatorCorruption"/>. For an
    /// <c>error-*</c> class, set <see cref="Corruption"/> on a status fault instead:
    /// <c>EmulatorFault.Status(500) with { Corruption = EmulatorCorruption.ErrorMessageInvalidUtf8 }</c>.
    /// </summary>
    /// <param name="corruption">An answer class (not <see cref="EmulatorCorruption.None"/>, not an <c>error-*</c> class).</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentException"><paramref name="corruption"/> is <see cref="EmulatorCorruption.None"/> or an <c>error-*</c> class.</exception>
    public static EmulatorFault Corrupt(EmulatorCorruption corruption)
    {
        var fault = new EmulatorFault { Corruption = corruption };
        return corruption != EmulatorCorruption.None && FaultGrammar.CheckCombination(fault) is null
            ? fault
            : throw new ArgumentException($"{corruption} is not a corruption of a successful answer.", nameof(corruption));
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
        => FaultGrammar.TryParse(value, out fault, out error);

    /// <summary>Formats the fault in the <c>X-Emulator-Fault</c> header grammar, so that <c>Parse(fault.ToString())</c> round-trips.</summary>
    /// <returns>The header value.</returns>
    public override string ToString() => Format(includeRequestId: true);

    internal string Format(bool includeRequestId) => FaultGrammar.Format(this, includeRequestId);

    /// <summary>The same fault once it no longer fails requests (a header fault past its <see cref="Times"/>): header modifiers only.</summary>
    internal EmulatorFault Spent() => this with { Kind = EmulatorFaultKind.None, Corruption = EmulatorCorruption.None };
}
