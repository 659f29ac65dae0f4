namespace GreenPT.AI.Emulator;

/// <summary>The kind of failure an <see cref="EmulatorFault"/> produces.</summary>
public enum EmulatorFaultKind
{
    /// <summary>No failure; the fault only sets headers (<see cref="EmulatorFault.Credits"/>, <see cref="EmulatorFault.RequestId"/>).</summary>
    None,

    /// <summary><c>status=&lt;code&gt;</c>: a GreenPT error body with that HTTP status (400-599).</summary>
    Status,

    /// <summary><c>html502</c>: HTTP 502 with an HTML body, as a reverse proxy sends it.</summary>
    Html502,

    /// <summary><c>stall-headers</c>: never sends the response headers; waits until the client aborts.</summary>
    StallHeaders,

    /// <summary><c>stall-mid-stream</c>: sends the first chunk, then waits until the client aborts.</summary>
    StallMidStream,

    /// <summary><c>drop-mid-stream</c>: sends the first chunk, then aborts the connection.</summary>
    DropMidStream,

    /// <summary><c>malformed-event</c>: sends the first chunk, then <c>data: {not json</c>, then ends.</summary>
    MalformedEvent,

    /// <summary><c>error-event</c>: HTTP 200, the first chunk, then a GreenPT error object (code 500) as an SSE event, then ends.</summary>
    ErrorEvent,

    /// <summary><c>truncate</c>: sends every content chunk, then ends without a finish reason and without <c>[DONE]</c>.</summary>
    Truncate,
}
