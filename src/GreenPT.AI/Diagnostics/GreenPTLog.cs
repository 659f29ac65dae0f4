using Microsoft.Extensions.Logging;

namespace GreenPT.AI.Diagnostics;

/// <summary>The library's log messages, source-generated (no boxing, no formatting when the level is off). Never the API key.</summary>
internal static partial class GreenPTLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug,
        Message = "GreenPT {Operation} with {Model} completed: HTTP {StatusCode} in {DurationMs} ms, request id {RequestId}, {Attempts} attempt(s), impact {Impact}")]
    public static partial void RequestCompleted(
        ILogger logger, string operation, string model, int statusCode, long durationMs, string? requestId, int attempts, string impact);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "GreenPT {Operation} with {Model} failed after {DurationMs} ms: HTTP {StatusCode}, request id {RequestId}: {Error}")]
    public static partial void RequestFailed(
        ILogger logger, string operation, string model, long durationMs, int? statusCode, string? requestId, string error, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug,
        Message = "GreenPT {Operation} with {Model} was cancelled or abandoned by the caller after {DurationMs} ms")]
    public static partial void RequestCancelled(ILogger logger, string operation, string model, long durationMs);

    [LoggerMessage(EventId = 4, Level = LogLevel.Trace, Message = "GreenPT {Operation} request body: {Body}")]
    public static partial void RequestBody(ILogger logger, string operation, string body);

    [LoggerMessage(EventId = 5, Level = LogLevel.Trace, Message = "GreenPT {Operation} response text: {Text}")]
    public static partial void ResponseText(ILogger logger, string operation, string text);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "GreenPT chat request adjusted: {Adjustment}")]
    public static partial void ReasoningEffortAdjusted(ILogger logger, string adjustment);
}
