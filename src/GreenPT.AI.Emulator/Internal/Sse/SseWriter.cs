using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GreenPT.AI.Emulator.Internal.Sse;

/// <summary>
/// Writes every event of a stream (chunks, error events, malformed events, <c>[DONE]</c>) the same way:
/// <c>data: &lt;data&gt;\n\n</c>, flushed at once.
/// </summary>
internal sealed class SseWriter
{
    private readonly PipeWriter _pipe;

    private SseWriter(PipeWriter pipe) => _pipe = pipe;

    /// <summary>Sends the headers of a 200 event stream, with response buffering off.</summary>
    public static async Task<SseWriter> StartAsync(HttpContext context, CancellationToken ct)
    {
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(ct).ConfigureAwait(false);
        return new SseWriter(response.BodyWriter);
    }

    /// <summary>Writes one event and flushes it; <see langword="false"/> when the client has gone.</summary>
    public ValueTask<bool> WriteEventAsync(ReadOnlySpan<byte> data, CancellationToken ct)
    {
        _pipe.Write("data: "u8);
        _pipe.Write(data);
        _pipe.Write("\n\n"u8);
        return FlushAsync(ct);
    }

    /// <summary>Writes the <c>data: [DONE]</c> event that ends a complete stream.</summary>
    public ValueTask<bool> WriteDoneAsync(CancellationToken ct) => WriteEventAsync("[DONE]"u8, ct);

    private async ValueTask<bool> FlushAsync(CancellationToken ct)
    {
        var result = await _pipe.FlushAsync(ct).ConfigureAwait(false);
        return !result.IsCanceled && !result.IsCompleted;
    }
}
