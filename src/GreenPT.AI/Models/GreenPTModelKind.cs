namespace GreenPT.AI;

/// <summary>What a GreenPT model is for, told from its id.</summary>
public enum GreenPTModelKind
{
    /// <summary>A chat model for <c>/v1/chat/completions</c> (<see cref="GreenPTChatClient"/>).</summary>
    Chat,

    /// <summary>An embedding model for <c>/v1/embeddings</c> (<see cref="GreenPTEmbeddingGenerator"/>), such as <c>green-embedding</c>.</summary>
    Embedding,

    /// <summary>A reranker for <c>/v1/rerank</c>, such as <c>green-rerank</c>.</summary>
    Rerank,

    /// <summary>A speech-to-text model for <c>/v1/listen</c>: <c>green-s</c> and <c>green-s-pro</c>.</summary>
    SpeechToText,

    /// <summary>
    /// A document OCR or conversion model, for GreenPT's document tools (<c>/v1/tools/documents/convert/file</c>) rather than chat;
    /// ids containing <c>ocr</c>.
    /// </summary>
    Ocr,
}
