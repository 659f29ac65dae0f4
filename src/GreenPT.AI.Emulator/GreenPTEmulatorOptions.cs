using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace GreenPT.AI.Emulator;

/// <summary>
/// Settings for a <see cref="GreenPTEmulator"/>. The emulator reads these values on every request, so a change made
/// after start-up (for example assigning <see cref="BeforeStreamChunk"/>) applies to the requests that arrive afterwards.
/// The logging settings are the exception: they are read once, at start-up.
/// </summary>
public sealed class GreenPTEmulatorOptions
{
    /// <summary>
    /// The API key the emulator accepts. When <see langword="null"/> (the default) any non-empty
    /// <c>Authorization: Bearer &lt;key&gt;</c> is accepted; otherwise the bearer token must match exactly, else the
    /// request gets HTTP 401. The key is never echoed in a response body or a log line.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The pause before each streamed chunk after the first (simulated decoding speed). Defaults to <see cref="TimeSpan.Zero"/>.
    /// </summary>
    public TimeSpan TokenDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Awaited before the emulator writes each streamed chunk after the first (index 1 onwards, including the finish chunk
    /// and the usage chunk). Nothing of that chunk has been written when the callback runs, so a test can hold a
    /// <see cref="TaskCompletionSource"/> closed here to prove that a client surfaces chunk 0 before chunk 1 exists.
    /// The token is cancelled when the client disconnects or the emulator stops.
    /// </summary>
    public Func<StreamChunkContext, CancellationToken, ValueTask>? BeforeStreamChunk { get; set; }

    /// <summary>
    /// Optional scripted override for chat completions. It receives the parsed, already-validated request body (valid only
    /// during the call) and returns the answer to give, or <see langword="null"/> to use the built-in deterministic rule.
    /// </summary>
    public Func<JsonElement, EmulatorScript?>? Script { get; set; }

    /// <summary>
    /// The JSON name of the reasoning field in <c>message</c> and <c>delta</c>: <c>"reasoning_content"</c> (the default, as
    /// GreenPT documents it) or <c>"reasoning"</c> (what some GreenPT thinking lanes were observed to send).
    /// </summary>
    public string ReasoningFieldName { get; set; } = "reasoning_content";

    /// <summary>
    /// The chat models that, while thinking, refuse a request whose assistant tool-call turns come back without their reasoning
    /// (<c>reasoning_content</c> or <c>reasoning</c>): HTTP 400 <c>invalid_request_error</c> with <c>param</c>
    /// <c>messages[i].reasoning_content</c>. This emulates interleaved-thinking backends that require the reasoning of tool-call turns
    /// back (DeepSeek-style servers refuse such requests; others answer worse); GreenPT does not document which of its lanes do.
    /// Empty by default: no model requires it.
    /// </summary>
    public IReadOnlyCollection<string> ModelsRequiringReasoningBack { get; set; } = [];

    /// <summary>
    /// The value of the <c>x-credits-remaining</c> response header sent on every <c>/v1</c> response
    /// (unless a <c>credits=</c> fault overrides it). Defaults to <c>"4823.00"</c>.
    /// </summary>
    public string CreditsRemaining { get; set; } = "4823.00";

    /// <summary>
    /// The embedding length returned by <c>/v1/embeddings</c> when the request has no <c>dimensions</c>. Defaults to 1024.
    /// Must be between 32 and 2560.
    /// </summary>
    public int DefaultEmbeddingDimensions { get; set; } = 1024;

    /// <summary>
    /// The most documents <c>/v1/rerank</c> accepts in one request; more get HTTP 400 ("Too many documents"). Defaults to 1,000.
    /// GreenPT documents no such limit: this is the emulator's, so that a client's batching can be tested.
    /// </summary>
    public int MaxRerankDocuments { get; set; } = 1000;

    /// <summary>
    /// A logger provider that receives the emulator's and Kestrel's log messages. <see langword="null"/> (the default)
    /// together with <see cref="EnableConsoleLogging"/> <see langword="false"/> keeps the emulator silent.
    /// Read once, at start-up.
    /// </summary>
    public ILoggerProvider? LoggerProvider { get; set; }

    /// <summary>
    /// When <see langword="true"/>, log one line per request (method, path, status, model) to the console.
    /// Defaults to <see langword="false"/>. Read once, at start-up.
    /// </summary>
    public bool EnableConsoleLogging { get; set; }
}
