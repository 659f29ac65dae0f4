namespace GreenPT.AI.Wire;

/// <summary>An answer body that may carry an error object instead of a result, even with a success status.</summary>
internal interface IWireAnswer
{
    /// <summary>The error a server put in the body, if any.</summary>
    ErrorDetail? Error { get; }

    /// <summary>GreenPT's request id in the body, if any.</summary>
    string? RequestId { get; }
}

/// <summary>An answer that keeps the bytes it was read from (<see cref="GreenPTRawJson"/>): its body is read whole, then parsed from memory.</summary>
internal interface IKeepsRawJson
{
    /// <summary>The bytes the answer was read from.</summary>
    GreenPTRawJson? Raw { get; set; }
}

/// <summary>
/// A large answer whose body is read whole into one pooled buffer (sized from <c>Content-Length</c> when it is known), then parsed in
/// one synchronous pass. The embeddings answer (about 550 KB for 100 vectors of 1,024 dimensions) is one value, <c>data</c>, that
/// no converter reads piecewise: streamed deserialization would buffer it anyway, growing and re-scanning it as it arrives.
/// </summary>
internal interface IReadWhole
{
}
