namespace GreenPT.AI.Wire;

/// <summary>An answer body that may carry an error object instead of a result, even with a success status.</summary>
internal interface IWireAnswer
{
    /// <summary>The error a server put in the body, if any.</summary>
    ErrorDetail? Error { get; }

    /// <summary>GreenPT's request id in the body, if any.</summary>
    string? RequestId { get; }
}
