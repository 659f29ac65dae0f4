using System.Collections.Concurrent;

namespace WebChat;

/// <summary>How an answer ended, as the server saw it.</summary>
public enum ChatOutcomeKind
{
    /// <summary>The stream ran to its end and the final event (usage and impact) was sent.</summary>
    Completed,

    /// <summary>The browser went away (Stop, a closed tab): the request was aborted and the upstream GreenPT request cancelled.</summary>
    Cancelled,

    /// <summary>GreenPT (or the way to it) failed; an <c>error</c> event was sent.</summary>
    Failed,
}

/// <summary>One answer as the server saw it end.</summary>
/// <param name="Kind">How it ended.</param>
/// <param name="TextUpdates">How many text and reasoning deltas were sent to the browser.</param>
/// <param name="Done">The final event sent, when it completed.</param>
/// <param name="Error">The error event sent, when it failed.</param>
public sealed record ChatOutcome(ChatOutcomeKind Kind, int TextUpdates, DoneEvent? Done = null, ErrorEvent? Error = null);

/// <summary>
/// What the chat endpoint did, answer by answer (also logged). The server keeps it so that a person reading the log, and the
/// browser tests, can see that a Stop in the browser reached the server and cancelled the GreenPT request.
/// </summary>
public sealed class ChatActivity
{
    private readonly ConcurrentQueue<ChatOutcome> _outcomes = new();
    private int _inFlight;

    /// <summary>Answers being streamed right now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Every answer that ended, in order.</summary>
    public IReadOnlyList<ChatOutcome> Outcomes => [.. _outcomes];

    internal void Started() => Interlocked.Increment(ref _inFlight);

    internal void Ended(ChatOutcome outcome)
    {
        _outcomes.Enqueue(outcome);
        Interlocked.Decrement(ref _inFlight);
    }
}
