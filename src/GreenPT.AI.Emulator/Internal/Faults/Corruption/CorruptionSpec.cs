namespace GreenPT.AI.Emulator.Internal.Faults.Corruption;

/// <summary>Which bodies a corruption class changes.</summary>
[Flags]
internal enum CorruptionScope
{
    Chat = 1,
    Embeddings = 2,
    Models = 4,
    Rerank = 16,
    Search = 32,
    Listen = 64,

    /// <summary>GreenPT error bodies (of <c>status=</c> and <c>error-event</c>), on any endpoint.</summary>
    ErrorBody = 8,
}

/// <summary>What a chat answer must contain for the corruption to have a target.</summary>
internal enum AnswerNeed
{
    Nothing,
    Content,
    ToolCall,
}

/// <summary>One class of the catalogue: its grammar name, its value, where it applies and what it does to the JSON.</summary>
internal sealed record CorruptionSpec(string Name, EmulatorCorruption Corruption, CorruptionScope Scope, AnswerNeed Need, JsonEdit Edit)
{
    public bool ChangesErrorBodies => Scope == CorruptionScope.ErrorBody;
}
