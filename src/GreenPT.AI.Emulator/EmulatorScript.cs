namespace GreenPT.AI.Emulator;

/// <summary>
/// A scripted chat answer returned from <see cref="GreenPTEmulatorOptions.Script"/>. The emulator splits the texts into
/// word tokens (keeping the spaces) exactly like its built-in answers, honours <c>max_tokens</c>, and computes usage and impact.
/// </summary>
public sealed class EmulatorScript
{
    /// <summary>Reasoning text sent as <c>reasoning_content</c> before anything else; <see langword="null"/> or empty for none.</summary>
    public string? Reasoning { get; init; }

    /// <summary>The answer text; <see langword="null"/> for none.</summary>
    public string? Content { get; init; }

    /// <summary>Tool calls to make (after the content, if any). When not empty the finish reason is <c>tool_calls</c>.</summary>
    public IReadOnlyList<EmulatorToolCall>? ToolCalls { get; init; }

    /// <summary>Overrides the finish reason (<c>stop</c>, or <c>tool_calls</c> when there are tool calls); <c>length</c> still wins when <c>max_tokens</c> cuts the answer.</summary>
    public string? FinishReason { get; init; }
}

/// <summary>One scripted tool call.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">The arguments as a JSON text (sent verbatim, so it may be deliberately invalid).</param>
/// <param name="Id">The call id; <see langword="null"/> for a deterministic 9-character alphanumeric id.</param>
public sealed record EmulatorToolCall(string Name, string Arguments, string? Id = null);
