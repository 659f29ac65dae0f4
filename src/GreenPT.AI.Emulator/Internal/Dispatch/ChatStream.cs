using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using GreenPT.AI.Emulator.Internal.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary>
/// Streams a chat plan as SSE: one chunk per token, the finish chunk, the usage chunk (with <c>include_usage</c>),
/// <c>[DONE]</c>. Every chunk after the first waits for <see cref="GreenPTEmulatorOptions.TokenDelay"/> and
/// <see cref="GreenPTEmulatorOptions.BeforeStreamChunk"/> first.
/// </summary>
internal sealed class ChatStream(HttpContext context, ChatPlan plan, string id, long created, GreenPTEmulatorOptions options, FaultInjector faults, RequestState state)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] DoneEvent = "data: [DONE]\n\n"u8.ToArray();

    public async Task WriteAsync(CancellationToken ct)
    {
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(ct).ConfigureAwait(false);

        PipeWriter pipe = response.BodyWriter;
        using var json = new Utf8JsonWriter(pipe, JsonDefaults.WriterOptions);
        var units = plan.Units;
        int count = Math.Max(1, units.Count);

        for (int i = 0; i < count; i++)
        {
            Unit? unit = units.Count > 0 ? units[i] : null;
            if (i > 0)
            {
                await BeforeChunkAsync(i, KindOf(unit), ct).ConfigureAwait(false);
            }

            pipe.Write(DataPrefix);
            json.Reset(pipe);
            ResponseBuilders.DeltaChunk(json, id, created, plan, unit, first: i == 0);
            json.Flush();
            pipe.Write(EventEnd);
            if (!await FlushAsync(pipe, ct).ConfigureAwait(false))
            {
                return;
            }

            if (i == 0 && await faults.TryEndAfterFirstEventAsync(context, pipe, state, ct).ConfigureAwait(false))
            {
                return;
            }
        }

        if (faults.EndsBeforeFinish)
        {
            return;
        }

        int chunkIndex = count;
        await BeforeChunkAsync(chunkIndex++, StreamChunkKind.Finish, ct).ConfigureAwait(false);
        pipe.Write(DataPrefix);
        json.Reset(pipe);
        ResponseBuilders.FinishChunk(json, id, created, plan);
        json.Flush();
        pipe.Write(EventEnd);
        if (!await FlushAsync(pipe, ct).ConfigureAwait(false))
        {
            return;
        }

        if (plan.IncludeUsage)
        {
            await BeforeChunkAsync(chunkIndex, StreamChunkKind.Usage, ct).ConfigureAwait(false);
            pipe.Write(DataPrefix);
            json.Reset(pipe);
            ResponseBuilders.UsageChunk(json, id, created, plan);
            json.Flush();
            pipe.Write(EventEnd);
            if (!await FlushAsync(pipe, ct).ConfigureAwait(false))
            {
                return;
            }
        }

        pipe.Write(DoneEvent);
        await FlushAsync(pipe, ct).ConfigureAwait(false);
    }

    private static StreamChunkKind KindOf(Unit? unit) => unit?.Kind switch
    {
        UnitKind.Reasoning => StreamChunkKind.Reasoning,
        UnitKind.ToolCallStart or UnitKind.ToolCallArguments => StreamChunkKind.ToolCall,
        _ => StreamChunkKind.Content,
    };

    private async ValueTask BeforeChunkAsync(int index, StreamChunkKind kind, CancellationToken ct)
    {
        var delay = options.TokenDelay;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, ct).ConfigureAwait(false);
        }

        if (options.BeforeStreamChunk is { } hook)
        {
            await hook(new StreamChunkContext(index, kind, plan.LastUserText, plan.Model, id), ct).ConfigureAwait(false);
        }

        ct.ThrowIfCancellationRequested();
    }

    /// <summary>Flushes one event to the client; false when the client has gone.</summary>
    private static async ValueTask<bool> FlushAsync(PipeWriter pipe, CancellationToken ct)
    {
        var result = await pipe.FlushAsync(ct).ConfigureAwait(false);
        return !result.IsCanceled && !result.IsCompleted;
    }
}
