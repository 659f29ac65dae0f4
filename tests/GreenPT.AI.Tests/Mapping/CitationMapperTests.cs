using System.Text.Json;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Mapping;

/// <summary><see cref="GreenPTCitationExtensions.AddGreenPTCitations"/>: where an answer cites the sources of GreenPT's search functions.</summary>
public sealed class CitationMapperTests
{
    private static JsonElement Result(params (int Number, string Url)[] sources) => JsonDocument.Parse(
        "{\"query\":\"q\",\"results\":[" + string.Join(",", sources.Select(s => $$"""{"source":{{s.Number}},"title":"T{{s.Number}}","url":"{{s.Url}}","content":"C{{s.Number}}"}""")) + "]}").RootElement.Clone();

    private static ChatResponse Loop(string answer, string functionName, object? result, params (string CallId, object? Result)[] more)
    {
        var messages = new List<ChatMessage>
        {
            new(ChatRole.User, "question"),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", functionName), .. more.Select(m => (AIContent)new FunctionCallContent(m.CallId, functionName))]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", result), .. more.Select(m => (AIContent)new FunctionResultContent(m.CallId, m.Result))]),
            new(ChatRole.Assistant, answer),
        };
        return new ChatResponse(messages);
    }

    private static List<CitationAnnotation> Citations(ChatResponse response) =>
        [.. response.Messages[^1].Contents.SelectMany(c => c.Annotations ?? []).OfType<CitationAnnotation>()];

    private static (int Start, int End) Span(CitationAnnotation citation)
    {
        var region = Assert.IsType<TextSpanAnnotatedRegion>(Assert.Single(citation.AnnotatedRegions!));
        return (region.StartIndex!.Value, region.EndIndex!.Value);
    }

    [Fact]
    public void Markers_AreCitations_WithTheSourceAndTheSpan()
    {
        ChatResponse response = Loop("Wind is big [2], solar too [1].", "greenpt_web_search", Result((1, "https://a.example/"), (2, "https://b.example/x")));

        Assert.Equal(2, response.AddGreenPTCitations());

        List<CitationAnnotation> citations = Citations(response);
        Assert.Equal([new Uri("https://b.example/x"), new Uri("https://a.example/")], citations.Select(c => c.Url));
        Assert.Equal("T2", citations[0].Title);
        Assert.Equal("C2", citations[0].Snippet);
        Assert.Equal("greenpt_web_search", citations[0].ToolName);
        Assert.Equal((12, 15), Span(citations[0]));
        Assert.Equal("[2]", response.Messages[^1].Text[12..15]);
    }

    [Fact]
    public void AnAddressWrittenOut_IsACitation()
    {
        const string Answer = "See https://a.example/ for more.";
        ChatResponse response = Loop(Answer, "greenpt_search_links", Result((1, "https://a.example/")));

        Assert.Equal(1, response.AddGreenPTCitations());

        Assert.Equal((4, 22), Span(Assert.Single(Citations(response))));
    }

    [Fact]
    public void CallingAgain_AddsNothingTwice()
    {
        ChatResponse response = Loop("Cited [1].", "greenpt_web_search", Result((1, "https://a.example/")));

        Assert.Equal(1, response.AddGreenPTCitations());
        Assert.Equal(0, response.AddGreenPTCitations());
        Assert.Single(Citations(response));
    }

    [Fact]
    public void UnknownNumbers_OtherFunctions_AndUnreadableResults_AreIgnored()
    {
        Assert.Equal(0, Loop("Cited [3], [x], [], [12345].", "greenpt_web_search", Result((1, "https://a.example/"))).AddGreenPTCitations());
        Assert.Equal(0, Loop("Cited [1].", "get_weather", Result((1, "https://a.example/"))).AddGreenPTCitations());
        Assert.Equal(0, Loop("Cited [1].", "greenpt_web_search", "not json").AddGreenPTCitations());
        Assert.Equal(0, Loop("Cited [1].", "greenpt_web_search", 42).AddGreenPTCitations());
        Assert.Equal(0, Loop("Cited [1].", "greenpt_web_search", JsonDocument.Parse("""{"results":{}}""").RootElement).AddGreenPTCitations());
        Assert.Equal(0, new ChatResponse(new ChatMessage(ChatRole.Assistant, "No tools [1].")).AddGreenPTCitations());
    }

    [Fact]
    public void ResultAsJsonText_AfterARoundTrip_IsRead()
    {
        ChatResponse response = Loop("Cited [1].", "greenpt_web_search", Result((1, "https://a.example/")).GetRawText());

        Assert.Equal(1, response.AddGreenPTCitations());
    }

    [Fact]
    public void TwoSearches_AMarkerNamesTheLatestSearchThatHasIt()
    {
        ChatResponse response = Loop(
            "First [1], second [2].", "greenpt_web_search", Result((1, "https://old.example/"), (2, "https://old2.example/")),
            ("c2", Result((1, "https://new.example/"))));

        Assert.Equal(2, response.AddGreenPTCitations());

        Assert.Equal([new Uri("https://new.example/"), new Uri("https://old2.example/")], Citations(response).Select(c => c.Url));
    }

    [Fact]
    public void NullResponse_Throws() => Assert.Throws<ArgumentNullException>("response", () => GreenPTCitationExtensions.AddGreenPTCitations(null!));
}
