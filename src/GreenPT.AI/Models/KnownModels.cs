namespace GreenPT.AI;

/// <summary>
/// The built-in capability table: the facts about GreenPT's models that its documentation, third-party catalogues (models.dev)
/// and live probes give (see <c>shared/greenpt-api.md</c>, sections 2 and 6). A fact nobody documents is left unknown.
/// </summary>
internal static class KnownModels
{
    /// <summary>Every value GreenPT's <c>reasoning_effort</c> can take, from least to most effort.</summary>
    public static readonly IReadOnlyList<string> EffortOrder = Array.AsReadOnly(new[] { "none", "minimal", "low", "medium", "high" });

    private static readonly IReadOnlyList<string> AllEfforts = Array.AsReadOnly(new[] { "none", "minimal", "low", "medium", "high" });
    private static readonly IReadOnlyList<string> ThinkingOnly = Array.AsReadOnly(new[] { "low", "medium", "high" });
    private static readonly IReadOnlyList<string> NoneOrHigh = Array.AsReadOnly(new[] { "none", "high" });

    /// <summary>The rank of an effort value in <see cref="EffortOrder"/> (compared without regard to case), or -1 for a value GreenPT does not document.</summary>
    public static int RankOf(string effort)
    {
        for (int i = 0; i < EffortOrder.Count; i++)
        {
            if (string.Equals(EffortOrder[i], effort, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private const string Docs = "GreenPT docs";
    private const string Catalogue = "models.dev";
    private const string Probe = "live probe (2026-08-04)";

    public static readonly IReadOnlyDictionary<string, GreenPTModelCapabilities> Table = Build();

    private static Dictionary<string, GreenPTModelCapabilities> Build()
    {
        var table = new Dictionary<string, GreenPTModelCapabilities>(StringComparer.OrdinalIgnoreCase)
        {
            ["gemma4"] = Thinking(AllEfforts, $"{Docs}; {Catalogue}; {Probe}") with
            {
                TakesReasoningBack = true, Vision = true, ToolCalling = true, ContextTokens = 262_144, MaxOutputTokens = 32_768,
            },
            ["green-l"] = NotThinking(Docs) with { IgnoresSystemMessages = true },
            ["green-l-raw"] = NotThinking(Catalogue) with { ContextTokens = 128_000, MaxOutputTokens = 32_000 },
            ["green-r"] = Thinking(ThinkingOnly, $"{Docs}; {Catalogue}; {Probe}") with
            {
                TakesReasoningBack = true, Vision = false, IgnoresSystemMessages = true, ContextTokens = 131_072, MaxOutputTokens = 32_768,
            },
            ["green-r-raw"] = Thinking(ThinkingOnly, $"{Catalogue}; {Probe}") with { TakesReasoningBack = true, Vision = false },
            ["gpt-oss-120b"] = Thinking(ThinkingOnly, Probe),
            ["holo2-30b-a3b"] = Thinking(ThinkingOnly, Probe),
            ["glm-5.2"] = Thinking(AllEfforts, $"{Catalogue}; {Probe}") with { TakesReasoningBack = true, ContextTokens = 1_000_000, MaxOutputTokens = 131_000 },
            ["kimi-k3"] = Thinking(AllEfforts, $"{Catalogue}; {Probe}") with { Vision = true },
            ["kimi-k2.6"] = Thinking(AllEfforts, Probe),
            ["kimi-k2.7-code"] = Thinking(AllEfforts, Probe) with { ToolCalling = true },
            ["minimax-m2.5"] = Thinking(AllEfforts, Probe),
            ["qwen3.5-397b-a17b"] = Thinking(AllEfforts, Probe),
            ["qwen3.6-35b-a3b"] = Thinking(AllEfforts, Probe),
            ["mistral-medium-3.5-128b"] = Thinking(NoneOrHigh, Probe),
            ["mistral-small-3.2-24b-instruct-2506"] = NotThinking("live tool calls (2026-08-13)") with { ToolCalling = true },
            ["pixtral-12b-2409"] = new() { Kind = GreenPTModelKind.Chat, Vision = true, Source = Catalogue },
            ["gemma-3-27b-it"] = new() { Kind = GreenPTModelKind.Chat, ContextTokens = 40_000, Source = Catalogue },
            ["llama-3.3-70b-instruct"] = new() { Kind = GreenPTModelKind.Chat, ContextTokens = 100_000, Source = Catalogue },
            ["green-embedding"] = new()
            {
                Kind = GreenPTModelKind.Embedding, ContextTokens = 32_768, MinEmbeddingDimensions = 32, MaxEmbeddingDimensions = 2_560, Source = Docs,
            },
            ["green-embeddings"] = Of(GreenPTModelKind.Embedding, Catalogue),
            ["qwen3-embedding-8b"] = Of(GreenPTModelKind.Embedding, Catalogue),
            ["green-rerank"] = Of(GreenPTModelKind.Rerank, Docs),
            ["green-s"] = Of(GreenPTModelKind.SpeechToText, Docs),
            ["green-s-pro"] = Of(GreenPTModelKind.SpeechToText, Docs),
        };

        // glm-5.2's nine variants take the same effort values (the live probe lists "glm-5.2 and variants").
        foreach (string flavour in (ReadOnlySpan<string>)["caveman", "honey", "ponytail"])
        {
            foreach (string size in (ReadOnlySpan<string>)["", "-lite", "-ultra"])
            {
                table[$"glm-5.2-{flavour}{size}"] = Thinking(AllEfforts, Probe);
            }
        }

        return table;
    }

    /// <summary>The capabilities of <paramref name="modelId"/>: the override for it over the built-in facts, or <see langword="null"/> when neither knows it.</summary>
    public static GreenPTModelCapabilities? Find(string? modelId, IDictionary<string, GreenPTModelCapabilities>? overrides)
    {
        if (string.IsNullOrWhiteSpace(modelId))
        {
            return null;
        }

        Table.TryGetValue(modelId!, out GreenPTModelCapabilities? builtIn);
        GreenPTModelCapabilities? overridden = overrides is { Count: > 0 } ? FindOverride(overrides, modelId!) : null;
        return (builtIn, overridden) switch
        {
            (null, _) => overridden,
            (_, null) => builtIn,
            _ => builtIn.MergedWith(overridden),
        };
    }

    /// <summary>The caller's entry for <paramref name="modelId"/>, matched exactly first, then without regard to case.</summary>
    public static GreenPTModelCapabilities? FindOverride(IDictionary<string, GreenPTModelCapabilities> overrides, string modelId)
    {
        if (overrides.TryGetValue(modelId, out GreenPTModelCapabilities? exact))
        {
            return exact;
        }

        foreach (KeyValuePair<string, GreenPTModelCapabilities> entry in overrides)
        {
            if (string.Equals(entry.Key, modelId, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Value;
            }
        }

        return null;
    }

    private static GreenPTModelCapabilities Thinking(IReadOnlyList<string> efforts, string source) => new()
    {
        Kind = GreenPTModelKind.Chat, Reasoning = true, ReasoningEffortValues = efforts, Source = source,
    };

    private static GreenPTModelCapabilities NotThinking(string source) => new()
    {
        Kind = GreenPTModelKind.Chat, Reasoning = false, TakesReasoningBack = false, Source = source,
    };

    private static GreenPTModelCapabilities Of(GreenPTModelKind kind, string source) => new() { Kind = kind, Source = source };
}
