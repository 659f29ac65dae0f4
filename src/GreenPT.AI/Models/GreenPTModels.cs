namespace GreenPT.AI;

/// <summary>The model ids the clients use when neither a request nor <see cref="GreenPTClientOptions"/> names one.</summary>
/// <remarks>GreenPT's catalog changes often: list it with <see cref="GreenPTModelCatalog"/> rather than hard-coding other ids.</remarks>
public static class GreenPTModels
{
    /// <summary>The default chat model of <see cref="GreenPTChatClient"/>: <c>gemma4</c>.</summary>
    public const string DefaultChat = "gemma4";

    /// <summary>The default embedding model of <see cref="GreenPTEmbeddingGenerator"/>: <c>green-embedding</c>.</summary>
    public const string DefaultEmbedding = "green-embedding";
}
