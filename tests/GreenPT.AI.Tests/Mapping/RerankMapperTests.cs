using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;

namespace GreenPT.AI.Tests.Mapping;

/// <summary>The reranking checks, request and merge of <see cref="RerankMapper"/>, without HTTP.</summary>
public sealed class RerankMapperTests
{
    [Fact]
    public void Validate_NullQueryOrDocuments_ThrowsNamingThem()
    {
        Assert.Throws<ArgumentNullException>("query", () => RerankMapper.Validate(null!, ["a"], null, null));
        Assert.Throws<ArgumentNullException>("documents", () => RerankMapper.Validate("q", null!, null, null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Validate_WhiteSpaceQuery_Throws(string blank)
    {
        var ex = Assert.Throws<ArgumentException>("query", () => RerankMapper.Validate(blank, ["a"], null, null));
        Assert.StartsWith("The query must not be empty or white space.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoDocuments_Throws()
    {
        var ex = Assert.Throws<ArgumentException>("documents", () => RerankMapper.Validate("q", [], null, null));
        Assert.StartsWith("There must be at least one document to rerank.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "documents[1] is null.")]
    [InlineData("", "documents[1] is empty or white space.")]
    [InlineData("  ", "documents[1] is empty or white space.")]
    public void Validate_BlankDocument_ThrowsNamingItsIndex(string? document, string message)
    {
        var ex = Assert.Throws<ArgumentException>("documents", () => RerankMapper.Validate("q", ["a", document!, "c"], null, null));
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(4)]
    public void Validate_TopNOutsideTheList_Throws(int count)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>("topN", () => RerankMapper.Validate("q", ["a", "b", "c"], count, null));
        Assert.Contains($"topN must be from 1 to the number of documents (3); it was {count}.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(count, ex.ActualValue);
    }

    [Fact]
    public void Validate_BlankModel_Throws()
    {
        var ex = Assert.Throws<ArgumentException>("options", () => RerankMapper.Validate("q", ["a"], null, new GreenPTRerankOptions { ModelId = " " }));
        Assert.Contains("GreenPTRerankOptions.ModelId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GoodInput_ReturnsTheList()
    {
        Assert.Equal(["a", "b"], RerankMapper.Validate("q", new[] { "a", "b" }.Where(_ => true), 2, new GreenPTRerankOptions()));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 2)]
    public void ToRequest_TopN_IsNeverMoreThanTheBatch(int? topN, int? sent)
    {
        RerankRequest request = RerankMapper.ToRequest("q", ["a", "b"], topN, "green-rerank");
        Assert.Equal(sent, request.TopN);
        Assert.Equal("green-rerank", request.Model);
        Assert.Equal("q", request.Query);
        Assert.Equal(["a", "b"], request.Documents);
    }

    private static RerankResponse Answer(params (int? Index, double? Score)[] results) =>
        new() { Results = [.. results.Select(r => new RerankResultDto { Index = r.Index, RelevanceScore = r.Score })] };

    [Fact]
    public void AddResults_OffsetsIndexes_AndTakesTheTextFromTheCallersList()
    {
        var ranked = new List<GreenPTRankedDocument>();
        RerankMapper.AddResults(ranked, Answer((1, 0.9), (0, 0.2)), ["a", "b", "c", "d"], offset: 2, batchCount: 2);

        Assert.Equal([3, 2], ranked.Select(r => r.Index));
        Assert.Equal(["d", "c"], ranked.Select(r => r.Document));
        Assert.Equal([0.9, 0.2], ranked.Select(r => r.RelevanceScore));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(-1)]
    [InlineData(2)]
    public void AddResults_UnusableIndex_Throws(int? index)
    {
        var ex = Assert.Throws<GreenPTException>(() => RerankMapper.AddResults([], Answer((index, 0.5)), ["a", "b"], 0, 2));
        Assert.Contains("outside the 2 documents sent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddResults_IndexTwice_Throws()
    {
        var ex = Assert.Throws<GreenPTException>(() => RerankMapper.AddResults([], Answer((0, 0.5), (0, 0.4)), ["a", "b"], 0, 2));
        Assert.Contains("(0) outside the 2 documents sent, or twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddResults_NoScore_Throws()
    {
        var ex = Assert.Throws<GreenPTException>(() => RerankMapper.AddResults([], Answer((1, null)), ["a", "b"], 0, 2));
        Assert.Equal("GreenPT returned a rerank result for document 1 without a usable relevance_score.", ex.Message);
    }

    [Fact]
    public void AddResults_NoResults_Throws()
    {
        var ex = Assert.Throws<GreenPTException>(() => RerankMapper.AddResults([], new RerankResponse(), ["a"], 0, 1));
        Assert.Equal("GreenPT returned a rerank answer without results.", ex.Message);
    }

    [Fact]
    public void AddResults_FewerResultsThanDocuments_AreKept()
    {
        var ranked = new List<GreenPTRankedDocument>();
        RerankMapper.AddResults(ranked, Answer((2, 0.3)), ["a", "b", "c"], 0, 3);
        Assert.Equal(2, Assert.Single(ranked).Index);
    }

    [Fact]
    public void Order_ByScoreDescending_TiesByIndex_CutToTopN()
    {
        List<GreenPTRankedDocument> ranked = [new(3, 0.5, "d"), new(0, 0.5, "a"), new(1, 0.9, "b"), new(2, 0.1, "c")];

        Assert.Equal([1, 0, 3, 2], RerankMapper.Order(ranked, null).Select(r => r.Index));
        Assert.Equal([1, 0], RerankMapper.Order(ranked, 2).Select(r => r.Index));
    }

    [Fact]
    public void RankedDocument_ToString_ShowsIndexAndScore()
    {
        Assert.Equal("#4 (0.1235)", new GreenPTRankedDocument(4, 0.123456, "text").ToString());
        Assert.Throws<ArgumentNullException>("document", () => new GreenPTRankedDocument(0, 1, null!));
    }
}
