namespace GreenPT.AI;

/// <summary>One entry of GreenPT's model list (<c>GET /v1/models</c>).</summary>
/// <param name="Id">The model id to put in <c>ModelId</c>, for example <c>gemma4</c>.</param>
/// <param name="OwnedBy">Who the server says owns the model, if it says.</param>
/// <param name="Kind">What the model is for, told from its id by <see cref="KindOf(string)"/>.</param>
public sealed record GreenPTModelInfo(string Id, string? OwnedBy, GreenPTModelKind Kind)
{
    /// <summary>When the model was created, if the server says.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>
    /// Tells a model's kind from its id, as GreenPT's catalog names them: ids containing <c>embedding</c> are embedding models,
    /// ids containing <c>rerank</c> rerankers, <c>green-s</c> and <c>green-s-…</c> speech to text; everything else is a chat model.
    /// </summary>
    /// <param name="id">A model id.</param>
    public static GreenPTModelKind KindOf(string id)
    {
        Throw.IfNull(id);
        string lower = id.ToLowerInvariant();
        return lower.Contains("embedding") ? GreenPTModelKind.Embedding
            : lower.Contains("rerank") ? GreenPTModelKind.Rerank
            : lower == "green-s" || lower.StartsWith("green-s-", StringComparison.Ordinal) ? GreenPTModelKind.SpeechToText
            : GreenPTModelKind.Chat;
    }
}
