namespace GreenPT.AI;

/// <summary>One result of a GreenPT web search: a page, numbered for citing.</summary>
public sealed class GreenPTWebSource
{
    /// <summary>The source's number in its result, from 1: what an answer cites as <c>[1]</c>.</summary>
    public int Number { get; init; }

    /// <summary>The page's title, when GreenPT sent one.</summary>
    public string? Title { get; init; }

    /// <summary>The page's address (<c>link</c>, or <c>url</c>); <see langword="null"/> when none was sent or it is not an absolute http(s) address.</summary>
    public Uri? Url { get; init; }

    /// <summary>A short excerpt of the page (<c>snippet</c>, or <c>description</c>).</summary>
    public string? Snippet { get; init; }

    /// <summary>The page's content relevant to the query (<c>relevant_content</c>, sent by the LLM-ready search).</summary>
    public string? Content { get; init; }

    /// <summary>Describes the source: its number, title and address.</summary>
    public override string ToString() => $"[{Number.ToString(System.Globalization.CultureInfo.InvariantCulture)}] {Title} {Url}".TrimEnd();
}
