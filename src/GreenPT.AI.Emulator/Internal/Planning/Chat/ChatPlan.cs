namespace GreenPT.AI.Emulator.Internal.Planning.Chat;

internal enum UnitKind
{
    Reasoning,
    Content,
    ToolCallStart,
    ToolCallArguments,
}

/// <summary>One completion token: what one streamed chunk carries.</summary>
internal readonly record struct Unit(UnitKind Kind, string Text, int ToolIndex = 0, string? ToolId = null, string? ToolName = null);

/// <summary>A validated chat request turned into the exact sequence of tokens to answer with.</summary>
internal sealed class ChatPlan
{
    public required string Model { get; init; }

    public required bool Stream { get; init; }

    public required bool IncludeUsage { get; init; }

    public required string LastUserText { get; init; }

    public required int PromptTokens { get; init; }

    public required IReadOnlyList<Unit> Units { get; init; }

    public required string FinishReason { get; init; }

    public required string ReasoningField { get; init; }

    public int CompletionTokens => Units.Count;

    public int ReasoningTokens => Units.Count(u => u.Kind == UnitKind.Reasoning);

    public bool HasContent => Units.Any(u => u.Kind == UnitKind.Content);

    public bool HasToolCalls => Units.Any(u => u.Kind == UnitKind.ToolCallStart);
}
