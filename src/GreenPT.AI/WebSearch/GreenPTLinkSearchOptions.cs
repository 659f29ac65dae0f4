namespace GreenPT.AI;

/// <summary>The documented options of GreenPT's raw-links search (<c>POST /v1/tools/search/web</c>).</summary>
public sealed class GreenPTLinkSearchOptions
{
    /// <summary>How many links to return (<c>maxResults</c>, 1 or more); <see langword="null"/> for GreenPT's default.</summary>
    public int? MaxResults { get; set; }

    /// <summary>Which page of results (<c>page</c>, from 1); <see langword="null"/> for the first.</summary>
    public int? Page { get; set; }

    /// <summary>The country to search in (<c>country</c>), for example <c>"nl"</c>; GreenPT documents the field, not its format.</summary>
    public string? Country { get; set; }
}
