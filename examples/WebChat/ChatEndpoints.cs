using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using GreenPT.AI;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;

namespace WebChat;

/// <summary>
/// <c>GET /api/info</c> (is it simulated, which model) and <c>POST /api/chat</c>, which streams one answer as Server-Sent Events
/// (see ChatWire.cs for the events). The browser's request token is the GreenPT request's token: when the page stops the
/// answer (or the tab closes), the upstream GreenPT request is cancelled with it.
/// </summary>
internal static partial class ChatEndpoints
{
    public const int MaxMessages = 200;
    public const int MaxTextLength = 32_000;

    public static void Map(WebApplication app, bool simulated)
    {
        app.MapGet("/api/info", (IChatClient client) =>
            TypedResults.Json(new PageInfo(simulated, ModelOf(client)), WebChatJson.Wire.PageInfo));

        app.MapPost("/api/chat", ChatAsync);
    }

    private static async Task<Results<ServerSentEventsResult<string>, JsonHttpResult<ErrorEvent>>> ChatAsync(
        HttpContext context, IChatClient client, ChatActivity activity, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        // JSON only: a cross-site page cannot send that without a preflight this server never allows, so it cannot spend the key's credits.
        if (!context.Request.HasJsonContentType())
        {
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "Send the question as application/json.");
        }

        ChatRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, WebChatJson.Wire.ChatRequest, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Refuse(StatusCodes.Status400BadRequest, $"The question is not valid JSON: {ex.Message}");
        }

        if (Validate(request) is { } problem)
        {
            return Refuse(StatusCodes.Status400BadRequest, problem);
        }

        List<ChatMessage> messages = [.. request!.Messages!.Select(turn =>
            new ChatMessage(turn.Role == "assistant" ? ChatRole.Assistant : ChatRole.User, turn.Text))];
        var options = new ChatOptions();
        if (!request.Think)
        {
            options.Reasoning = new ReasoningOptions { Effort = ReasoningEffort.None };
        }

        ILogger logger = loggerFactory.CreateLogger("WebChat");
        return TypedResults.ServerSentEvents(StreamAsync(client, messages, options, activity, logger, cancellationToken));
    }

    /// <summary>The answer as events: <c>start</c>, then <c>reasoning</c> and <c>text</c> deltas as they arrive, then
    /// <c>done</c> with usage and impact, or <c>error</c>. Nothing is sent after a cancellation: the browser is gone.</summary>
    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(
        IChatClient client, List<ChatMessage> messages, ChatOptions options, ChatActivity activity, ILogger logger,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        activity.Started();
        yield return Event("start", new StartEvent(ModelOf(client)), WebChatJson.Wire.StartEvent);

        List<ChatResponseUpdate> updates = [];
        int sent = 0;
        ChatOutcome? outcome = null;
        try
        {
            await using IAsyncEnumerator<ChatResponseUpdate> stream =
                client.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                ErrorEvent? failure = null;
                bool more = false;
                try
                {
                    more = await stream.MoveNextAsync();
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    outcome = new ChatOutcome(ChatOutcomeKind.Cancelled, sent);
                    LogCancelled(logger, sent);
                    yield break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failure = Describe(ex);
                    LogFailed(logger, ex, failure.Message);
                }

                if (failure is not null)
                {
                    outcome = new ChatOutcome(ChatOutcomeKind.Failed, sent, Error: failure);
                    yield return Event("error", failure, WebChatJson.Wire.ErrorEvent);
                    yield break;
                }

                if (!more)
                {
                    break;
                }

                ChatResponseUpdate update = stream.Current;
                updates.Add(update);
                foreach (AIContent content in update.Contents)
                {
                    (string? type, string? text) = content switch
                    {
                        TextReasoningContent reasoning => ("reasoning", reasoning.Text),
                        TextContent answer => ("text", answer.Text),
                        _ => (null, null),
                    };
                    if (type is not null && !string.IsNullOrEmpty(text))
                    {
                        sent++;
                        yield return Event(type, new TextEvent(text), WebChatJson.Wire.TextEvent);
                    }
                }
            }

            DoneEvent done = Summarise(updates.ToChatResponse());
            outcome = new ChatOutcome(ChatOutcomeKind.Completed, sent, Done: done);
            LogCompleted(logger, sent, done.Impact?.EnergyWattHours, done.Impact?.EmissionsGramsCO2e);
            yield return Event("done", done, WebChatJson.Wire.DoneEvent);
        }
        finally
        {
            // A browser that went away while the last event was being written ends the iteration here, without an outcome yet.
            activity.Ended(outcome ?? new ChatOutcome(ChatOutcomeKind.Cancelled, sent));
        }
    }

    /// <summary>Usage and impact of the whole answer, read from the coalesced response (see README "Reading the impact").</summary>
    internal static DoneEvent Summarise(ChatResponse response)
    {
        GreenPTImpact? impact = response.GetGreenPTImpact() ?? response.GetTotalGreenPTImpact();
        UsageDetails? usage = response.Usage;
        return new DoneEvent(
            response.ModelId,
            response.FinishReason?.Value,
            usage is null ? null : new UsageFigures(usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount, usage.ReasoningTokenCount),
            impact is null ? null : new ImpactFigures(
                impact.EnergyInWattHours,
                impact.EmissionsInGramsCO2e,
                impact.InferenceDuration?.TotalMilliseconds,
                impact.Energy is { } energy ? new Measured(energy.Total, energy.Unit) : null,
                impact.Emissions is { } emissions ? new Measured(emissions.Total, emissions.Unit) : null,
                impact.Version));
    }

    /// <summary>One readable line for the page; the details (and the stack trace) stay in the server's log.</summary>
    internal static ErrorEvent Describe(Exception exception) => exception switch
    {
        // GreenPT's own message, status and request id; the library never puts the key in a message.
        GreenPTException greenpt => new ErrorEvent(OneLine(greenpt.Message), (int?)greenpt.StatusCode, greenpt.RequestId),
        TimeoutException timeout => new ErrorEvent(OneLine(timeout.Message), null, null),
        HttpRequestException http => new ErrorEvent($"GreenPT could not be reached: {OneLine(http.Message)}", null, null),
        NotSupportedException or ArgumentException => new ErrorEvent(OneLine(exception.Message), null, null),
        _ => new ErrorEvent("The answer failed on the server (see its log).", null, null),
    };

    private static string? Validate(ChatRequest? request)
    {
        if (request?.Messages is not { Count: > 0 } turns)
        {
            return "The question has no messages.";
        }

        if (turns.Count > MaxMessages)
        {
            return $"The conversation has more than {MaxMessages} messages; start a new one.";
        }

        for (int i = 0; i < turns.Count; i++)
        {
            ChatTurn turn = turns[i];
            if (turn.Role is not ("user" or "assistant"))
            {
                return $"Message {i + 1} has the role '{turn.Role}'; only user and assistant are accepted.";
            }

            if (string.IsNullOrWhiteSpace(turn.Text) || turn.Text.Length > MaxTextLength)
            {
                return $"Message {i + 1} is empty or longer than {MaxTextLength} characters.";
            }
        }

        return turns[^1].Role == "user" ? null : "The last message must be the user's.";
    }

    private static JsonHttpResult<ErrorEvent> Refuse(int status, string message) =>
        TypedResults.Json(new ErrorEvent(message, status, null), WebChatJson.Wire.ErrorEvent, statusCode: status);

    private static SseItem<string> Event<T>(string type, T data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        new(JsonSerializer.Serialize(data, typeInfo), type);

    private static string ModelOf(IChatClient client) =>
        client.GetService<ChatClientMetadata>()?.DefaultModelId ?? GreenPTModels.DefaultChat;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "Answer stopped by the browser after {Updates} updates: the GreenPT request was cancelled.")]
    private static partial void LogCancelled(ILogger logger, int updates);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answer failed: {Message}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answer completed: {Updates} updates, {EnergyWh} Wh, {EmissionsG} gCO2e.")]
    private static partial void LogCompleted(ILogger logger, int updates, double? energyWh, double? emissionsG);
}
