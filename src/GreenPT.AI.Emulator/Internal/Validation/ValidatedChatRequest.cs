using System.Text.Json;
using GreenPT.AI.Emulator.Internal.Planning.Models;

namespace GreenPT.AI.Emulator.Internal.Validation;

/// <summary>A chat request that passed validation: what the answer rules need, nothing else.</summary>
internal sealed class ValidatedChatRequest
{
    public required ModelInfo Model { get; init; }

    public required bool Stream { get; init; }

    /// <summary><c>stream_options.include_usage</c>: usage and impact move to a trailing <c>"choices":[]</c> chunk.</summary>
    public required bool IncludeUsage { get; init; }

    /// <summary>A reasoning model whose <c>reasoning_effort</c> is not <c>none</c>.</summary>
    public required bool Thinking { get; init; }

    /// <summary>The smaller of <c>max_tokens</c> and <c>max_completion_tokens</c>, when either is set.</summary>
    public required int? MaxTokens { get; init; }

    public required IReadOnlyList<ToolDefinition> Tools { get; init; }

    public required ToolChoice ToolChoice { get; init; }

    public required IReadOnlyList<ChatTurn> Messages { get; init; }
}

/// <summary>A function the request offers; <paramref name="Parameters"/> is valid only while the request document is.</summary>
internal sealed record ToolDefinition(string Name, JsonElement Parameters);

/// <summary><c>tool_choice</c>: <c>none</c> turns tools off; a named function is the one to call.</summary>
internal sealed record ToolChoice(bool ToolsOff, string? FunctionName)
{
    public static ToolChoice Auto { get; } = new(ToolsOff: false, FunctionName: null);
}

/// <summary>One message: its role, its text (text parts joined by a line feed) and how many images it carries.</summary>
internal sealed record ChatTurn(string Role, string Text, int Images);
