using System.Text.Json;
using System.Text.Json.Nodes;
using GreenPT.AI.Mapping;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Mapping;

/// <summary>
/// Golden request bodies for reasoning in history (the round-trip rule, per client and per request) and for the model capabilities:
/// every portable effort on every model of the built-in table, content a model cannot take, and the <see cref="ChatOptions"/> members
/// the client refuses or honours.
/// </summary>
public sealed class ReasoningHistoryAndCapabilitiesTests
{
    private static Task<string> BodyAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, Action<GreenPTClientOptions>? configure = null, bool streaming = false) =>
        TestClients.CaptureRequestBodyAsync(messages, options, streaming, configure);

    private static JsonArray SentMessages(string body) => JsonNode.Parse(body)!["messages"]!.AsArray();

    /// <summary>A tool loop's history: the question, the turn that called the tool (its reasoning streamed in two pieces), the result, a plain answer with reasoning.</summary>
    private static ChatMessage[] ToolLoopHistory() =>
    [
        new(ChatRole.User, "Weather in Oslo?"),
        new(ChatRole.Assistant, [new TextReasoningContent("I should "), new TextReasoningContent("call the tool."), new FunctionCallContent("abcDEF123", "get_weather", new Dictionary<string, object?> { ["city"] = "Oslo" })]),
        new(ChatRole.Tool, [new FunctionResultContent("abcDEF123", "Sunny")]),
        new(ChatRole.Assistant, [new TextReasoningContent("Report it."), new TextContent("It is sunny.")]),
        new(ChatRole.User, "Thanks"),
    ];

    private const string ToolCallTurnWithReasoning =
        """{"role":"assistant","tool_calls":[{"id":"abcDEF123","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}],"reasoning_content":"I should call the tool."}""";

    private const string ToolCallTurnWithoutReasoning =
        """{"role":"assistant","tool_calls":[{"id":"abcDEF123","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]}""";

    private static string ExpectedHistory(string toolCallTurn, string answerTurn) => $$"""
        {"model":"gemma4","messages":[
          {"role":"user","content":"Weather in Oslo?"},
          {{toolCallTurn}},
          {"role":"tool","tool_call_id":"abcDEF123","content":"Sunny"},
          {{answerTurn}},
          {"role":"user","content":"Thanks"}]}
        """;

    private const string AnswerWithoutReasoning = """{"role":"assistant","content":"It is sunny."}""";
    private const string AnswerWithReasoning = """{"role":"assistant","content":"It is sunny.","reasoning_content":"Report it."}""";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Default_SendsReasoningOnToolCallTurnsOnly_AsOneString(bool streaming) =>
        JsonAssert.Equal(WithStream(ExpectedHistory(ToolCallTurnWithReasoning, AnswerWithoutReasoning), streaming), await BodyAsync(ToolLoopHistory(), streaming: streaming));

    public static TheoryData<GreenPTReasoningRoundTrip, string, string> Modes => new()
    {
        { GreenPTReasoningRoundTrip.Automatic, ToolCallTurnWithReasoning, AnswerWithoutReasoning },
        { GreenPTReasoningRoundTrip.ToolCallTurns, ToolCallTurnWithReasoning, AnswerWithoutReasoning },
        { GreenPTReasoningRoundTrip.Always, ToolCallTurnWithReasoning, AnswerWithReasoning },
        { GreenPTReasoningRoundTrip.Never, ToolCallTurnWithoutReasoning, AnswerWithoutReasoning },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ClientSetting_ChoosesWhichTurnsSendReasoning(GreenPTReasoningRoundTrip mode, string toolCallTurn, string answerTurn) =>
        JsonAssert.Equal(ExpectedHistory(toolCallTurn, answerTurn), await BodyAsync(ToolLoopHistory(), configure: o => o.ReasoningRoundTrip = mode));

    /// <summary>A request value, the client setting it overrides (always the opposite of what is expected), and the turns expected.</summary>
    public static TheoryData<object, GreenPTReasoningRoundTrip, string, string> RequestValues => new()
    {
        { GreenPTReasoningRoundTrip.Always, GreenPTReasoningRoundTrip.Never, ToolCallTurnWithReasoning, AnswerWithReasoning },
        { "always", GreenPTReasoningRoundTrip.Never, ToolCallTurnWithReasoning, AnswerWithReasoning },
        { "Never", GreenPTReasoningRoundTrip.Always, ToolCallTurnWithoutReasoning, AnswerWithoutReasoning },
        { "tool_call_turns", GreenPTReasoningRoundTrip.Always, ToolCallTurnWithReasoning, AnswerWithoutReasoning },
        { JsonSerializer.SerializeToElement("never"), GreenPTReasoningRoundTrip.Always, ToolCallTurnWithoutReasoning, AnswerWithoutReasoning },
    };

    [Theory]
    [MemberData(nameof(RequestValues))]
    public async Task RequestProperty_OverridesTheClientSetting(object value, GreenPTReasoningRoundTrip clientSetting, string toolCallTurn, string answerTurn)
    {
        var options = new ChatOptions { AdditionalProperties = new() { [GreenPTPropertyNames.ReasoningRoundTrip] = value } };
        JsonAssert.Equal(ExpectedHistory(toolCallTurn, answerTurn), await BodyAsync(ToolLoopHistory(), options, o => o.ReasoningRoundTrip = clientSetting));
    }

    [Theory]
    [InlineData("sometimes")]
    [InlineData("")]
    [InlineData(7)]
    public async Task RequestProperty_Invalid_IsRefusedNamingTheKey(object value)
    {
        var options = new ChatOptions { AdditionalProperties = new() { [GreenPTPropertyNames.ReasoningRoundTrip] = value is 7 ? (GreenPTReasoningRoundTrip)7 : value } };

        var refused = await Assert.ThrowsAsync<ArgumentException>("options", () => BodyAsync(ToolLoopHistory(), options));

        Assert.Contains(GreenPTPropertyNames.ReasoningRoundTrip, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Automatic_ForAModelKnownNotToTakeReasoningBack_SendsNone()
    {
        JsonArray sent = SentMessages(await BodyAsync(ToolLoopHistory(), new ChatOptions { ModelId = "green-l" }));

        Assert.DoesNotContain(sent, m => m!["reasoning_content"] is not null);
    }

    [Fact]
    public async Task Automatic_ForAModelNobodyKnows_SendsItOnToolCallTurns()
    {
        JsonArray sent = SentMessages(await BodyAsync(ToolLoopHistory(), new ChatOptions { ModelId = "some-new-model" }));

        Assert.Equal("I should call the tool.", sent[1]!["reasoning_content"]!.GetValue<string>());
        Assert.Null(sent[3]!["reasoning_content"]);
    }

    [Fact]
    public async Task ReasoningOfOtherRoles_IsNeverSent()
    {
        ChatMessage[] messages = [new(ChatRole.User, [new TextReasoningContent("user thoughts"), new TextContent("Hi")])];

        string body = await BodyAsync(messages, configure: o => o.ReasoningRoundTrip = GreenPTReasoningRoundTrip.Always);

        JsonAssert.Equal("""{"model":"gemma4","messages":[{"role":"user","content":"Hi"}]}""", body);
    }

    // ---- portable efforts, mapped to what each model accepts

    /// <summary>
    /// What each portable effort becomes, per effort set of the built-in table, written out by hand from the documented sets
    /// (greenpt-api.md section 2): <c>None</c> where <c>none</c> is refused is the lowest level; a thinking level where it is missing is
    /// the nearest thinking level, the higher on a tie.
    /// </summary>
    private static readonly Dictionary<string, Dictionary<ReasoningEffort, string>> ExpectedBySet = new()
    {
        ["none|minimal|low|medium|high"] = new()
        {
            [ReasoningEffort.None] = "none", [ReasoningEffort.Low] = "low", [ReasoningEffort.Medium] = "medium", [ReasoningEffort.High] = "high", [ReasoningEffort.ExtraHigh] = "high",
        },
        ["low|medium|high"] = new()
        {
            [ReasoningEffort.None] = "low", [ReasoningEffort.Low] = "low", [ReasoningEffort.Medium] = "medium", [ReasoningEffort.High] = "high", [ReasoningEffort.ExtraHigh] = "high",
        },
        ["none|high"] = new()
        {
            [ReasoningEffort.None] = "none", [ReasoningEffort.Low] = "high", [ReasoningEffort.Medium] = "high", [ReasoningEffort.High] = "high", [ReasoningEffort.ExtraHigh] = "high",
        },
    };

    public static TheoryData<string, ReasoningEffort> EveryModelAndEffort()
    {
        var data = new TheoryData<string, ReasoningEffort>();
        foreach (string model in GreenPTModelCatalog.BuiltInCapabilities.Keys.Order(StringComparer.Ordinal))
        {
            foreach (ReasoningEffort effort in Enum.GetValues<ReasoningEffort>())
            {
                data.Add(model, effort);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryModelAndEffort))]
    public async Task PortableEffort_IsSentAsTheNearestValueTheModelAccepts(string model, ReasoningEffort effort)
    {
        GreenPTModelCapabilities capabilities = GreenPTModelCatalog.BuiltInCapabilities[model];
        string expected = capabilities.ReasoningEffortValues is { } set
            ? Assert.Contains(string.Join("|", set), ExpectedBySet)[effort] // a new effort set in the table needs its expectations written here
            : ChatRequestMapper.ToWireEffort(effort)!; // nothing known: as MEAI's effort maps without a catalog

        string body = await BodyAsync([new(ChatRole.User, "Hi")], new ChatOptions { ModelId = model, Reasoning = new() { Effort = effort } });

        JsonAssert.Equal($$"""{"model":"{{model}}","messages":[{"role":"user","content":"Hi"}],"reasoning_effort":"{{expected}}"}""", body);
    }

    [Theory]
    [InlineData("green-r", "none")]
    [InlineData("mistral-medium-3.5-128b", "low")]
    [InlineData("green-r", "made-up")]
    public async Task VerbatimEffort_IsSentAsItIs_WhateverTheModelAccepts(string model, string effort)
    {
        foreach (string key in new[] { GreenPTPropertyNames.ReasoningEffort, GreenPTPropertyNames.OpenAIReasoningEffort })
        {
            var options = new ChatOptions { ModelId = model, Reasoning = new() { Effort = ReasoningEffort.High }, AdditionalProperties = new() { [key] = effort } };

            Assert.Equal(effort, JsonNode.Parse(await BodyAsync([new(ChatRole.User, "Hi")], options))!["reasoning_effort"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task ClientDefaultEffort_IsSentVerbatim()
    {
        string body = await BodyAsync([new(ChatRole.User, "Hi")], new ChatOptions { ModelId = "green-r" }, o => o.DefaultReasoningEffort = "none");

        Assert.Equal("none", JsonNode.Parse(body)!["reasoning_effort"]!.GetValue<string>());
    }

    [Fact]
    public async Task Override_ReplacesTheBuiltInEffortValues()
    {
        var options = new ChatOptions { ModelId = "gemma4", Reasoning = new() { Effort = ReasoningEffort.Medium } };

        string body = await BodyAsync([new(ChatRole.User, "Hi")], options, o => o.ModelCapabilities["GEMMA4"] = new() { ReasoningEffortValues = ["none", "high"] });

        Assert.Equal("high", JsonNode.Parse(body)!["reasoning_effort"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(new[] { "none" }, "low", "none")]
    [InlineData(new[] { "minimal", "high" }, "none", "minimal")]
    [InlineData(new[] { "low", "high" }, "medium", "high")]
    [InlineData(new[] { "on", "off" }, "medium", "medium")]
    public void NearestAcceptedEffort_OnUnusualSets(string[] accepted, string wanted, string expected) =>
        Assert.Equal(expected, ChatRequestMapper.NearestAcceptedEffort(wanted, accepted));

    [Fact]
    public void NearestAcceptedEffort_ComparesWithoutRegardToCase_AndAnswersInTheModelsSpelling()
    {
        Assert.Equal("Low", ChatRequestMapper.NearestAcceptedEffort("low", ["Low", "High"]));
        Assert.Equal("Low", ChatRequestMapper.NearestAcceptedEffort("none", ["Low", "High"]));
        Assert.Equal("High", ChatRequestMapper.NearestAcceptedEffort("medium", ["Low", "High"]));
    }

    [Fact]
    public async Task Automatic_ForAModelAnOverrideSaysDoesNotReason_SendsNone()
    {
        JsonArray sent = SentMessages(await BodyAsync(
            ToolLoopHistory(), new ChatOptions { ModelId = "plain" }, o => o.ModelCapabilities["plain"] = new() { Reasoning = false }));

        Assert.DoesNotContain(sent, m => m!["reasoning_content"] is not null);
    }

    [Fact]
    public void Capabilities_WithEqualEffortListsFromSeparateArrays_AreEqual()
    {
        var a = new GreenPTModelCapabilities { ReasoningEffortValues = ["low", "high"], Vision = true };
        var b = new GreenPTModelCapabilities { ReasoningEffortValues = new List<string> { "low", "high" }, Vision = true };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { ReasoningEffortValues = ["high", "low"] });
        Assert.NotEqual(a, b with { Vision = null });
    }

    [Fact]
    public void Options_Clone_OfACaseSensitiveOverrideTable_WithKeysDifferingInCase_KeepsTheLast()
    {
        var options = new GreenPTClientOptions
        {
            ApiKey = "k",
            ModelCapabilities = new Dictionary<string, GreenPTModelCapabilities>(StringComparer.Ordinal) { ["M"] = new() { Vision = true }, ["m"] = new() { Vision = false } },
        };

        GreenPTClientOptions copy = options.Clone();

        Assert.False(Assert.Single(copy.ModelCapabilities).Value.Vision);
        Assert.Contains("ModelCapabilities", Assert.Throws<ArgumentException>(new GreenPTClientOptions { ApiKey = "k", ModelCapabilities = null! }.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltInTable_CannotBeChangedThroughItsLists()
    {
        IReadOnlyList<string> efforts = GreenPTModelCatalog.BuiltInCapabilities["gemma4"].ReasoningEffortValues!;

        Assert.False(efforts is string[]);
        Assert.Throws<NotSupportedException>(() => ((IList<string>)efforts)[0] = "x");
    }

    // ---- content and tools a model cannot take

    [Theory]
    [InlineData("green-r", true)]
    [InlineData("gemma4", false)]
    [InlineData("some-new-model", false)]
    public async Task Image_ForATextOnlyModel_IsRefusedBeforeSending(string model, bool refused)
    {
        ChatMessage[] messages = [new(ChatRole.User, [new TextContent("What is it?"), new UriContent("https://example.test/cat.png", "image/png")])];
        Task send = BodyAsync(messages, new ChatOptions { ModelId = model });

        if (refused)
        {
            var ex = await Assert.ThrowsAsync<NotSupportedException>(() => send);
            Assert.Contains("messages[0] (user)", ex.Message, StringComparison.Ordinal);
            Assert.Contains($"'{model}'", ex.Message, StringComparison.Ordinal);
            Assert.Contains("image/png", ex.Message, StringComparison.Ordinal);
        }
        else
        {
            await send;
        }
    }

    [Fact]
    public async Task Tools_ForAModelThatCallsNone_AreRefusedBeforeSending()
    {
        var options = new ChatOptions { ModelId = "m", Tools = [AIFunctionFactory.Create(() => 1, "one")] };

        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => BodyAsync([new(ChatRole.User, "Hi")], options, o => o.ModelCapabilities["m"] = new() { ToolCalling = false }));

        Assert.Contains("'m'", ex.Message, StringComparison.Ordinal);
    }

    // ---- ChatOptions members the wire has no place for

    [Fact]
    public async Task ConversationIdAndContinuationToken_AreRefused()
    {
        await Assert.ThrowsAsync<NotSupportedException>(() => BodyAsync([new(ChatRole.User, "Hi")], new ChatOptions { ConversationId = "c" }));
        var token = new ChatOptions { ContinuationToken = ResponseContinuationToken.FromBytes(new byte[] { 1 }) };
        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => BodyAsync([new(ChatRole.User, "Hi")], token));
        Assert.Contains("ContinuationToken", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RawRepresentationFactory_ReturningFields_AddsThemToTheBody_UnderTheExtraBody()
    {
        var options = new ChatOptions
        {
            RawRepresentationFactory = client => new JsonObject { ["top_k"] = 5, ["think"] = false },
            AdditionalProperties = new() { [GreenPTPropertyNames.ExtraBody] = new Dictionary<string, object?> { ["think"] = true } },
        };

        string body = await BodyAsync([new(ChatRole.User, "Hi")], options);

        JsonAssert.Equal("""{"model":"gemma4","messages":[{"role":"user","content":"Hi"}],"top_k":5,"think":true}""", body);
    }

    [Fact]
    public async Task RawRepresentationFactory_ReturningAnUnknownType_IsRefused()
    {
        var options = new ChatOptions { RawRepresentationFactory = client => new Uri("https://example.test") };

        var ex = await Assert.ThrowsAsync<ArgumentException>("options", () => BodyAsync([new(ChatRole.User, "Hi")], options));

        Assert.Contains("RawRepresentationFactory", ex.Message, StringComparison.Ordinal);
    }

    // ---- the table and the kinds

    [Theory]
    [InlineData("bge-m3", GreenPTModelKind.Embedding)]
    [InlineData("bge-reranker-v2-m3", GreenPTModelKind.Rerank)]
    [InlineData("mistral-ocr-2505", GreenPTModelKind.Ocr)]
    [InlineData("deepseek-ocr", GreenPTModelKind.Ocr)]
    [InlineData("qwen3-embedding-8b", GreenPTModelKind.Embedding)]
    [InlineData("green-s", GreenPTModelKind.SpeechToText)]
    [InlineData("GREEN-R", GreenPTModelKind.Chat)]
    public void KindOf_KnowsNonChatIds(string id, GreenPTModelKind kind) => Assert.Equal(kind, GreenPTModelInfo.KindOf(id));

    [Fact]
    public void BuiltInTable_HoldsTheDocumentedFacts()
    {
        IReadOnlyDictionary<string, GreenPTModelCapabilities> table = GreenPTModelCatalog.BuiltInCapabilities;

        Assert.Equal(["low", "medium", "high"], table["green-r"].ReasoningEffortValues);
        Assert.Equal(["none", "high"], table["mistral-medium-3.5-128b"].ReasoningEffortValues);
        Assert.Equal(262_144, table["gemma4"].ContextTokens);
        Assert.True(table["gemma4"].Vision);
        Assert.True(table["green-l"].IgnoresSystemMessages);
        Assert.Equal((32, 2_560), (table["green-embedding"].MinEmbeddingDimensions, table["green-embedding"].MaxEmbeddingDimensions));
        Assert.All(["caveman", "honey-lite", "ponytail-ultra"], variant => Assert.Equal(5, table[$"glm-5.2-{variant}"].ReasoningEffortValues!.Count));
        Assert.All(table.Values, c => Assert.False(string.IsNullOrEmpty(c.Source)));
    }

    [Fact]
    public void Capabilities_Merge_TakesEveryKnownFactOfTheNewer()
    {
        GreenPTModelCapabilities merged = GreenPTModelCatalog.BuiltInCapabilities["green-r"].MergedWith(new() { Vision = true, ContextTokens = 8, Source = "override" });

        Assert.True(merged.Vision);
        Assert.Equal(8, merged.ContextTokens);
        Assert.Equal(["low", "medium", "high"], merged.ReasoningEffortValues);
        Assert.EndsWith("; override", merged.Source, StringComparison.Ordinal);
        Assert.Contains("reasoning_effort low|medium|high", merged.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Validate_NamesABadCapabilityOverride_AndCloneCopiesTheTable()
    {
        var options = new GreenPTClientOptions { ApiKey = "k" };
        options.ModelCapabilities["m"] = new() { ReasoningEffortValues = ["low", " "] };

        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("ModelCapabilities has an entry 'm' whose ReasoningEffortValues holds an empty value", ex.Message, StringComparison.Ordinal);

        GreenPTClientOptions copy = options.Clone();
        copy.ModelCapabilities.Clear();
        Assert.Single(options.ModelCapabilities);
        Assert.Throws<ArgumentException>(() => new GreenPTClientOptions { ApiKey = "k", ReasoningRoundTrip = (GreenPTReasoningRoundTrip)9 }.Validate());
    }

    private static string WithStream(string json, bool streaming)
    {
        JsonNode node = JsonNode.Parse(json)!;
        if (streaming)
        {
            node["stream"] = true;
            node["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        return node.ToJsonString();
    }
}
