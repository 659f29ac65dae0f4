namespace GreenPT.AI;

/// <summary>
/// What one model accepts and gives, as far as it is known. Every <see langword="null"/> means "not known": the client then checks
/// nothing and sends the request as it is.
/// </summary>
/// <remarks>
/// The built-in facts (<see cref="GreenPTModelCatalog.BuiltInCapabilities"/>) come from GreenPT's documentation and from third-party
/// catalogues and live probes; GreenPT's catalog changes often, so they go stale. Override them per model with
/// <see cref="GreenPTClientOptions.ModelCapabilities"/>; <see cref="GreenPTModelCatalog.ListAsync"/> adds what the server's
/// <c>/v1/models</c> says.
/// </remarks>
public sealed record GreenPTModelCapabilities
{
    /// <summary>What the model is for.</summary>
    public GreenPTModelKind Kind { get; init; }

    /// <summary>Whether the model thinks (returns reasoning) unless told not to.</summary>
    public bool? Reasoning { get; init; }

    /// <summary>
    /// The <c>reasoning_effort</c> values the model accepts (GreenPT answers any other value with HTTP 400), from least to most
    /// effort among <c>none</c>, <c>minimal</c>, <c>low</c>, <c>medium</c>, <c>high</c>. <see cref="Microsoft.Extensions.AI.ChatOptions.Reasoning"/>
    /// is mapped to the nearest of them.
    /// </summary>
    public IReadOnlyList<string>? ReasoningEffortValues { get; init; }

    /// <summary>
    /// Whether the model takes the reasoning of earlier assistant turns back, as <c>reasoning_content</c> (interleaved thinking):
    /// <see cref="GreenPTReasoningRoundTrip.Automatic"/> sends it on tool-call turns unless this is <see langword="false"/>.
    /// </summary>
    public bool? TakesReasoningBack { get; init; }

    /// <summary>Whether the model takes images. When <see langword="false"/>, a request with an image fails before it is sent.</summary>
    public bool? Vision { get; init; }

    /// <summary>Whether the model calls tools. When <see langword="false"/>, a request with tools fails before it is sent.</summary>
    public bool? ToolCalling { get; init; }

    /// <summary>Whether the model replaces a client's system message with GreenPT's own system prompt (as <c>green-l</c> and <c>green-r</c> do).</summary>
    public bool? IgnoresSystemMessages { get; init; }

    /// <summary>The context window in tokens.</summary>
    public int? ContextTokens { get; init; }

    /// <summary>The most output tokens per answer.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>For an embedding model, the fewest <c>dimensions</c> it can return.</summary>
    public int? MinEmbeddingDimensions { get; init; }

    /// <summary>For an embedding model, the most <c>dimensions</c> it can return (its full length).</summary>
    public int? MaxEmbeddingDimensions { get; init; }

    /// <summary>Where these facts come from, for example <c>"GreenPT docs; models.dev"</c>, <c>"server"</c> or <c>"override"</c>.</summary>
    public string? Source { get; init; }

    /// <summary>
    /// These capabilities with every fact that <paramref name="newer"/> knows taken from it (a <see langword="null"/> there keeps this
    /// one's), and its <see cref="Kind"/> when it says one other than <see cref="GreenPTModelKind.Chat"/>.
    /// </summary>
    /// <param name="newer">The facts that win, for example what the server says or a user override.</param>
    public GreenPTModelCapabilities MergedWith(GreenPTModelCapabilities newer)
    {
        Throw.IfNull(newer);
        return new GreenPTModelCapabilities
        {
            Kind = newer.Kind != GreenPTModelKind.Chat ? newer.Kind : Kind,
            Reasoning = newer.Reasoning ?? Reasoning,
            ReasoningEffortValues = newer.ReasoningEffortValues ?? ReasoningEffortValues,
            TakesReasoningBack = newer.TakesReasoningBack ?? TakesReasoningBack,
            Vision = newer.Vision ?? Vision,
            ToolCalling = newer.ToolCalling ?? ToolCalling,
            IgnoresSystemMessages = newer.IgnoresSystemMessages ?? IgnoresSystemMessages,
            ContextTokens = newer.ContextTokens ?? ContextTokens,
            MaxOutputTokens = newer.MaxOutputTokens ?? MaxOutputTokens,
            MinEmbeddingDimensions = newer.MinEmbeddingDimensions ?? MinEmbeddingDimensions,
            MaxEmbeddingDimensions = newer.MaxEmbeddingDimensions ?? MaxEmbeddingDimensions,
            Source = Source is null ? newer.Source : newer.Source is null ? Source : $"{Source}; {newer.Source}",
        };
    }

    /// <summary>Whether both say the same facts (the effort values compared in order, by value).</summary>
    /// <param name="other">The capabilities to compare with.</param>
    public bool Equals(GreenPTModelCapabilities? other) =>
        other is not null
        && Kind == other.Kind && Reasoning == other.Reasoning && TakesReasoningBack == other.TakesReasoningBack && Vision == other.Vision
        && ToolCalling == other.ToolCalling && IgnoresSystemMessages == other.IgnoresSystemMessages && ContextTokens == other.ContextTokens
        && MaxOutputTokens == other.MaxOutputTokens && MinEmbeddingDimensions == other.MinEmbeddingDimensions
        && MaxEmbeddingDimensions == other.MaxEmbeddingDimensions && Source == other.Source
        && (ReferenceEquals(ReasoningEffortValues, other.ReasoningEffortValues)
            || (ReasoningEffortValues is not null && other.ReasoningEffortValues is not null && ReasoningEffortValues.SequenceEqual(other.ReasoningEffortValues)));

    /// <inheritdoc />
    public override int GetHashCode()
    {
        int hash = (int)Kind;
        hash = (hash * 31) + (ContextTokens ?? 0);
        hash = (hash * 31) + (MaxOutputTokens ?? 0);
        hash = (hash * 31) + (ReasoningEffortValues?.Count ?? -1);
        return (hash * 31) + (Source is null ? 0 : StringComparer.Ordinal.GetHashCode(Source));
    }

    /// <summary>Describes the known facts.</summary>
    public override string ToString()
    {
        string?[] parts =
        [
            Kind.ToString(),
            Reasoning switch { true => "reasoning", false => "no reasoning", null => null },
            ReasoningEffortValues is { } efforts ? $"reasoning_effort {string.Join("|", efforts)}" : null,
            TakesReasoningBack is true ? "takes reasoning back" : null,
            Vision switch { true => "vision", false => "no images", null => null },
            ToolCalling switch { true => "tools", false => "no tools", null => null },
            IgnoresSystemMessages is true ? "ignores system messages" : null,
            ContextTokens is { } context ? $"context {context}" : null,
            MaxOutputTokens is { } output ? $"output {output}" : null,
            MaxEmbeddingDimensions is { } dimensions ? $"dimensions {MinEmbeddingDimensions ?? 1}-{dimensions}" : null,
        ];
        return string.Join(", ", parts.Where(part => part is not null));
    }
}
