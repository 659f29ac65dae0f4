namespace GreenPT.AI.Emulator.Internal.Planning.Models;

internal enum ModelKind
{
    Chat,
    Embedding,
    Rerank,
    Speech,
}

/// <param name="Id">The model id.</param>
/// <param name="Kind">What the model serves.</param>
/// <param name="Reasoning">Whether it thinks (emits reasoning_content) unless reasoning_effort is "none".</param>
/// <param name="EffortValues">The reasoning_effort values it accepts.</param>
/// <param name="MistralToolIds">Whether tool-call ids must be 9 alphanumeric characters (Mistral-backed lanes).</param>
internal sealed record ModelInfo(string Id, ModelKind Kind, bool Reasoning, string[] EffortValues, bool MistralToolIds);

internal static class ModelCatalog
{
    /// <summary>2025-09-22T00:00:00Z, the impact methodology date; used as every model's <c>created</c>.</summary>
    public const long Created = 1758499200;

    public const string EmbeddingModel = "green-embedding";

    private static readonly string[] AllEfforts = ["none", "minimal", "low", "medium", "high"];
    private static readonly string[] ThinkingOnlyEfforts = ["low", "medium", "high"];
    private static readonly string[] NoEfforts = [];

    public static readonly IReadOnlyList<ModelInfo> Models =
    [
        new("gemma4", ModelKind.Chat, Reasoning: true, AllEfforts, MistralToolIds: false),
        new("green-l", ModelKind.Chat, Reasoning: false, AllEfforts, MistralToolIds: true),
        new("green-l-raw", ModelKind.Chat, Reasoning: false, AllEfforts, MistralToolIds: true),
        new("green-r", ModelKind.Chat, Reasoning: true, ThinkingOnlyEfforts, MistralToolIds: false),
        new("green-r-raw", ModelKind.Chat, Reasoning: true, ThinkingOnlyEfforts, MistralToolIds: false),
        new("gpt-oss-120b", ModelKind.Chat, Reasoning: true, ThinkingOnlyEfforts, MistralToolIds: false),
        new("glm-5.2", ModelKind.Chat, Reasoning: true, AllEfforts, MistralToolIds: false),
        new("mistral-small-3.2-24b-instruct-2506", ModelKind.Chat, Reasoning: false, AllEfforts, MistralToolIds: true),
        new(EmbeddingModel, ModelKind.Embedding, Reasoning: false, NoEfforts, MistralToolIds: false),
        new("green-rerank", ModelKind.Rerank, Reasoning: false, NoEfforts, MistralToolIds: false),
        new("green-s", ModelKind.Speech, Reasoning: false, NoEfforts, MistralToolIds: false),
        new("green-s-pro", ModelKind.Speech, Reasoning: false, NoEfforts, MistralToolIds: false),
    ];

    public static ModelInfo? Find(string id)
    {
        foreach (var m in Models)
        {
            if (string.Equals(m.Id, id, StringComparison.Ordinal))
            {
                return m;
            }
        }

        return null;
    }
}
