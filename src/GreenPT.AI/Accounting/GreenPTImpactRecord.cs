namespace GreenPT.AI;

/// <summary>What one call reported: recorded into a <see cref="GreenPTImpactTracker"/>.</summary>
public sealed class GreenPTImpactRecord
{
    /// <summary>The model that answered (or, if the server did not say, the one requested).</summary>
    public string? ModelId { get; init; }

    /// <summary>The impact GreenPT reported; <see langword="null"/> when it reported none.</summary>
    public GreenPTImpact? Impact { get; init; }

    /// <summary>Input tokens, if reported.</summary>
    public long? InputTokens { get; init; }

    /// <summary>Output tokens, if reported.</summary>
    public long? OutputTokens { get; init; }

    /// <summary>The wall-clock time the call took on the caller's side.</summary>
    public TimeSpan Duration { get; init; }
}
