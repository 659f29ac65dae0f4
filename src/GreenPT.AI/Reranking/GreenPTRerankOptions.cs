namespace GreenPT.AI;

/// <summary>Per-call settings of <see cref="GreenPTReranker.RerankAsync"/>.</summary>
public sealed class GreenPTRerankOptions
{
    /// <summary>The reranking model; <see langword="null"/> (the default) uses <see cref="GreenPTClientOptions.DefaultRerankModelId"/>.</summary>
    public string? ModelId { get; set; }
}
