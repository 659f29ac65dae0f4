using System.Text.Json;
using GreenPT.AI.Emulator.Internal.Faults;
using GreenPT.AI.Emulator.Internal.Planning.Chat;
using GreenPT.AI.Emulator.Internal.Sse;
using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary>
/// Streams a chat plan as SSE: one chunk per token, the finish chunk, the usage chunk (with <c>include_usage</c>),
/// <c>[DONE]</c>. Every chunk after the first waits for <see cref="GreenPTEmulatorOptions.TokenDelay"/> and
/// <see cref="GreenPTEmulatorOptions.BeforeStreamChunk"/> first.
/// </summary>
internal sealed class ChatStream(HttpContext context, ChatPlan plan, string id, long created, GreenPTEmulatorOptions options, FaultInjector faults, RequestState state) : IDisposable
{
    private readonly JsonScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    public async Task WriteAsync(CancellationToken ct)
    {
        var sse = await SseWriter.StartAsync(context, ct).ConfigureAwait(false);
        if (!await WriteTokenChunksAsync(sse, ct).ConfigureAwait(false) || faults.EndsBeforeFinish)
        {
            return;
        }

        int index = Math.Max(1, plan.Units.Count);
        if (!await WriteChunkAsync(sse, index++, StreamChunkKind.Finish, w => ChunkBodies.Finish(w, id, created, plan), ct).ConfigureAwait(false))
        {
            return;
        }

        if (plan.IncludeUsage
            && !await WriteChunkAsync(sse, index, StreamChunkKind.Usage, w => ChunkBodies.Usage(w, id, created, plan), ct).ConfigureAwait(false))
        {
            return;
        }

        await sse.WriteDoneAsync(ct).ConfigureAwait(false);
    }

    /// <summary>One chunk per token (a role-only chunk when there are none); false when the stream ended early.</summary>
    private async Task<bool> WriteTokenChunksAsync(SseWriter sse, CancellationToken ct)
    {
        var units = plan.Units;
        for (int i = 0; i < Math.Max(1, units.Count); i++)
        {
            Unit? unit = units.Count > 0 ? units[i] : null;
            bool first = i == 0;
            if (!await WriteChunkAsync(sse, i, KindOf(unit), w => ChunkBodies.Delta(w, id, created, plan, unit, first), ct).ConfigureAwait(false))
            {
                return false;
            }

            if (first && await faults.TryEndAfterFirstEventAsync(context, sse, state, ct).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<bool> WriteChunkAsync(SseWriter sse, int index, StreamChunkKind kind, Action<Utf8JsonWriter> build, CancellationToken ct)
    {
        if (index > 0)
        {
            await BeforeChunkAsync(index, kind, ct).ConfigureAwait(false);
        }

        return await sse.WriteEventAsync(faults.CorruptEvent(_scratch.Build(build)).Span, ct).ConfigureAwait(false);
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
}
