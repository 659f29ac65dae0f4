using GreenPT.AI.Emulator.Internal.Dispatch;
using GreenPT.AI.Emulator.Internal.Faults.Corruption;
using GreenPT.AI.Emulator.Internal.Sse;
using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Faults;

/// <summary>
/// Applies one request's fault, one method per phase of the response: its headers; before the response starts; before
/// the answer (does a corruption have a target?); in a JSON body; in each event of a stream; in a stream after the first
/// event; at the end of a stream. Without a fault every phase is a no-op. One instance serves one request.
/// </summary>
internal sealed class FaultInjector(EmulatorFault? fault)
{
    private readonly CorruptionSpec? _corruption = fault is { Corruption: not EmulatorCorruption.None } ? CorruptionCatalog.Of(fault.Corruption) : null;
    private bool _eventCorrupted;

    /// <summary>
    /// How long a dropped connection waits after its last flush: Kestrel discards output still queued in its transport
    /// pipe when a connection is aborted, so the bytes written before the drop need a moment to reach the wire.
    /// </summary>
    private static readonly TimeSpan DropDelay = TimeSpan.FromMilliseconds(100);

    public static FaultInjector None { get; } = new(null);

    private EmulatorFaultKind Kind => fault?.Kind ?? EmulatorFaultKind.None;

    /// <summary>Phase "headers": <c>credits=</c>, <c>request-id=</c> and, on a failing response, <c>retry-after=</c>.</summary>
    public void ApplyHeaders(HttpResponse response, RequestState state)
    {
        if (fault?.Credits is { } credits)
        {
            response.Headers["x-credit-balance"] = credits;
            response.Headers["x-credits-remaining"] = credits;
        }

        if (fault?.RequestId is { } requestId)
        {
            state.RequestId = requestId;
            response.Headers["x-request-id"] = requestId;
        }

        if (fault?.RetryAfterSeconds is { } seconds && Kind != EmulatorFaultKind.None)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Phase "before the response starts": answers in place of the endpoint; <see langword="true"/> when it did.</summary>
    public async Task<bool> TryRespondInsteadAsync(HttpContext context, RequestState state, CancellationToken ct)
    {
        switch (Kind)
        {
            case EmulatorFaultKind.Status:
                var error = SimulatedErrors.ForStatus(fault!);
                await JsonResponses.WriteAsync(context.Response, error.Status, Corrupt(error.ToJson(state.RequestId)), ct).ConfigureAwait(false);
                return true;
            case EmulatorFaultKind.Html502:
                context.Response.StatusCode = 502;
                context.Response.ContentType = "text/html";
                context.Response.ContentLength = SimulatedErrors.ProxyHtml502.Length;
                await context.Response.Body.WriteAsync(SimulatedErrors.ProxyHtml502, ct).ConfigureAwait(false);
                return true;
            case EmulatorFaultKind.StallHeaders:
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Phase "before the answer": the 400 to send instead when the fault's answer corruption has nothing to change in this
    /// answer (a chat field on another endpoint, content or tool calls the answer lacks); <see langword="null"/> otherwise.
    /// </summary>
    public ApiError? CheckCorruptionTarget(CorruptionScope endpoint, bool hasContent = false, bool hasToolCalls = false)
    {
        if (_corruption is not { ChangesErrorBodies: false } spec)
        {
            return null;
        }

        string? missing = (spec.Scope & endpoint) == 0 ? $"it does not apply to {endpoint.ToString().ToLowerInvariant()} answers"
            : spec.Need == AnswerNeed.Content && !hasContent ? "it needs an answer with content (this one has none)"
            : spec.Need == AnswerNeed.ToolCall && !hasToolCalls ? "it needs an answer with tool calls (send 'tools' or script a call)"
            : null;
        return missing is null ? null : ApiError.BadRequest($"Fault corrupt={spec.Name} has nothing to change: {missing}.", EmulatorFault.HeaderName);
    }

    /// <summary>Phase "in each event of a stream": the first event that has the corruption's target is changed, the others pass.</summary>
    public ReadOnlyMemory<byte> CorruptEvent(ReadOnlyMemory<byte> json)
    {
        if (_corruption is null || _eventCorrupted || JsonRewriter.Rewrite(json, _corruption.Edit) is not { } changed)
        {
            return json;
        }

        _eventCorrupted = true;
        return changed;
    }

    /// <summary>Phase "in a JSON body": writes a 200 answer, or the non-streaming variant of a mid-stream fault.</summary>
    public async Task WriteJsonBodyAsync(HttpContext context, ReadOnlyMemory<byte> body, RequestState state, CancellationToken ct)
    {
        var response = context.Response;
        var half = body[..(body.Length / 2)];
        switch (Kind)
        {
            case EmulatorFaultKind.StallMidStream:
                await WriteStartAsync(response, half, flush: true, ct).ConfigureAwait(false);
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                return;
            case EmulatorFaultKind.DropMidStream:
                await WriteStartAsync(response, half, flush: true, ct).ConfigureAwait(false);
                await DropConnectionAsync(context, ct).ConfigureAwait(false);
                return;
            case EmulatorFaultKind.MalformedEvent:
                await WriteStartAsync(response, SimulatedErrors.NotJson.ToArray(), flush: false, ct).ConfigureAwait(false);
                return;
            case EmulatorFaultKind.ErrorEvent:
                await WriteStartAsync(response, Corrupt(SimulatedErrors.ServerError(fault!).ToJson(state.RequestId)), flush: false, ct).ConfigureAwait(false);
                return;
            case EmulatorFaultKind.Truncate:
                await WriteStartAsync(response, half, flush: false, ct).ConfigureAwait(false);
                return;
            default:
                await JsonResponses.WriteAsync(response, 200, Corrupt(body), ct).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>Phase "in a stream after the first event": <see langword="true"/> when the stream ends here.</summary>
    public async Task<bool> TryEndAfterFirstEventAsync(HttpContext context, SseWriter sse, RequestState state, CancellationToken ct)
    {
        switch (Kind)
        {
            case EmulatorFaultKind.StallMidStream:
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                return true;
            case EmulatorFaultKind.DropMidStream:
                await DropConnectionAsync(context, ct).ConfigureAwait(false);
                return true;
            case EmulatorFaultKind.MalformedEvent:
                await sse.WriteEventAsync(SimulatedErrors.NotJson, ct).ConfigureAwait(false);
                return true;
            case EmulatorFaultKind.ErrorEvent:
                await sse.WriteEventAsync(CorruptEvent(SimulatedErrors.ServerError(fault!).ToJson(state.RequestId)).Span, ct).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Phase "at the end": <see langword="true"/> when the stream stops after its tokens (no finish chunk, no <c>[DONE]</c>).</summary>
    public bool EndsBeforeFinish => Kind == EmulatorFaultKind.Truncate;

    /// <summary>A whole body with the corruption applied wherever its target occurs.</summary>
    private ReadOnlyMemory<byte> Corrupt(ReadOnlyMemory<byte> body)
        => _corruption is not null && JsonRewriter.Rewrite(body, _corruption.Edit) is { } changed ? changed : body;

    private static async Task WriteStartAsync(HttpResponse response, ReadOnlyMemory<byte> bytes, bool flush, CancellationToken ct)
    {
        response.StatusCode = 200;
        response.ContentType = "application/json";
        await response.Body.WriteAsync(bytes, ct).ConfigureAwait(false);
        if (flush)
        {
            await response.Body.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    private static async Task DropConnectionAsync(HttpContext context, CancellationToken ct)
    {
        await Task.Delay(DropDelay, ct).ConfigureAwait(false);
        context.Abort();
    }
}
