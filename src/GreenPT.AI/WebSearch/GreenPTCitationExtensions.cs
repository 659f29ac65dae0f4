using GreenPT.AI.Mapping;
using Microsoft.Extensions.AI;

namespace GreenPT.AI;

/// <summary>Marks where an answer cites the sources of GreenPT's search functions.</summary>
public static class GreenPTCitationExtensions
{
    /// <summary>
    /// Adds a <see cref="CitationAnnotation"/> (title, address, content as snippet, the function's name as tool name, and the cited span of
    /// text) to the answer's text for each <c>[n]</c> naming a source of a GreenPT search made in the response's tool loop (the latest
    /// search that has source n), and for each source address written out in full. Run it on the response of a pipeline with
    /// <c>UseFunctionInvocation()</c>, whose messages include the search calls and results. Calling it again adds nothing twice.
    /// </summary>
    /// <param name="response">The response; its messages are annotated in place.</param>
    /// <returns>How many citations were added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is <see langword="null"/>.</exception>
    public static int AddGreenPTCitations(this ChatResponse response) =>
        CitationMapper.Annotate(Throw.IfNull(response).Messages, [GreenPTWebSearchClient.WebSearchFunctionName, GreenPTWebSearchClient.LinkSearchFunctionName]);
}
