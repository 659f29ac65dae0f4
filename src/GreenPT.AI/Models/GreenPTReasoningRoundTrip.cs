namespace GreenPT.AI;

/// <summary>
/// Which earlier assistant turns of a conversation send their reasoning (<see cref="Microsoft.Extensions.AI.TextReasoningContent"/>)
/// back to the model, as the message's <c>reasoning_content</c>. Set it per client with
/// <see cref="GreenPTClientOptions.ReasoningRoundTrip"/> and per request with <see cref="GreenPTPropertyNames.ReasoningRoundTrip"/>.
/// </summary>
/// <remarks>
/// Thinking models with interleaved reasoning (GreenPT's <c>gemma4</c>, <c>green-r</c>, <c>glm-5.2</c>, ...) expect the reasoning of a
/// turn that made tool calls to come back with that turn: without it they answer worse, and some backends refuse the request.
/// Reasoning that was streamed goes back as one string. Reasoning a caller dropped (with <c>ReasoningOutput.None</c>) cannot go back.
/// </remarks>
public enum GreenPTReasoningRoundTrip
{
    /// <summary>
    /// The default: as <see cref="ToolCallTurns"/>, except for models whose <see cref="GreenPTModelCapabilities.TakesReasoningBack"/> is
    /// <see langword="false"/>, or that do not reason (<see cref="GreenPTModelCapabilities.Reasoning"/> <see langword="false"/>) unless they
    /// are said to take reasoning back: those get none (as <see cref="Never"/>). Models the catalog does not know get it on tool-call turns.
    /// </summary>
    Automatic = 0,

    /// <summary>Reasoning goes back on assistant turns that made tool calls, and nowhere else.</summary>
    ToolCallTurns,

    /// <summary>Reasoning goes back on every assistant turn that has some.</summary>
    Always,

    /// <summary>Reasoning never goes back: earlier turns are sent without it.</summary>
    Never,
}
