using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebChat;

// What the page and the server say to each other. The page keeps the conversation and sends it with every question; the
// server answers with a stream of Server-Sent Events whose data is one of the records below, as JSON:
//
//   event: start      data: {"model":"gemma4"}
//   event: reasoning  data: {"text":" I will"}            (zero or more, as the model thinks)
//   event: text       data: {"text":" said:"}             (zero or more, as the answer arrives)
//   event: done       data: {"model":...,"finishReason":...,"usage":{...},"impact":{...}}
//   event: error      data: {"message":...,"status":503,"requestId":"req_..."}   (instead of done)

/// <summary>A question, with the conversation so far.</summary>
/// <param name="Messages">The conversation, oldest first, ending with the user's new message.</param>
/// <param name="Think">Whether the model may reason first (the model's default); <see langword="false"/> sends reasoning effort none.</param>
public sealed record ChatRequest(IReadOnlyList<ChatTurn>? Messages, bool Think = true);

/// <summary>One message of the conversation.</summary>
/// <param name="Role"><c>user</c> or <c>assistant</c>.</param>
/// <param name="Text">What was said.</param>
public sealed record ChatTurn(string? Role, string? Text);

/// <summary>The first event: which model answers.</summary>
/// <param name="Model">The model id the request names.</param>
public sealed record StartEvent(string Model);

/// <summary>A piece of the answer or of the reasoning.</summary>
/// <param name="Text">The text, as the model produced it.</param>
public sealed record TextEvent(string Text);

/// <summary>The final event of an answer that completed.</summary>
/// <param name="Model">The model that answered.</param>
/// <param name="FinishReason">Why the answer ended (<c>stop</c>, <c>length</c>, ...).</param>
/// <param name="Usage">Token counts, when reported.</param>
/// <param name="Impact">The energy and emissions GreenPT reported for the answer, when reported.</param>
public sealed record DoneEvent(string? Model, string? FinishReason, UsageFigures? Usage, ImpactFigures? Impact);

/// <summary>Token counts of one answer.</summary>
public sealed record UsageFigures(long? InputTokens, long? OutputTokens, long? TotalTokens, long? ReasoningTokens);

/// <summary>The impact of one answer, in the units GreenPT reports and in the units the page shows.</summary>
/// <param name="EnergyWattHours">Energy in Wh.</param>
/// <param name="EmissionsGramsCO2e">Emissions in gCO2e.</param>
/// <param name="DurationMilliseconds">Inference time in ms.</param>
/// <param name="Energy">Energy as GreenPT sent it (value and unit, for example Wms).</param>
/// <param name="Emissions">Emissions as GreenPT sent them (value and unit, for example ugCO2e).</param>
/// <param name="Version">The version of GreenPT's calculation method.</param>
public sealed record ImpactFigures(
    double? EnergyWattHours,
    double? EmissionsGramsCO2e,
    double? DurationMilliseconds,
    Measured? Energy,
    Measured? Emissions,
    string? Version);

/// <summary>A figure with its unit.</summary>
public sealed record Measured(double Value, string Unit);

/// <summary>The event that ends a failed answer.</summary>
/// <param name="Message">A readable, one-line message (GreenPT's own message, status and request id when it sent them).</param>
/// <param name="Status">The HTTP status GreenPT answered with, if any.</param>
/// <param name="RequestId">GreenPT's request id (to quote to its support), if any.</param>
public sealed record ErrorEvent(string Message, int? Status, string? RequestId);

/// <summary>What the page needs to know before the first question.</summary>
/// <param name="Simulated">Whether the answers come from the in-process emulator (every figure simulated).</param>
/// <param name="Model">The model that answers.</param>
public sealed record PageInfo(bool Simulated, string Model);

/// <summary>Source-generated JSON for every record the page and the server exchange (camelCase, nulls left out).</summary>
/// <remarks>Use <see cref="Wire"/>: it writes text as raw UTF-8 (an event's data is read by <c>JSON.parse</c>, never embedded in
/// HTML), so a character such as "é" or "🌍" travels as its 2 or 4 bytes and may be split across network reads.</remarks>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatRequest))]
[JsonSerializable(typeof(StartEvent))]
[JsonSerializable(typeof(TextEvent))]
[JsonSerializable(typeof(DoneEvent))]
[JsonSerializable(typeof(ErrorEvent))]
[JsonSerializable(typeof(PageInfo))]
public sealed partial class WebChatJson : JsonSerializerContext
{
    /// <summary>The context the app reads and writes with: the generated one, with text written unescaped.</summary>
    public static WebChatJson Wire { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
