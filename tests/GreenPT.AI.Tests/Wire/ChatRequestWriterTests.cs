using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GreenPT.AI.Http;
using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Wire;

/// <summary>
/// The hand-written <see cref="ChatRequestWriter"/> writes exactly the bytes the source-generated context wrote before it (and still
/// would): the guarantee that replacing it changed nothing on the wire. Every request-body test of the client checks the same through
/// <c>TestClients.CaptureRequestBodyAsync</c>; these add DTOs no mapping builds (nulls, empty lists, odd numbers and text).
/// </summary>
public sealed class ChatRequestWriterTests
{
    /// <summary>The request as the source-generated context writes it, with the options the client used before.</summary>
    internal static byte[] SourceGenerated(ChatCompletionRequest request)
    {
        using PooledJsonBody body = PooledJsonBody.Serialize(request, GreenPTJsonContext.Writer.ChatCompletionRequest);
        return body.Bytes.ToArray();
    }

    internal static byte[] HandWritten(ChatCompletionRequest request)
    {
        using PooledJsonBody body = PooledJsonBody.Write(request, ChatRequestWriter.Write);
        return body.Bytes.ToArray();
    }

    /// <summary>Both writers give the same bytes (compared as text, for a readable failure).</summary>
    internal static void AssertSameBytes(ChatCompletionRequest request)
    {
        byte[] expected = SourceGenerated(request);
        byte[] actual = HandWritten(request);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
    }

    private static readonly JsonElement Schema = JsonDocument.Parse(
        """{"type":"object","properties":{"city":{"type":"string","description":"Zürich \u00e9 \"quoted\" <b>&amp;</b>"}},"required":["city"]}""").RootElement;

    /// <summary>Text that exercises the relaxed encoder: non-ASCII, quotes, HTML characters, controls, line separators, emoji.</summary>
    public static TheoryData<string> OddTexts => new()
    {
        "",
        "plain",
        "Grüße aus Köln: ß, é, ü, 中文, עברית",
        "quotes \" and 'single' and \\backslash\\ and /slash/",
        "<script>alert('x')</script> & &amp; +",
        "controls \u0000 \u0001 \b \f \n \r \t \u001f \u007f",
        "separators \u2028 \u2029 and \u0085 and \u00a0 nbsp and \ufeff bom",
        "emoji 😀👍🏽 and flags 🇳🇱",
        "`backtick` and {braces} and [brackets] and %s %d",
        new string('x', 5000) + "é" + new string('\n', 100),
    };

    [Theory, MemberData(nameof(OddTexts))]
    public void Text_IsEscapedAlike_Everywhere(string text)
    {
        var request = new ChatCompletionRequest
        {
            Model = text,
            Messages =
            [
                new RequestMessage { Role = text, Content = new MessageContent(text), Name = text, ToolCallId = text, ReasoningContent = text },
                new RequestMessage
                {
                    Role = "user",
                    Content = new MessageContent([new ContentPart { Type = "text", Text = text }, new ContentPart { Type = "image_url", ImageUrl = new ImageUrl { Url = text } }]),
                },
                new RequestMessage
                {
                    Role = "assistant",
                    ToolCalls = [new RequestToolCall { Id = text, Type = text, Function = new RequestFunctionCall { Name = text, Arguments = text } }],
                },
            ],
            Stop = [text, text],
            ResponseFormat = new ResponseFormat { Type = text, JsonSchema = new JsonSchemaFormat { Name = text, Description = text, Schema = Schema } },
            Tools = [new RequestTool { Type = text, Function = new RequestFunction { Name = text, Description = text, Parameters = Schema } }],
            ToolChoice = JsonSerializer.SerializeToElement(text),
            ReasoningEffort = text,
            ExtraFields = new() { [text.Length > 0 ? text : "empty-key-stand-in"] = JsonSerializer.SerializeToElement(text) },
        };
        AssertSameBytes(request);
    }

    [Fact]
    public void EmptyRequest_WritesAlike() => AssertSameBytes(new ChatCompletionRequest());

    [Fact]
    public void NullsEverywhere_AreLeftOutAlike()
    {
        var request = new ChatCompletionRequest
        {
            Model = null,
            Messages =
            [
                new RequestMessage { Role = null!, Content = null },
                new RequestMessage { Role = "user", Content = new MessageContent((string)null!) },
                new RequestMessage { Role = "user", Content = new MessageContent((List<ContentPart>)null!) },
                new RequestMessage { Role = "user", Content = new MessageContent([new ContentPart { Type = null!, Text = null, ImageUrl = new ImageUrl { Url = null! } }, null!]) },
                new RequestMessage
                {
                    Role = "assistant",
                    ToolCalls = [new RequestToolCall { Id = null!, Type = null!, Function = null! }, new RequestToolCall { Function = new RequestFunctionCall { Name = null!, Arguments = null! } }, null!],
                },
                null!,
            ],
            Stop = ["a", null!],
            ResponseFormat = new ResponseFormat { Type = null!, JsonSchema = new JsonSchemaFormat { Name = null!, Description = null, Schema = null } },
            Tools = [new RequestTool { Type = null!, Function = null! }, new RequestTool { Function = new RequestFunction { Name = null!, Parameters = null } }, null!],
            ToolChoice = JsonDocument.Parse("null").RootElement,
            ExtraFields = new() { ["n"] = JsonDocument.Parse("null").RootElement },
        };
        AssertSameBytes(request);
    }

    [Fact]
    public void NullMessageList_IsLeftOutAlike() => AssertSameBytes(new ChatCompletionRequest { Model = "m", Messages = null! });

    [Fact]
    public void EmptyLists_AreWrittenAlike() => AssertSameBytes(new ChatCompletionRequest
    {
        Model = "m",
        Messages = [new RequestMessage { Role = "user", Content = new MessageContent([]), ToolCalls = [] }],
        Stop = [],
        Tools = [],
        ExtraFields = [],
    });

    public static TheoryData<float> Floats => new()
    {
        0f, -0f, 0.1f, 0.5f, 0.7f, 0.9f, 1f, 1.5f, 2f, -2f, 1e-7f, 1.17549435E-38f, float.Epsilon, float.MaxValue, float.MinValue, 123456789f, 0.33333334f,
    };

    [Theory, MemberData(nameof(Floats))]
    public void Numbers_AreFormattedAlike(float value) => AssertSameBytes(new ChatCompletionRequest
    {
        Model = "m",
        Temperature = value,
        TopP = value,
        FrequencyPenalty = value,
        PresencePenalty = value,
        TopK = (int)Math.Clamp(value, int.MinValue, int.MaxValue),
        MaxTokens = int.MaxValue,
        Seed = long.MinValue,
        Stream = false,
        StreamOptions = new StreamOptions { IncludeUsage = false },
        ParallelToolCalls = true,
    });

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void NonFiniteNumbers_AreRefusedAlike(float value)
    {
        var request = new ChatCompletionRequest { Model = "m", Temperature = value };
        Exception expected = Assert.ThrowsAny<Exception>(() => SourceGenerated(request));
        Exception actual = Assert.ThrowsAny<Exception>(() => HandWritten(request));
        Assert.Equal(expected.GetType(), actual.GetType());
    }

    [Fact]
    public void LoneSurrogates_AreHandledAlike()
    {
        var request = new ChatCompletionRequest { Model = "half \ud83d emoji", Messages = [new RequestMessage { Role = "user", Content = new MessageContent("\udc00 low") }] };
        Exception? expected = Record.Exception(() => SourceGenerated(request));
        Exception? actual = Record.Exception(() => HandWritten(request));
        Assert.Equal(expected?.GetType(), actual?.GetType());
        if (expected is null)
        {
            AssertSameBytes(request);
        }
    }

    [Fact]
    public void ExtraFields_AreWrittenLastInTheirOrder_Alike()
    {
        var request = new ChatCompletionRequest
        {
            Model = "m",
            Messages = [new RequestMessage { Role = "user", Content = new MessageContent("Hi") }],
            Temperature = 0.5f,
            ExtraFields = new()
            {
                ["z_last"] = JsonDocument.Parse("""{"nested":{"deep":[1,2.50,"x",true,false,null,{"é":"ü"}]},"big":12345678901234567890123}""").RootElement,
                ["chat_template_kwargs"] = JsonDocument.Parse("""{"enable_thinking":false}""").RootElement,
                ["escaped \"key\" é"] = JsonDocument.Parse("\"\\u00e9\\n\\\"x\\\" \\ud83d\\ude00\"").RootElement,
                ["number"] = JsonDocument.Parse("1.0E+2").RootElement,
                ["array"] = JsonDocument.Parse("[]").RootElement,
                ["object"] = JsonDocument.Parse("{}").RootElement,
            },
        };
        AssertSameBytes(request);
    }

    [Fact]
    public void DefaultJsonElement_IsRefusedAlike()
    {
        var request = new ChatCompletionRequest { Model = "m", ToolChoice = default(JsonElement) };
        Exception expected = Assert.ThrowsAny<Exception>(() => SourceGenerated(request));
        Exception actual = Assert.ThrowsAny<Exception>(() => HandWritten(request));
        Assert.Equal(expected.GetType(), actual.GetType());
    }

    /// <summary>Requests the mapper builds from MEAI inputs, streaming and not, including extra body fields replacing mapped ones.</summary>
    public static TheoryData<string> MappedCases => new() { "basic", "sampling", "tools", "history", "images", "formats", "extra", "extra-overrides", "long" };

    [Theory, MemberData(nameof(MappedCases))]
    public void MappedRequests_WriteAlike(string name)
    {
        (IEnumerable<ChatMessage> messages, ChatOptions? options) = MappedCase(name);
        var clientOptions = new GreenPTClientOptions { ApiKey = "sk-test", DefaultModelId = "gemma4" };
        foreach (bool stream in new[] { false, true })
        {
            AssertSameBytes(ChatRequestMapper.ToChatCompletionRequest(messages, options, clientOptions, stream));
        }
    }

    private static readonly AIFunction Weather = AIFunctionFactory.Create(
        (string city, int days) => $"Sunny in {city} for {days} days", "get_weather", "Gets the weather, in °C — for «any» city.");

    private static (IEnumerable<ChatMessage>, ChatOptions?) MappedCase(string name)
    {
        ChatMessage[] hello = [new(ChatRole.User, "Hello")];
        ChatMessage[] history =
        [
            new(ChatRole.System, "Be brief. Réponds en français."),
            new(ChatRole.User, "Weather in Paris and Rome?") { AuthorName = "Ann Smith" },
            new(ChatRole.Assistant,
            [
                new TextReasoningContent("Need the tool."),
                new TextContent("Checking."),
                new FunctionCallContent("abcDEF123", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris", ["days"] = 2 }),
                new FunctionCallContent("xyzXYZ789", "get_weather", new Dictionary<string, object?> { ["city"] = "Rome", ["note"] = "\"ünïcode\" <&>" }),
            ]),
            new(ChatRole.Tool,
            [
                new FunctionResultContent("abcDEF123", "Sunny, 24 °C"),
                new FunctionResultContent("xyzXYZ789", JsonSerializer.SerializeToElement(new Dictionary<string, int> { ["temp"] = 21 })),
            ]),
            new(ChatRole.Assistant, [new TextContent("Paris "), new TextContent("sunny; Rome 21 °C.")]),
            new(ChatRole.User, [new TextContent("")]),
        ];
        ChatMessage[] images =
        [
            new(ChatRole.User,
            [
                new TextContent("What is this?"),
                new DataContent(new byte[] { 1, 2, 3, 250, 251, 252 }, "image/png"),
                new UriContent(new Uri("https://example.test/a b/é.jpg?x=1&y=<2>"), "image/jpeg"),
            ]),
        ];

        return name switch
        {
            "basic" => (hello, null),
            "sampling" => (hello, new ChatOptions
            {
                Temperature = 0.7f, TopP = 0.9f, TopK = 40, MaxOutputTokens = 256, StopSequences = ["END", "ß"], Seed = 7,
                FrequencyPenalty = 0.1f, PresencePenalty = -1.5f, Instructions = "Be brief.", Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low },
            }),
            "tools" => (hello, new ChatOptions { Tools = [Weather, Weather], ToolMode = ChatToolMode.RequireSpecific("get_weather"), AllowMultipleToolCalls = true }),
            "history" => (history, new ChatOptions { Tools = [Weather], ToolMode = ChatToolMode.Auto }),
            "images" => (images, new ChatOptions { ModelId = "gemma4" }),
            "formats" => (hello, new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(Schema, "city", "A city «é».") }),
            "extra" => (hello, new ChatOptions
            {
                AdditionalProperties = new()
                {
                    [GreenPTPropertyNames.ExtraBody] = new Dictionary<string, object?>
                    {
                        ["chat_template_kwargs"] = JsonNode.Parse("""{"enable_thinking":false}"""),
                        ["user"] = "ü-1",
                        ["n"] = null,
                        ["logit_bias"] = new Dictionary<string, int> { ["50256"] = -100 },
                    },
                },
            }),
            "extra-overrides" => (hello, new ChatOptions
            {
                Temperature = 0.9f,
                MaxOutputTokens = 10,
                Tools = [Weather],
                ResponseFormat = ChatResponseFormat.Json,
                AdditionalProperties = new()
                {
                    [GreenPTPropertyNames.ExtraBody] = JsonNode.Parse(
                        """{"temperature":0.25,"model":"green-r","tools":[],"response_format":null,"max_tokens":"many","reasoning_effort":"high"}""")!.AsObject(),
                },
            }),
            _ => (Enumerable.Range(0, 40).Select(i => new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, $"Message {i}: {new string('é', i * 10)} \"{i}\"")), new ChatOptions { Tools = [Weather] }),
        };
    }
}
