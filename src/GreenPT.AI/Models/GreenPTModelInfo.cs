namespace GreenPT.AI;

/// <summary>One entry of GreenPT's model list (<c>GET /v1/models</c>).</summary>
/// <param name="Id">The model id to put in <c>ModelId</c>, for example <c>gemma4</c>.</param>
/// <param name="OwnedBy">Who the server says owns the model, if it says.</param>
/// <param name="Kind">What the model is for, told from its id by <see cref="KindOf(string)"/>.</param>
public sealed record GreenPTModelInfo(string Id, string? OwnedBy, GreenPTModelKind Kind)
{
    /// <summary>When the model was created, if the server says.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>What the catalog knows of the model: the built-in facts, what the server listed, and the caller's overrides, merged; <see langword="null"/> when nothing is known.</summary>
    public GreenPTModelCapabilities? Capabilities { get; init; }

    /// <summary>
    /// Tells a model's kind from its id, as GreenPT's catalog names them: a model of the built-in table by its entry; otherwise ids
    /// containing <c>rerank</c> are rerankers, ids containing <c>embedding</c> or starting with <c>bge-</c> embedding models, ids containing
    /// <c>ocr</c> OCR models, <c>green-s</c> and <c>green-s-…</c> speech to text; everything else is a chat model.
    /// </summary>
    /// <param name="id">A model id.</param>
    public static GreenPTModelKind KindOf(string id)
    {
        Throw.IfNull(id);
        if (KnownModels.Table.TryGetValue(id, out GreenPTModelCapabilities? known))
        {
            return known.Kind;
        }

        string lower = id.ToLowerInvariant();
        return lower.Contains("rerank") ? GreenPTModelKind.Rerank
            : lower.Contains("embedding") || lower.StartsWith("bge-", StringComparison.Ordinal) ? GreenPTModelKind.Embedding
            : lower.Contains("ocr") ? GreenPTModelKind.Ocr
            : lower == "green-s" || lower.StartsWith("green-s-", StringComparison.Ordinal) ? GreenPTModelKind.SpeechToText
            : GreenPTModelKind.Chat;
    }
}
