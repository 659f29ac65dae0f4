namespace GreenPT.AI.Emulator;

/// <summary>What the next streamed chunk will carry.</summary>
public enum StreamChunkKind
{
    /// <summary>A <c>delta.reasoning_content</c> token.</summary>
    Reasoning,

    /// <summary>A <c>delta.content</c> token.</summary>
    Content,

    /// <summary>A <c>delta.tool_calls</c> fragment (the header fragment or a piece of the arguments).</summary>
    ToolCall,

    /// <summary>The chunk with an empty delta and the <c>finish_reason</c>.</summary>
    Finish,

    /// <summary>The trailing <c>"choices":[]</c> chunk that carries <c>usage</c> and <c>impact</c> (only with <c>stream_options.include_usage</c>).</summary>
    Usage,
}

/// <summary>
/// Describes the streamed chunk the emulator is about to write; passed to <see cref="GreenPTEmulatorOptions.BeforeStreamChunk"/>.
/// </summary>
public sealed class StreamChunkContext
{
    internal StreamChunkContext(int chunkIndex, StreamChunkKind kind, string lastUserText, string model, string completionId)
    {
        ChunkIndex = chunkIndex;
        Kind = kind;
        LastUserText = lastUserText;
        Model = model;
        CompletionId = completionId;
    }

    /// <summary>The zero-based index of the chunk about to be written (always 1 or more; chunk 0 is never gated).</summary>
    public int ChunkIndex { get; }

    /// <summary>What the chunk will carry.</summary>
    public StreamChunkKind Kind { get; }

    /// <summary>The text of the request's last <c>user</c> message (text parts joined by a line feed; empty if none).</summary>
    public string LastUserText { get; }

    /// <summary>The model named in the request.</summary>
    public string Model { get; }

    /// <summary>The <c>id</c> of the completion being streamed (<c>cmpl-...</c>).</summary>
    public string CompletionId { get; }
}
