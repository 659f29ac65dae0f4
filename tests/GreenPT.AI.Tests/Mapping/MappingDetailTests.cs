using System.Text.Json;
using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Mapping;

/// <summary>The pure mapping functions one by one, at their edges.</summary>
public sealed class MappingDetailTests
{
    [Theory]
    [InlineData("assistant", "assistant")]
    [InlineData("user", "user")]
    [InlineData("system", "system")]
    [InlineData("tool", "tool")]
    [InlineData("critic", "critic")]
    [InlineData(null, "assistant")]
    [InlineData("", "assistant")]
    [InlineData(" \t", "assistant")]
    public void FromRole_MapsKnownRoles_KeepsOthers_AndReadsBlankAsTheAssistant(string? wire, string expected)
    {
        ChatRole role = ChatResponseMapper.FromRole(wire);
        Assert.Equal(expected, role.Value);
        if (wire is "user")
        {
            Assert.Equal(ChatRole.User, role);
        }
    }

    [Theory]
    [InlineData("stop", "stop")]
    [InlineData("length", "length")]
    [InlineData("tool_calls", "tool_calls")]
    [InlineData("function_call", "tool_calls")]
    [InlineData("content_filter", "content_filter")]
    [InlineData("eos", "eos")]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("  ", null)]
    public void FromFinishReason_MapsKnownReasons_KeepsOthers_AndReadsBlankAsNone(string? wire, string? expected)
    {
        Assert.Equal(expected, ChatResponseMapper.FromFinishReason(wire)?.Value);
    }

    [Fact]
    public void ReasoningOf_PrefersReasoningContent_AndFallsBackToReasoning()
    {
        Assert.Equal("a", ChatResponseMapper.ReasoningOf(new ResponseMessage { ReasoningContent = "a", Reasoning = "b" }));
        Assert.Equal("b", ChatResponseMapper.ReasoningOf(new ResponseMessage { Reasoning = "b" }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void FromToolCall_WithoutArguments_HasEmptyArguments(string? arguments)
    {
        FunctionCallContent call = ChatResponseMapper.FromToolCall("Ab3De6Gh9", "f", arguments, raw: "raw");

        Assert.Empty(call.Arguments!);
        Assert.Null(call.Exception);
        Assert.Equal("raw", call.RawRepresentation);
    }

    [Fact]
    public void FromToolCall_WithArgumentsThatDoNotParse_ReportsItInTheContent()
    {
        FunctionCallContent call = ChatResponseMapper.FromToolCall(null, null, "{\"a\":", raw: null);

        Assert.NotNull(call.Exception);
        Assert.Equal(string.Empty, call.CallId);
        Assert.Equal(string.Empty, call.Name);
    }

    [Fact]
    public void Embeddings_ComeInInputOrder_WithTheModel()
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        EmbeddingMapper.AddEmbeddings(result, new EmbeddingResponse
        {
            Model = "green-embedding",
            Data = [new EmbeddingData { Index = 1, Embedding = [2] }, new EmbeddingData { Index = 0, Embedding = [1] }],
        }, expectedCount: 2);

        Assert.Equal([1f, 2f], result.Select(e => e.Vector.Span[0]));
        Assert.All(result, e => Assert.Equal("green-embedding", e.ModelId));
    }

    private static readonly Dictionary<string, EmbeddingData[]> BadEmbeddingData = new()
    {
        ["an index equal to the count"] = [new() { Index = 0, Embedding = [1] }, new() { Index = 2, Embedding = [1] }],
        ["a negative index"] = [new() { Index = -1, Embedding = [1] }],
        ["no index"] = [new() { Embedding = [1] }],
        ["the same index twice"] = [new() { Index = 0, Embedding = [1] }, new() { Index = 0, Embedding = [1] }],
        ["no vector"] = [new() { Index = 0 }, new() { Index = 1, Embedding = [1] }],
        ["one missing"] = [new() { Index = 1, Embedding = [1] }],
    };

    public static TheoryData<string> BadEmbeddings => [.. BadEmbeddingData.Keys];

    [Theory, MemberData(nameof(BadEmbeddings))]
    public void Embeddings_ThatDoNotMatchTheInputs_Fail(string what)
    {
        var ex = Assert.Throws<GreenPTException>(() =>
            EmbeddingMapper.AddEmbeddings(new GeneratedEmbeddings<Embedding<float>>(), new EmbeddingResponse { Data = [.. BadEmbeddingData[what]] }, expectedCount: 2));
        Assert.True(ex.Message.StartsWith("GreenPT returned", StringComparison.Ordinal), what);
    }

    [Fact]
    public void Embeddings_WithNoDataAtAll_FailNamingTheFirstInput()
    {
        var ex = Assert.Throws<GreenPTException>(() => EmbeddingMapper.AddEmbeddings(new GeneratedEmbeddings<Embedding<float>>(), new EmbeddingResponse(), expectedCount: 1));
        Assert.Equal("GreenPT returned no embedding for input 0 of 1.", ex.Message);
    }

    [Fact]
    public void ModelList_WithoutData_IsEmpty_AndBlankIdsAndOwnersAreDropped()
    {
        Assert.Empty(ModelMapper.FromModelList(new ModelListResponse()));

        List<GreenPTModelInfo> models = ModelMapper.FromModelList(new ModelListResponse
        {
            Data = [new ModelDto { Id = " " }, new ModelDto { Id = "gemma4", OwnedBy = "", Created = 1754000000 }, new ModelDto { Id = "green-embedding", OwnedBy = "greenpt" }],
        });

        Assert.Equal(["gemma4", "green-embedding"], models.Select(m => m.Id));
        Assert.Null(models[0].OwnedBy);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1754000000), models[0].CreatedAt);
        Assert.Equal("greenpt", models[1].OwnedBy);
    }

    [Theory]
    [InlineData("A0b9C8d7E")]
    [InlineData("zZ09azAZ5")]
    public void ToolCallId_InTheWireForm_IsKept(string id)
    {
        Assert.Equal(id, ToolCallIds.ToWire(id));
    }

    [Fact]
    public void ToolCallId_InAnotherForm_BecomesNineLettersOrDigits_TheSameEveryTime_AndDistinct()
    {
        string[] foreign = ["call_abc", "call_abd", "call_abc1", "A0b9C8d7", "A0b9C8d7E_", "A0b9C8d7-", "call_" + new string('x', 40)];
        string[] wire = [.. foreign.Select(ToolCallIds.ToWire)];

        Assert.All(wire, w => Assert.Matches("^[A-Za-z0-9]{9}$", w));
        Assert.Equal(wire.Length, wire.Distinct().Count());
        Assert.Equal(wire, foreign.Select(ToolCallIds.ToWire));
        Assert.All(wire, w => Assert.True(w.Distinct().Count() > 3, $"'{w}' is barely mixed"));
    }

    [Theory]
    [InlineData("call_abc", "WFH8yRA8u")]
    [InlineData("call_7d1f0a9c2b3e4d5f", "0fpRiQwDW")]
    public void ToolCallId_InAnotherForm_IsItsFnv1aHashInBase62(string id, string expected)
    {
        // FNV-1a (64 bits) of the UTF-16 code units, written as 9 base-62 digits, lowest first: computed independently.
        Assert.Equal(expected, ToolCallIds.ToWire(id));
        Assert.Equal("uiEFMIuA1", ToolCallIds.ForMissing("cmpl-1", 0));
    }

    [Fact]
    public void EmbeddingRequest_WithoutAnyModel_IsAClearError()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            EmbeddingMapper.ToEmbeddingRequest(["a"], null, new GreenPTClientOptions { DefaultEmbeddingModelId = null }));
        Assert.Equal("No model: set EmbeddingGenerationOptions.ModelId or GreenPTClientOptions.DefaultEmbeddingModelId.", ex.Message);
    }

    [Fact]
    public void Embedding_WithoutAnIndex_SaysSo()
    {
        var ex = Assert.Throws<GreenPTException>(() => EmbeddingMapper.AddEmbeddings(
            new GeneratedEmbeddings<Embedding<float>>(), new EmbeddingResponse { Data = [new EmbeddingData { Embedding = [1] }] }, expectedCount: 1));
        Assert.Equal("GreenPT returned an embedding with a missing vector or an index (none) outside the 1 inputs sent, or twice.", ex.Message);
    }

    [Fact]
    public void ModelOf_IsTheMappedModel_ElseAStringExtraField_ElseUnknown()
    {
        var request = new ChatCompletionRequest();
        Assert.Equal("gemma4", ExtraBodyMapper.ModelOf("gemma4", request));
        Assert.Equal("unknown", ExtraBodyMapper.ModelOf(null, request));
        request.ExtraFields = new() { ["model"] = JsonDocument.Parse("\"green-l\"").RootElement };
        Assert.Equal("green-l", ExtraBodyMapper.ModelOf(null, request));
        request.ExtraFields["model"] = JsonDocument.Parse("5").RootElement;
        Assert.Equal("unknown", ExtraBodyMapper.ModelOf(null, request));
    }

    [Fact]
    public void ExtraBody_ThatSetsAFieldTheClientControls_OrIsNotAnObject_IsRefusedNamingOptions()
    {
        var controlled = Assert.Throws<ArgumentException>("options", () => ExtraBodyMapper.Apply(new ChatCompletionRequest(),
            new AdditionalPropertiesDictionary { [GreenPTPropertyNames.ExtraBody] = new Dictionary<string, object?> { ["messages"] = 1 } }, "ChatOptions"));
        Assert.StartsWith("ChatOptions.AdditionalProperties[\"greenpt.extra_body\"] may not set 'messages': the client controls it.", controlled.Message, StringComparison.Ordinal);

        var notObject = Assert.Throws<ArgumentException>("options", () => ExtraBodyMapper.Apply(new ChatCompletionRequest(),
            new AdditionalPropertiesDictionary { [GreenPTPropertyNames.ExtraBody] = 42 }, "ChatOptions"));
        Assert.StartsWith("ChatOptions.AdditionalProperties[\"greenpt.extra_body\"] must be a dictionary of string to object, a JsonObject or a JSON object element; it was Int32.", notObject.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullMessage_IsRefusedNamingItsPosition()
    {
        var ex = Assert.Throws<ArgumentException>("messages", () => ChatRequestMapper.ToRequestMessages([new ChatMessage(ChatRole.User, "a"), null!], instructions: null));
        Assert.StartsWith("messages[1] is null.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CachedTokens_PreferTheDetail_ThenTheTopLevelCount()
    {
        Assert.Equal(5, UsageMapper.FromUsage(new ResponseUsage { CachedTokens = 9, PromptTokensDetails = new() { CachedTokens = 5 } }, null, out _)!.CachedInputTokenCount);
        Assert.Equal(9, UsageMapper.FromUsage(new ResponseUsage { CachedTokens = 9 }, null, out _)!.CachedInputTokenCount);
        Assert.Null(UsageMapper.FromUsage(null, null, out GreenPTImpact? impact));
        Assert.Null(impact);
    }

    [Fact]
    public void ReasoningEffort_FromChatOptions_BeatsTheClientDefault()
    {
        Assert.Equal("low", ChatRequestMapper.ToReasoningEffort(new ChatOptions { Reasoning = new() { Effort = ReasoningEffort.Low } }, clientDefault: "none"));
        Assert.Equal("none", ChatRequestMapper.ToReasoningEffort(new ChatOptions(), clientDefault: "none"));
    }

    [Theory]
    [InlineData("travel_agent-2", "travel_agent-2")]
    [InlineData("Travel Agent (EU)", "Travel_Agent__EU_")]
    [InlineData("  ", null)]
    public void AuthorName_KeepsLettersDigitsUnderscoresAndHyphens(string name, string? expected)
    {
        Assert.Equal(expected, ChatRequestMapper.ToWireName(name));
    }

    [Fact]
    public void FunctionResult_AsJsonElement_IsItsStringOrItsJson()
    {
        Assert.Equal("sunny", ChatRequestMapper.SerializeResult(new FunctionResultContent("c", JsonDocument.Parse("\"sunny\"").RootElement)));
        Assert.Equal("{\"t\": 21}", ChatRequestMapper.SerializeResult(new FunctionResultContent("c", JsonDocument.Parse("{\"t\": 21}").RootElement)));
    }
}
