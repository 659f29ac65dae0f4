using System.Text.Json;
using System.Text.Json.Nodes;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Mapping;

/// <summary>
/// The exact request body for every option and content kind, compared as parsed JSON. Each case runs twice:
/// non-streaming, and streaming (which adds <c>stream</c> and <c>stream_options.include_usage</c>).
/// </summary>
public sealed class ChatRequestMapperTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "Hello")];

    private static async Task AssertRequestAsync(
        bool streaming, string expected, IEnumerable<ChatMessage> messages, ChatOptions? options = null, Action<GreenPTClientOptions>? configure = null)
    {
        string body = await TestClients.CaptureRequestBodyAsync(messages, options, streaming, configure);
        JsonNode expectedNode = JsonNode.Parse(expected)!;
        if (streaming)
        {
            expectedNode["stream"] = true;
            expectedNode["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        JsonAssert.Equal(expectedNode.ToJsonString(), body);
    }

    // ---- model and basic messages

    private const string BasicExpected = """{"model":"gemma4","messages":[{"role":"user","content":"Hello"}]}""";

    [Fact] public Task Basic_NonStreaming() => AssertRequestAsync(false, BasicExpected, Hello);

    [Fact] public Task Basic_Streaming() => AssertRequestAsync(true, BasicExpected, Hello);

    [Fact] public Task NullOptions_NonStreaming() => AssertRequestAsync(false, BasicExpected, Hello, options: null);

    [Fact] public Task NullOptions_Streaming() => AssertRequestAsync(true, BasicExpected, Hello, options: null);

    private const string ModelExpected = """{"model":"green-l-raw","messages":[{"role":"user","content":"Hello"}]}""";

    [Fact] public Task ModelIdOverridesDefault_NonStreaming() => AssertRequestAsync(false, ModelExpected, Hello, new() { ModelId = "green-l-raw" });

    [Fact] public Task ModelIdOverridesDefault_Streaming() => AssertRequestAsync(true, ModelExpected, Hello, new() { ModelId = "green-l-raw" });

    [Fact]
    public Task ClientDefaultModel_NonStreaming() =>
        AssertRequestAsync(false, """{"model":"green-r","messages":[{"role":"user","content":"Hello"}]}""", Hello, configure: o => o.DefaultModelId = "green-r");

    [Fact]
    public Task ClientDefaultModel_Streaming() =>
        AssertRequestAsync(true, """{"model":"green-r","messages":[{"role":"user","content":"Hello"}]}""", Hello, configure: o => o.DefaultModelId = "green-r");

    // ---- sampling and limits

    private static ChatOptions Sampling() => new()
    {
        Temperature = 0.5f,
        TopP = 0.25f,
        TopK = 40,
        MaxOutputTokens = 256,
        StopSequences = ["END", "STOP"],
        Seed = 7,
        FrequencyPenalty = 0.5f,
        PresencePenalty = 1.5f,
    };

    private const string SamplingExpected = """
        {"model":"gemma4","messages":[{"role":"user","content":"Hello"}],
         "temperature":0.5,"top_p":0.25,"top_k":40,"max_tokens":256,"stop":["END","STOP"],"seed":7,
         "frequency_penalty":0.5,"presence_penalty":1.5}
        """;

    [Fact] public Task SamplingOptions_NonStreaming() => AssertRequestAsync(false, SamplingExpected, Hello, Sampling());

    [Fact] public Task SamplingOptions_Streaming() => AssertRequestAsync(true, SamplingExpected, Hello, Sampling());

    // ---- response format

    private static readonly JsonElement PersonSchema = JsonDocument.Parse("""{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""").RootElement;

    public static TheoryData<string, string> ResponseFormats => new()
    {
        { "text", """{"type":"text"}""" },
        { "json", """{"type":"json_object"}""" },
        { "schema", """{"type":"json_schema","json_schema":{"name":"person","description":"A person.","schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}""" },
    };

    private static ChatResponseFormat Format(string kind) => kind switch
    {
        "text" => ChatResponseFormat.Text,
        "json" => ChatResponseFormat.Json,
        _ => ChatResponseFormat.ForJsonSchema(PersonSchema, "person", "A person."),
    };

    private static string WithFormat(string format) => $$"""{"model":"gemma4","messages":[{"role":"user","content":"Hello"}],"response_format":{{format}}}""";

    [Theory, MemberData(nameof(ResponseFormats))]
    public Task ResponseFormat_NonStreaming(string kind, string expected) => AssertRequestAsync(false, WithFormat(expected), Hello, new() { ResponseFormat = Format(kind) });

    [Theory, MemberData(nameof(ResponseFormats))]
    public Task ResponseFormat_Streaming(string kind, string expected) => AssertRequestAsync(true, WithFormat(expected), Hello, new() { ResponseFormat = Format(kind) });

    // ---- tools

    private static readonly AIFunction Weather = AIFunctionFactory.Create(
        (string city, int days) => $"Sunny in {city} for {days} days", "get_weather", "Gets the weather.");

    public static TheoryData<string, string> ToolModes => new()
    {
        { "auto", "\"auto\"" },
        { "none", "\"none\"" },
        { "required", "\"required\"" },
        { "specific", """{"type":"function","function":{"name":"get_weather"}}""" },
    };

    private static ChatToolMode Mode(string kind) => kind switch
    {
        "auto" => ChatToolMode.Auto,
        "none" => ChatToolMode.None,
        "required" => ChatToolMode.RequireAny,
        _ => ChatToolMode.RequireSpecific("get_weather"),
    };

    private static string WithTools(string toolChoice) => $$$"""
        {"model":"gemma4","messages":[{"role":"user","content":"Hello"}],
         "tools":[{"type":"function","function":{"name":"get_weather","description":"Gets the weather.","parameters":{{{Weather.JsonSchema.GetRawText()}}}}}],
         "tool_choice":{{{toolChoice}}},"parallel_tool_calls":false}
        """;

    [Theory, MemberData(nameof(ToolModes))]
    public Task Tools_NonStreaming(string mode, string expected) =>
        AssertRequestAsync(false, WithTools(expected), Hello, new() { Tools = [Weather], ToolMode = Mode(mode), AllowMultipleToolCalls = false });

    [Theory, MemberData(nameof(ToolModes))]
    public Task Tools_Streaming(string mode, string expected) =>
        AssertRequestAsync(true, WithTools(expected), Hello, new() { Tools = [Weather], ToolMode = Mode(mode), AllowMultipleToolCalls = false });

    [Fact]
    public Task ToolModeWithoutTools_SendsNoToolFields_NonStreaming() =>
        AssertRequestAsync(false, BasicExpected, Hello, new() { ToolMode = ChatToolMode.RequireAny, AllowMultipleToolCalls = true, Tools = [] });

    [Fact]
    public Task ToolModeWithoutTools_SendsNoToolFields_Streaming() =>
        AssertRequestAsync(true, BasicExpected, Hello, new() { ToolMode = ChatToolMode.RequireAny, AllowMultipleToolCalls = true, Tools = [] });

    [Fact]
    public async Task NonFunctionTool_IsRejected_NonStreaming()
    {
        var ex = await Assert.ThrowsAsync<NotSupportedException>(() =>
            TestClients.CaptureRequestBodyAsync(Hello, new() { Tools = [new HostedWebSearchTool()] }, streaming: false));
        Assert.Contains("HostedWebSearchTool", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonFunctionTool_IsRejected_Streaming()
    {
        var ex = await Assert.ThrowsAsync<NotSupportedException>(() =>
            TestClients.CaptureRequestBodyAsync(Hello, new() { Tools = [new HostedWebSearchTool()] }, streaming: true));
        Assert.Contains("HostedWebSearchTool", ex.Message, StringComparison.Ordinal);
    }

    // ---- instructions

    private const string InstructionsExpected = """
        {"model":"gemma4","messages":[{"role":"system","content":"Be brief."},{"role":"system","content":"You are kind."},{"role":"user","content":"Hello"}]}
        """;

    private static readonly ChatMessage[] WithSystem = [new(ChatRole.System, "You are kind."), new(ChatRole.User, "Hello")];

    [Fact] public Task InstructionsLeadTheMessages_NonStreaming() => AssertRequestAsync(false, InstructionsExpected, WithSystem, new() { Instructions = "Be brief." });

    [Fact] public Task InstructionsLeadTheMessages_Streaming() => AssertRequestAsync(true, InstructionsExpected, WithSystem, new() { Instructions = "Be brief." });

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\n\t ")]
    public Task BlankInstructions_AddNoSystemMessage(string blank) => AssertRequestAsync(
        false, """{"model":"gemma4","messages":[{"role":"system","content":"You are kind."},{"role":"user","content":"Hello"}]}""", WithSystem, new() { Instructions = blank });

    // ---- reasoning effort

    public static TheoryData<ReasoningEffort, string> Efforts => new()
    {
        { ReasoningEffort.None, "none" },
        { ReasoningEffort.Low, "low" },
        { ReasoningEffort.Medium, "medium" },
        { ReasoningEffort.High, "high" },
        { ReasoningEffort.ExtraHigh, "high" },
    };

    private static string WithEffort(string effort) => $$"""{"model":"gemma4","messages":[{"role":"user","content":"Hello"}],"reasoning_effort":"{{effort}}"}""";

    [Theory, MemberData(nameof(Efforts))]
    public Task ReasoningEffort_NonStreaming(ReasoningEffort effort, string wire) =>
        AssertRequestAsync(false, WithEffort(wire), Hello, new() { Reasoning = new() { Effort = effort } });

    [Theory, MemberData(nameof(Efforts))]
    public Task ReasoningEffort_Streaming(ReasoningEffort effort, string wire) =>
        AssertRequestAsync(true, WithEffort(wire), Hello, new() { Reasoning = new() { Effort = effort } });

    public static TheoryData<string, object> EffortOverrides => new()
    {
        { "reasoning_effort", "minimal" },
        { "reasoning_effort", JsonSerializer.SerializeToElement("minimal") },
        { "greenpt.reasoning_effort", "minimal" },
        { "greenpt.reasoning_effort", JsonSerializer.SerializeToElement("minimal") },
    };

    private static ChatOptions EffortOverride(string key, object value) =>
        new() { Reasoning = new() { Effort = ReasoningEffort.High }, AdditionalProperties = new() { [key] = value } };

    [Theory, MemberData(nameof(EffortOverrides))]
    public Task ReasoningEffortProperty_OverridesOptions_NonStreaming(string key, object value) =>
        AssertRequestAsync(false, WithEffort("minimal"), Hello, EffortOverride(key, value), o => o.DefaultReasoningEffort = "none");

    [Theory, MemberData(nameof(EffortOverrides))]
    public Task ReasoningEffortProperty_OverridesOptions_Streaming(string key, object value) =>
        AssertRequestAsync(true, WithEffort("minimal"), Hello, EffortOverride(key, value), o => o.DefaultReasoningEffort = "none");

    private static ChatOptions BothKeys() => new() { AdditionalProperties = new() { ["reasoning_effort"] = "low", ["greenpt.reasoning_effort"] = "none" } };

    [Fact] public Task GreenPTKey_WinsOverPlainKey_NonStreaming() => AssertRequestAsync(false, WithEffort("none"), Hello, BothKeys());

    [Fact] public Task GreenPTKey_WinsOverPlainKey_Streaming() => AssertRequestAsync(true, WithEffort("none"), Hello, BothKeys());

    [Fact] public Task ClientDefaultEffort_AppliesWhenNobodySaid_NonStreaming() => AssertRequestAsync(false, WithEffort("none"), Hello, null, o => o.DefaultReasoningEffort = "none");

    [Fact] public Task ClientDefaultEffort_AppliesWhenNobodySaid_Streaming() => AssertRequestAsync(true, WithEffort("none"), Hello, null, o => o.DefaultReasoningEffort = "none");

    [Fact] public Task NoEffort_WhenNobodySaid_NonStreaming() => AssertRequestAsync(false, BasicExpected, Hello, new() { Reasoning = new() });

    [Fact] public Task NoEffort_WhenNobodySaid_Streaming() => AssertRequestAsync(true, BasicExpected, Hello, new() { Reasoning = new() });

    // ---- roles, authors

    private static readonly ChatMessage[] AllRoles =
    [
        new(ChatRole.System, "sys"),
        new(ChatRole.User, "hi") { AuthorName = "ana" },
        new(ChatRole.Assistant, "hello"),
        new(new ChatRole("critic"), "meh"),
    ];

    private const string RolesExpected = """
        {"model":"gemma4","messages":[
          {"role":"system","content":"sys"},{"role":"user","content":"hi","name":"ana"},
          {"role":"assistant","content":"hello"},{"role":"critic","content":"meh"}]}
        """;

    [Fact] public Task RolesAndCustomRoleVerbatim_NonStreaming() => AssertRequestAsync(false, RolesExpected, AllRoles);

    [Fact] public Task RolesAndCustomRoleVerbatim_Streaming() => AssertRequestAsync(true, RolesExpected, AllRoles);

    // ---- text and images

    private static readonly ChatMessage[] Images =
    [
        new(ChatRole.User,
        [
            new TextContent("What is in "),
            new TextContent("these pictures?"),
            new DataContent(new byte[] { 1, 2, 3 }, "image/png"),
            new UriContent("https://example.com/cat.jpg", "image/jpeg"),
        ]),
    ];

    private const string ImagesExpected = """
        {"model":"gemma4","messages":[{"role":"user","content":[
          {"type":"text","text":"What is in "},{"type":"text","text":"these pictures?"},
          {"type":"image_url","image_url":{"url":"data:image/png;base64,AQID"}},
          {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}
        """;

    [Fact] public Task ImagesAsContentParts_NonStreaming() => AssertRequestAsync(false, ImagesExpected, Images);

    [Fact] public Task ImagesAsContentParts_Streaming() => AssertRequestAsync(true, ImagesExpected, Images);

    private static readonly ChatMessage[] SplitText = [new(ChatRole.User, [new TextContent("Hel"), new TextContent("lo")])];

    [Fact] public Task SeveralTextsWithoutImages_JoinIntoOneString_NonStreaming() => AssertRequestAsync(false, BasicExpected, SplitText);

    [Fact] public Task SeveralTextsWithoutImages_JoinIntoOneString_Streaming() => AssertRequestAsync(true, BasicExpected, SplitText);

    // ---- tool calls and results

    private static readonly ChatMessage[] ToolLoop =
    [
        new(ChatRole.User, "Weather in Paris and Rome?"),
        new(ChatRole.Assistant,
        [
            new TextContent("Checking."),
            new FunctionCallContent("abcDEF123", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris", ["days"] = 2 }),
            new FunctionCallContent("xyzXYZ789", "get_weather", new Dictionary<string, object?> { ["city"] = "Rome" }),
        ]),
        new(ChatRole.Tool,
        [
            new FunctionResultContent("abcDEF123", "Sunny"),
            new FunctionResultContent("xyzXYZ789", JsonSerializer.SerializeToElement(new Dictionary<string, int> { ["temp"] = 21 })),
        ]),
    ];

    private const string ToolLoopExpected = """
        {"model":"gemma4","messages":[
          {"role":"user","content":"Weather in Paris and Rome?"},
          {"role":"assistant","content":"Checking.","tool_calls":[
            {"id":"abcDEF123","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\",\"days\":2}"}},
            {"id":"xyzXYZ789","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]},
          {"role":"tool","tool_call_id":"abcDEF123","content":"Sunny"},
          {"role":"tool","tool_call_id":"xyzXYZ789","content":"{\"temp\":21}"}]}
        """;

    [Fact] public Task ToolCallsAndEachResultAsOwnToolMessage_NonStreaming() => AssertRequestAsync(false, ToolLoopExpected, ToolLoop);

    [Fact] public Task ToolCallsAndEachResultAsOwnToolMessage_Streaming() => AssertRequestAsync(true, ToolLoopExpected, ToolLoop);

    private static readonly ChatMessage[] CallOnly =
    [
        new(ChatRole.Assistant, [new FunctionCallContent("abcDEF123", "now")]),
        new(ChatRole.Tool, [new FunctionResultContent("abcDEF123", null) { Exception = new InvalidOperationException("clock broke") }]),
    ];

    private const string CallOnlyExpected = """
        {"model":"gemma4","messages":[
          {"role":"assistant","tool_calls":[{"id":"abcDEF123","type":"function","function":{"name":"now","arguments":"{}"}}]},
          {"role":"tool","tool_call_id":"abcDEF123","content":"Error: clock broke"}]}
        """;

    [Fact] public Task CallWithoutTextOrArguments_AndFailedResult_NonStreaming() => AssertRequestAsync(false, CallOnlyExpected, CallOnly);

    [Fact] public Task CallWithoutTextOrArguments_AndFailedResult_Streaming() => AssertRequestAsync(true, CallOnlyExpected, CallOnly);

    private static readonly ChatMessage[] ForeignIds =
    [
        new(ChatRole.Assistant, [new FunctionCallContent("call_7d1f0a9c2b3e4d5f", "now"), new FunctionCallContent("toolu_01A", "now")]),
        new(ChatRole.Tool, [new FunctionResultContent("call_7d1f0a9c2b3e4d5f", "noon"), new FunctionResultContent("toolu_01A", "midnight")]),
    ];

    private static async Task AssertForeignIdsMappedAsync(bool streaming)
    {
        JsonNode messages = JsonNode.Parse(await TestClients.CaptureRequestBodyAsync(ForeignIds, null, streaming))!["messages"]!;
        string first = messages[0]!["tool_calls"]![0]!["id"]!.GetValue<string>();
        string second = messages[0]!["tool_calls"]![1]!["id"]!.GetValue<string>();
        Assert.Matches("^[A-Za-z0-9]{9}$", first);
        Assert.Matches("^[A-Za-z0-9]{9}$", second);
        Assert.NotEqual(first, second);
        Assert.Equal(first, messages[1]!["tool_call_id"]!.GetValue<string>());
        Assert.Equal(second, messages[2]!["tool_call_id"]!.GetValue<string>());
        Assert.Equal(first, GreenPT.AI.Mapping.ToolCallIds.ToWire("call_7d1f0a9c2b3e4d5f"));
    }

    [Fact] public Task ForeignToolCallIds_AreMappedConsistentlyToNineAlphanumerics_NonStreaming() => AssertForeignIdsMappedAsync(false);

    [Fact] public Task ForeignToolCallIds_AreMappedConsistentlyToNineAlphanumerics_Streaming() => AssertForeignIdsMappedAsync(true);

    // ---- what earlier turns carry that the wire does not take

    private static ChatMessage[] HistoryWithMetadata() =>
    [
        new(ChatRole.User, "Hello") { AdditionalProperties = new() { ["impact"] = "x", ["sk.metadata"] = 1 }, RawRepresentation = new object(), MessageId = "m1" },
        new(ChatRole.Assistant, [new TextReasoningContent("thinking"), new TextContent("Hi!"), new UsageContent(new UsageDetails { InputTokenCount = 3 })])
        {
            AdditionalProperties = new() { ["impact"] = new GreenPTImpact() },
            RawRepresentation = "old raw",
        },
    ];

    private const string HistoryExpected = """
        {"model":"gemma4","messages":[{"role":"user","content":"Hello"},{"role":"assistant","content":"Hi!"}]}
        """;

    [Fact] public Task MetadataReasoningAndRawFromEarlierTurnsAreNotSent_NonStreaming() => AssertRequestAsync(false, HistoryExpected, HistoryWithMetadata());

    [Fact] public Task MetadataReasoningAndRawFromEarlierTurnsAreNotSent_Streaming() => AssertRequestAsync(true, HistoryExpected, HistoryWithMetadata());

    public static TheoryData<string> UnsupportedContents => new() { "pdf", "audio-uri", "hosted-file", "error" };

    private static AIContent Unsupported(string kind) => kind switch
    {
        "pdf" => new DataContent(new byte[] { 1 }, "application/pdf"),
        "audio-uri" => new UriContent("https://example.com/a.mp3", "audio/mpeg"),
        "hosted-file" => new HostedFileContent("file-1"),
        _ => new ErrorContent("boom"),
    };

    [Theory, MemberData(nameof(UnsupportedContents))]
    public async Task UnsupportedContent_IsRejectedNamingIt_NonStreaming(string kind) => await AssertRejectedAsync(kind, streaming: false);

    [Theory, MemberData(nameof(UnsupportedContents))]
    public async Task UnsupportedContent_IsRejectedNamingIt_Streaming(string kind) => await AssertRejectedAsync(kind, streaming: true);

    private static async Task AssertRejectedAsync(string kind, bool streaming)
    {
        AIContent content = Unsupported(kind);
        ChatMessage[] messages = [new(ChatRole.User, "first"), new(ChatRole.User, [new TextContent("see"), content])];
        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => TestClients.CaptureRequestBodyAsync(messages, null, streaming));
        Assert.Contains("messages[1]", ex.Message, StringComparison.Ordinal);
        Assert.Contains(content is DataContent d ? d.MediaType : content is UriContent u ? u.MediaType : content.GetType().Name, ex.Message, StringComparison.Ordinal);
    }

    // ---- Semantic Kernel's unrelated keys and the extra-body escape hatch

    private static ChatOptions SemanticKernelShaped() => new()
    {
        AdditionalProperties = new()
        {
            ["user"] = JsonSerializer.SerializeToElement("u-1"),
            ["logprobs"] = JsonSerializer.SerializeToElement(true),
            ["store"] = false,
            ["metadata"] = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["a"] = "b" }),
        },
    };

    [Fact] public Task UnrelatedAdditionalPropertiesAreNotSent_NonStreaming() => AssertRequestAsync(false, BasicExpected, Hello, SemanticKernelShaped());

    [Fact] public Task UnrelatedAdditionalPropertiesAreNotSent_Streaming() => AssertRequestAsync(true, BasicExpected, Hello, SemanticKernelShaped());

    public static TheoryData<string> ExtraBodyForms => new() { "dictionary", "json-object", "json-element" };

    private static object ExtraBody(string form) => form switch
    {
        "dictionary" => new Dictionary<string, object?>
        {
            ["chat_template_kwargs"] = JsonNode.Parse("""{"enable_thinking":false}"""),
            ["temperature"] = 0.25,
            ["think"] = false,
            ["user"] = "u-1",
        },
        "json-object" => JsonNode.Parse("""{"chat_template_kwargs":{"enable_thinking":false},"temperature":0.25,"think":false,"user":"u-1"}""")!.AsObject(),
        _ => JsonSerializer.SerializeToElement(JsonNode.Parse("""{"chat_template_kwargs":{"enable_thinking":false},"temperature":0.25,"think":false,"user":"u-1"}""")),
    };

    private const string ExtraBodyExpected = """
        {"model":"gemma4","messages":[{"role":"user","content":"Hello"}],
         "chat_template_kwargs":{"enable_thinking":false},"temperature":0.25,"think":false,"user":"u-1"}
        """;

    [Theory, MemberData(nameof(ExtraBodyForms))]
    public Task ExtraBodyFieldsAreWrittenAndReplaceMappedOnes_NonStreaming(string form) =>
        AssertRequestAsync(false, ExtraBodyExpected, Hello, new() { Temperature = 0.9f, AdditionalProperties = new() { [GreenPTPropertyNames.ExtraBody] = ExtraBody(form) } });

    [Theory, MemberData(nameof(ExtraBodyForms))]
    public Task ExtraBodyFieldsAreWrittenAndReplaceMappedOnes_Streaming(string form) =>
        AssertRequestAsync(true, ExtraBodyExpected, Hello, new() { Temperature = 0.9f, AdditionalProperties = new() { [GreenPTPropertyNames.ExtraBody] = ExtraBody(form) } });

    [Fact]
    public async Task ExtraBody_MayNotReplaceMessages()
    {
        var options = new ChatOptions { AdditionalProperties = new() { [GreenPTPropertyNames.ExtraBody] = new Dictionary<string, object?> { ["messages"] = "x" } } };
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => TestClients.CaptureRequestBodyAsync(Hello, options, streaming: false));
        Assert.Contains("'messages'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mapping_DoesNotModifyTheCallersMessagesOrOptions()
    {
        List<ChatMessage> messages = [.. ToolLoop];
        var options = new ChatOptions { Instructions = "Be brief.", Tools = [Weather] };
        await TestClients.CaptureRequestBodyAsync(messages, options, streaming: false);
        Assert.Equal(3, messages.Count);
        Assert.Equal(3, messages[1].Contents.Count);
        Assert.Equal("Be brief.", options.Instructions);
        Assert.Null(options.AdditionalProperties);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task ExtraBodyModel_ReplacesTheModel_WithoutADuplicateKey(bool streaming)
    {
        var options = new ChatOptions { AdditionalProperties = new() { [GreenPTPropertyNames.ExtraBody] = new Dictionary<string, object?> { ["model"] = "green-l" } } };
        string body = await TestClients.CaptureRequestBodyAsync([new ChatMessage(ChatRole.User, "Hi")], options, streaming);

        Assert.Equal(1, CountProperty(body, "model"));
        Assert.Equal("green-l", JsonNode.Parse(body)!["model"]!.GetValue<string>());
    }

    [Theory, InlineData(""), InlineData("  ")]
    public async Task EmptyReasoningEffortAsJsonElement_IsIgnored(string value)
    {
        var options = new ChatOptions
        {
            Reasoning = new() { Effort = ReasoningEffort.Low },
            AdditionalProperties = new() { ["reasoning_effort"] = JsonSerializer.SerializeToElement(value) },
        };
        string body = await TestClients.CaptureRequestBodyAsync([new ChatMessage(ChatRole.User, "Hi")], options, streaming: false);
        Assert.Equal("low", JsonNode.Parse(body)!["reasoning_effort"]!.GetValue<string>());
    }

    [Fact]
    public async Task AuthorNames_AreMadeSafeForTheWire()
    {
        ChatMessage[] messages = [new(ChatRole.Assistant, "hi") { AuthorName = "Travel Agent (EU)" }, new(ChatRole.User, "yo") { AuthorName = "  " }];
        JsonNode sent = JsonNode.Parse(await TestClients.CaptureRequestBodyAsync(messages, null, streaming: false))!["messages"]!;
        Assert.Equal("Travel_Agent__EU_", sent[0]!["name"]!.GetValue<string>());
        Assert.Null(sent[1]!["name"]);
    }

    private static int CountProperty(string json, string name)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        int count = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(name))
            {
                count++;
            }
        }

        return count;
    }
}
