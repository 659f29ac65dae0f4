using GreenPT.AI.Emulator.Internal.Dispatch;
using GreenPT.AI.Emulator.Internal.Sse;
using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Faults;

/// <summary>
/// Applies one request's fault, one method per phase of the response: its headers; before the response starts; in a
/// JSON body; in a stream after the first event; at the end of a stream. Without a fault every phase is a no-op.
/// </summary>
internal sealed class FaultInjector(EmulatorFault? fault)
{
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
                await JsonResponses.WriteErrorAsync(context.Response, SimulatedErrors.ForStatus(fault!), state, ct).ConfigureAwait(false);
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
                await WriteStartAsync(response, SimulatedErrors.ServerError(fault!).ToJson(state.RequestId), flush: false, ct).ConfigureAwait(false);
                return;
            case EmulatorFaultKind.Truncate:
                await WriteStartAsync(response, half, flush: false, ct).ConfigureAwait(false);
                return;
            default:
                await JsonResponses.WriteAsync(response, 200, body, ct).ConfigureAwait(false);
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
                await sse.WriteEventAsync(SimulatedErrors.ServerError(fault!).ToJson(state.RequestId), ct).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Phase "at the end": <see langword="true"/> when the stream stops after its tokens (no finish chunk, no <c>[DONE]</c>).</summary>
    public bool EndsBeforeFinish => Kind == EmulatorFaultKind.Truncate;

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
