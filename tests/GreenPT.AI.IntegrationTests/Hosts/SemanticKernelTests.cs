using System.ComponentModel;
using System.Text.Json.Nodes;
using GreenPT.AI.IntegrationTests.Infrastructure;
using GreenPT.AI.SemanticKernel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace GreenPT.AI.IntegrationTests.Hosts;

/// <summary>
/// GreenPT.AI.SemanticKernel in a real Semantic Kernel 1.82 <see cref="Kernel"/> over loopback against the emulator: prompts,
/// streaming, automatic function calling, <see cref="IChatCompletionService"/>, settings from C# and from prompt templates, impact
/// and reasoning readers, embeddings.
/// </summary>
public sealed class SemanticKernelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A kernel plugin that counts its calls.</summary>
    public sealed class WeatherPlugin
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        [KernelFunction("get_weather"), Description("The weather in a city.")]
        public string GetWeather([Description("The city.")] string city)
        {
            Interlocked.Increment(ref _calls);
            return $"Sunny in {city}";
        }
    }

    private static (Kernel Kernel, WeatherPlugin Plugin) CreateKernel(Harness harness, string? serviceId = null, Action<GreenPTClientOptions>? configure = null)
    {
        IKernelBuilder builder = Kernel.CreateBuilder();
        builder.AddGreenPTChatCompletion(
            o =>
            {
                o.ApiKey = Harness.ApiKey;
                o.Endpoint = harness.Emulator.BaseAddress;
                configure?.Invoke(o);
            },
            serviceId);
        var plugin = new WeatherPlugin();
        builder.Plugins.AddFromObject(plugin, "weather");
        return (builder.Build(), plugin);
    }

    private static JsonNode Request(Harness harness, int index) => JsonNode.Parse(harness.Emulator.ChatRequests[index])!;

    [Fact]
    public async Task Prompt_WithAutoFunctionChoice_CallsTheKernelFunction_AndReturnsTheFinalAnswer()
    {
        await using Harness harness = await Harness.StartAsync();
        (Kernel kernel, WeatherPlugin plugin) = CreateKernel(harness);

        FunctionResult result = await kernel.InvokePromptAsync(
            "What's the weather in Paris?", new(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }), cancellationToken: Ct);

        Assert.Equal(1, plugin.Calls);
        Assert.Equal(2, harness.Emulator.ChatRequests.Count);
        Assert.Equal("weather_get_weather", Request(harness, 0)["tools"]![0]!["function"]!["name"]!.GetValue<string>());
        Assert.Contains("The tool returned: \"Sunny in", result.ToString(), StringComparison.Ordinal);

        // One call's impact in SK's metadata; the whole loop's from the reader.
        GreenPTImpact last = result.GetGreenPTImpact()!;
        GreenPTImpact total = result.GetTotalGreenPTImpact()!;
        ChatResponse response = result.GetValue<ChatResponse>()!;
        Assert.Equal(GreenPTImpact.Sum(response.Messages.Select(m => m.GetGreenPTImpact())).EnergyInJoules!.Value, total.EnergyInJoules!.Value, 9);
        Assert.True(total.EnergyInJoules > last.EnergyInJoules, "the total covers the tool-call turn too");
        Assert.Equal(last, response.GetGreenPTImpact());
    }

    [Fact]
    public async Task PromptStreaming_WithAutoFunctionChoice_CallsTheKernelFunction_AndStreamsTheFinalAnswer()
    {
        await using Harness harness = await Harness.StartAsync();
        (Kernel kernel, WeatherPlugin plugin) = CreateKernel(harness);
        var arguments = new KernelArguments(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() });

        var chunks = new List<StreamingChatMessageContent>();
        await foreach (StreamingChatMessageContent chunk in kernel.InvokePromptStreamingAsync<StreamingChatMessageContent>("What's the weather in Paris?", arguments, cancellationToken: Ct))
        {
            chunks.Add(chunk);
        }

        Assert.Equal(1, plugin.Calls);
        Assert.Equal(2, harness.Emulator.ChatRequests.Count);
        Assert.True(Request(harness, 1)["stream"]!.GetValue<bool>());
        Assert.Contains("The tool returned: \"Sunny in", string.Concat(chunks.Select(c => c.Content)), StringComparison.Ordinal);
        Assert.True(chunks.Count(c => c.Content is { Length: > 0 }) > 1, "the answer arrives in several chunks");

        // The streamed loop costs what the same loop costs without streaming (the emulator's figures are deterministic).
        (Kernel again, _) = CreateKernel(harness);
        FunctionResult nonStreaming = await again.InvokePromptAsync("What's the weather in Paris?", arguments, cancellationToken: Ct);
        GreenPTImpact streamedTotal = chunks.GetTotalGreenPTImpact()!;
        Assert.Equal(nonStreaming.GetTotalGreenPTImpact()!.EnergyInJoules, streamedTotal.EnergyInJoules);
        Assert.Equal(nonStreaming.GetTotalGreenPTImpact()!.EmissionsInGramsCO2e, streamedTotal.EmissionsInGramsCO2e);
        Assert.NotNull(chunks.Last(c => c.GetGreenPTImpact() is not null).GetGreenPTImpact());
    }

    [Fact]
    public async Task FunctionChoiceRequired_CallsTheFunctionOnce_AndNoneNeverDoes()
    {
        await using Harness harness = await Harness.StartAsync();
        (Kernel kernel, WeatherPlugin plugin) = CreateKernel(harness);

        FunctionResult required = await kernel.InvokePromptAsync(
            "Weather in Lisbon?", new(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Required() }), cancellationToken: Ct);
        Assert.Equal(1, plugin.Calls);
        Assert.Equal("required", Request(harness, 0)["tool_choice"]!.GetValue<string>());
        Assert.Contains("Sunny in", required.ToString(), StringComparison.Ordinal);

        FunctionResult none = await kernel.InvokePromptAsync(
            "Weather in Lisbon?", new(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.None() }), cancellationToken: Ct);
        Assert.Equal(1, plugin.Calls);
        Assert.Equal("none", Request(harness, harness.Emulator.ChatRequests.Count - 1)["tool_choice"]!.GetValue<string>());
        Assert.Contains("You said", none.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatCompletionService_RunsTheFunctionLoop_AddsItsStepsToTheHistory_AndKeepsTheReasoning()
    {
        await using Harness harness = await Harness.StartAsync();
        (Kernel kernel, WeatherPlugin plugin) = CreateKernel(harness);
        IChatCompletionService chat = kernel.GetRequiredService<IChatCompletionService>();
        Assert.Equal("gemma4", chat.Attributes["ModelId"]);

        var history = new ChatHistory("You are brief.");
        history.AddUserMessage("What's the weather in Madrid?");
        var settings = new GreenPTPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
        ChatMessageContent reply = await chat.GetChatMessageContentAsync(history, settings, kernel, Ct);

        Assert.Equal(1, plugin.Calls);
        Assert.Equal(AuthorRole.Assistant, reply.Role);
        Assert.Contains("Sunny in", reply.Content, StringComparison.Ordinal);
        Assert.Collection(
            history.Skip(2),
            call =>
            {
                Assert.Equal("weather_get_weather", Assert.Single(call.Items.OfType<Microsoft.SemanticKernel.FunctionCallContent>()).FunctionName);
                Assert.StartsWith("The user said", call.GetGreenPTReasoning(), StringComparison.Ordinal);
            },
            result => Assert.IsType<Microsoft.SemanticKernel.FunctionResultContent>(Assert.Single(result.Items)));

        // gemma4 thinks by default: the reasoning is an item of the reply, and readable as text.
        Assert.Contains(reply.Items, i => i is ReasoningContent);
        Assert.StartsWith("A tool returned", reply.GetGreenPTReasoning(), StringComparison.Ordinal);
        Assert.True(reply.GetTotalGreenPTImpact()!.EnergyInJoules > reply.GetGreenPTImpact()!.EnergyInJoules);

        // The history goes back as it was built: the next turn carries the tool call, its result and the answer.
        history.Add(reply);
        history.AddUserMessage("Thanks");
        int turnStart = harness.Emulator.ChatRequests.Count;
        await chat.GetChatMessageContentAsync(history, settings, kernel, Ct);
        JsonArray sent = Request(harness, turnStart)["messages"]!.AsArray();
        Assert.Equal(["system", "user", "assistant", "tool", "assistant", "user"], sent.Select(m => m!["role"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ChatCompletionService_Streaming_YieldsReasoningAndText_AsSemanticKernelItems()
    {
        await using Harness harness = await Harness.StartAsync();
        (Kernel kernel, _) = CreateKernel(harness);
        IChatCompletionService chat = kernel.GetRequiredService<IChatCompletionService>();

        var chunks = new List<StreamingChatMessageContent>();
        await foreach (StreamingChatMessageContent chunk in chat.GetStreamingChatMessageContentsAsync(new ChatHistory("Hi there"), kernel: kernel, cancellationToken: Ct))
        {
            chunks.Add(chunk);
        }

        Assert.Contains("You said", string.Concat(chunks.Select(c => c.Content)), StringComparison.Ordinal);
        Assert.StartsWith("The user said", string.Concat(chunks.Select(c => c.GetGreenPTReasoning())), StringComparison.Ordinal);
        Assert.Contains(chunks, c => c.Items.OfType<StreamingReasoningContent>().Any());
        Assert.IsType<ChatResponseUpdate>(chunks[0].InnerContent);
        Assert.NotNull(chunks.GetTotalGreenPTImpact());
    }

    [Fact]
    public async Task ReasoningEffortNone_FromTypedSettings_ReachesTheWire_WherePlainSettingsLoseIt()
    {
        await using Harness harness = await Harness.StartAsync();
        (Kernel kernel, _) = CreateKernel(harness);

        await kernel.InvokePromptAsync("Hi", new(new GreenPTPromptExecutionSettings { ReasoningEffort = "none", MaxTokens = 40, Temperature = 0.2 }), cancellationToken: Ct);
        JsonNode typed = Request(harness, 0);
        Assert.Equal("none", typed["reasoning_effort"]!.GetValue<string>());
        Assert.Equal(40, typed["max_tokens"]!.GetValue<int>());
        Assert.Equal(0.2, typed["temperature"]!.GetValue<double>(), 5);

        // Plain settings with the key SK itself consumes: the chat completion service still reads it as GreenPT's.
        await kernel.InvokePromptAsync("Hi", new(new PromptExecutionSettings { ExtensionData = new Dictionary<string, object> { ["reasoning_effort"] = "none" } }), cancellationToken: Ct);
        Assert.Equal("none", Request(harness, 1)["reasoning_effort"]!.GetValue<string>());
    }

    [Fact]
    public async Task PromptTemplateExecutionSettings_FromJson_PutReasoningEffortAndExtraBodyOnTheWire()
    {
        await using Harness harness = await Harness.StartAsync();
        (Kernel kernel, _) = CreateKernel(harness, serviceId: "greenpt");
        PromptTemplateConfig config = PromptTemplateConfig.FromJson("""
            {
              "name": "greet",
              "template": "Say hello to {{$name}}",
              "execution_settings": {
                "greenpt": {
                  "reasoning_effort": "none",
                  "max_tokens": 30,
                  "stop_sequences": ["END"],
                  "extra_body": { "chat_template_kwargs": { "enable_thinking": false } }
                }
              }
            }
            """);
        KernelFunction greet = kernel.CreateFunctionFromPrompt(config);

        FunctionResult result = await greet.InvokeAsync(kernel, new KernelArguments { ["name"] = "Ada" }, Ct);

        JsonNode sent = Request(harness, 0);
        Assert.Equal("none", sent["reasoning_effort"]!.GetValue<string>());
        Assert.Equal(30, sent["max_tokens"]!.GetValue<int>());
        Assert.Equal("END", sent["stop"]![0]!.GetValue<string>());
        Assert.False(sent["chat_template_kwargs"]!["enable_thinking"]!.GetValue<bool>());
        Assert.Null(sent["extra_body"]);
        Assert.Contains("Say hello to Ada", result.ToString(), StringComparison.Ordinal);
        Assert.Null(result.GetGreenPTReasoning());
    }

    [Fact]
    public async Task ChatSystemPrompt_GoesFirst_WhenTheHistoryHasNoSystemMessage_AndNotAgainWhenItHasOne()
    {
        // As Semantic Kernel's own OpenAI connector does: the settings' system prompt is the history's only when it has none.
        await using Harness harness = await Harness.StartAsync();
        (Kernel kernel, _) = CreateKernel(harness);
        IChatCompletionService chat = kernel.GetRequiredService<IChatCompletionService>();
        var settings = new GreenPTPromptExecutionSettings { ChatSystemPrompt = "Answer in French." };

        var withoutSystem = new ChatHistory();
        withoutSystem.AddUserMessage("Hi");
        await chat.GetChatMessageContentAsync(withoutSystem, settings, kernel, Ct);
        JsonArray first = Request(harness, 0)["messages"]!.AsArray();
        Assert.Equal(["system", "user"], first.Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal("Answer in French.", first[0]!["content"]!.GetValue<string>());

        var withSystem = new ChatHistory("You are brief.");
        withSystem.AddUserMessage("Hi");
        await foreach (StreamingChatMessageContent _ in chat.GetStreamingChatMessageContentsAsync(withSystem, settings, kernel, Ct))
        {
        }

        JsonArray second = Request(harness, 1)["messages"]!.AsArray();
        Assert.Equal(["system", "user"], second.Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal("You are brief.", second[0]!["content"]!.GetValue<string>());
        Assert.Null(Request(harness, 1)["chat_system_prompt"]);

        // From a prompt template's plain settings, by its JSON name.
        var plain = new PromptExecutionSettings { ExtensionData = new Dictionary<string, object> { ["chat_system_prompt"] = "Answer in Dutch." } };
        await kernel.InvokePromptAsync("Hi", new(plain), cancellationToken: Ct);
        JsonNode third = Request(harness, 2);
        Assert.Equal("Answer in Dutch.", third["messages"]![0]!["content"]!.GetValue<string>());
        Assert.Null(third["chat_system_prompt"]);
    }

    [Fact]
    public void TypedSettings_RoundTripThroughJson_AndReadOtherSettingsByTheirJsonNames()
    {
        var settings = new GreenPTPromptExecutionSettings
        {
            ServiceId = "greenpt",
            ReasoningEffort = "none",
            TopK = 5,
            ExtraBody = new Dictionary<string, object?> { ["x"] = 1 },
        };
        string json = System.Text.Json.JsonSerializer.Serialize(settings);
        Assert.Contains("\"reasoning_effort\":\"none\"", json, StringComparison.Ordinal);
        var back = System.Text.Json.JsonSerializer.Deserialize<GreenPTPromptExecutionSettings>(json)!;
        Assert.Equal("none", back.ReasoningEffort);
        Assert.Equal(5, back.TopK);

        var plain = new PromptExecutionSettings
        {
            ModelId = "green-l",
            ExtensionData = new Dictionary<string, object> { ["reasoning_effort"] = "minimal", ["top_p"] = 0.5, ["custom"] = "kept" },
            FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(),
        };
        GreenPTPromptExecutionSettings read = GreenPTPromptExecutionSettings.FromExecutionSettings(plain)!;
        Assert.Equal("minimal", read.ReasoningEffort);
        Assert.Equal(0.5, read.TopP);
        Assert.Equal("green-l", read.ModelId);
        Assert.Same(plain.FunctionChoiceBehavior, read.FunctionChoiceBehavior);
        Assert.True(read.ExtensionData!.ContainsKey("custom"));
        Assert.Same(read, GreenPTPromptExecutionSettings.FromExecutionSettings(read));

        var frozen = (GreenPTPromptExecutionSettings)read.Clone();
        frozen.Freeze();
        Assert.Throws<InvalidOperationException>(() => frozen.ReasoningEffort = "high");
        Assert.Equal("minimal", frozen.ReasoningEffort);
    }

    [Fact]
    public async Task ServiceIds_SelectTheirOwnRegistration()
    {
        await using Harness harness = await Harness.StartAsync();
        IKernelBuilder builder = Kernel.CreateBuilder();
        builder.AddGreenPTChatCompletion(o => { o.ApiKey = Harness.ApiKey; o.Endpoint = harness.Emulator.BaseAddress; o.DefaultModelId = "green-l"; }, serviceId: "fast");
        builder.AddGreenPTChatCompletion(o => { o.ApiKey = Harness.ApiKey; o.Endpoint = harness.Emulator.BaseAddress; o.DefaultModelId = "green-r"; }, serviceId: "thinking");
        Kernel kernel = builder.Build();

        await kernel.InvokePromptAsync("Hi", new(new PromptExecutionSettings { ServiceId = "fast" }), cancellationToken: Ct);
        await kernel.InvokePromptAsync("Hi", new(new PromptExecutionSettings { ServiceId = "thinking" }), cancellationToken: Ct);

        Assert.Equal("green-l", Request(harness, 0)["model"]!.GetValue<string>());
        Assert.Equal("green-r", Request(harness, 1)["model"]!.GetValue<string>());
        Assert.NotNull(kernel.GetRequiredService<IChatClient>("fast").GetService<GreenPTChatClient>());
    }

    [Fact]
    public async Task EmbeddingGenerator_IsRegisteredForSemanticKernel_GenericAndNot()
    {
        await using Harness harness = await Harness.StartAsync();
        IKernelBuilder builder = Kernel.CreateBuilder();
        builder.AddGreenPTEmbeddingGenerator(o => { o.ApiKey = Harness.ApiKey; o.Endpoint = harness.Emulator.BaseAddress; });
        Kernel kernel = builder.Build();

        var generator = kernel.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(["one", "two"], cancellationToken: Ct);

        Assert.Equal(2, embeddings.Count);
        Assert.NotNull(embeddings.GetGreenPTImpact());
        Assert.Same(generator, kernel.Services.GetRequiredService<IEmbeddingGenerator>());
        Assert.Single(harness.Emulator.EmbeddingRequests);
    }

    [Fact]
    public async Task PlainDiRegistration_ServesSemanticKernel_WhenKernelFunctionInvocationIsAdded()
    {
        await using Harness harness = await Harness.StartAsync();
        IKernelBuilder builder = Kernel.CreateBuilder();
        builder.Services.AddGreenPTChatClient(o => { o.ApiKey = Harness.ApiKey; o.Endpoint = harness.Emulator.BaseAddress; }).UseKernelFunctionInvocation();
        var plugin = new WeatherPlugin();
        builder.Plugins.AddFromObject(plugin, "weather");
        Kernel kernel = builder.Build();

        FunctionResult result = await kernel.InvokePromptAsync(
            "What's the weather in Paris?", new(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }), cancellationToken: Ct);

        Assert.Equal(1, plugin.Calls);
        Assert.IsType<ChatResponse>(result.GetValue<object>());
        Assert.True(result.GetTotalGreenPTImpact()!.EnergyInJoules > result.GetGreenPTImpact()!.EnergyInJoules);
        Assert.StartsWith("A tool returned", result.GetGreenPTReasoning(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyOverload_WithItsOwnHttpClientModelAndServiceId_ServesTheKernel()
    {
        await using Harness harness = await Harness.StartAsync();
        using var http = new HttpClient(new ToEmulator(harness.Emulator.BaseAddress)) { Timeout = Timeout.InfiniteTimeSpan };
        IKernelBuilder builder = Kernel.CreateBuilder();
        builder.AddGreenPTChatCompletion(Harness.ApiKey, modelId: "green-l", serviceId: "own-http", httpClient: http);
        Kernel kernel = builder.Build();

        FunctionResult result = await kernel.InvokePromptAsync("Hi", new(new PromptExecutionSettings { ServiceId = "own-http" }), cancellationToken: Ct);

        Assert.Contains("You said", result.ToString(), StringComparison.Ordinal);
        Assert.Equal("green-l", Request(harness, 0)["model"]!.GetValue<string>());
        Assert.Equal("green-l", kernel.GetRequiredService<IChatCompletionService>("own-http").Attributes["ModelId"]);
    }

    [Fact]
    public async Task ConfigurationOverload_BindsTheSection()
    {
        await using Harness harness = await Harness.StartAsync();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GreenPT:ApiKey"] = Harness.ApiKey,
            ["GreenPT:Endpoint"] = harness.Emulator.BaseAddress.ToString(),
            ["GreenPT:DefaultModelId"] = "green-r",
            ["GreenPT:DefaultReasoningEffort"] = "low",
        }).Build();
        IKernelBuilder builder = Kernel.CreateBuilder();
        builder.AddGreenPTChatCompletion(configuration.GetSection("GreenPT"));
        Kernel kernel = builder.Build();

        await kernel.InvokePromptAsync("Hi", cancellationToken: Ct);

        JsonNode sent = Request(harness, 0);
        Assert.Equal("green-r", sent["model"]!.GetValue<string>());
        Assert.Equal("low", sent["reasoning_effort"]!.GetValue<string>());
    }

    public sealed record Forecast(string City, int Celsius);

    [Fact]
    public async Task ResponseFormat_AsATypeOrAnMeaiFormat_ReachesTheWireAsAJsonSchema()
    {
        await using Harness harness = await Harness.StartAsync();
        (Kernel kernel, _) = CreateKernel(harness);

        await kernel.InvokePromptAsync("Forecast?", new(new GreenPTPromptExecutionSettings { ResponseFormat = typeof(Forecast) }), cancellationToken: Ct);
        await kernel.InvokePromptAsync("Forecast?", new(new GreenPTPromptExecutionSettings { ResponseFormat = ChatResponseFormat.ForJsonSchema<Forecast>() }), cancellationToken: Ct);
        await kernel.InvokePromptAsync("Forecast?", new(new GreenPTPromptExecutionSettings { ResponseFormat = "json_object" }), cancellationToken: Ct);

        foreach (int i in new[] { 0, 1 })
        {
            JsonNode format = Request(harness, i)["response_format"]!;
            Assert.Equal("json_schema", format["type"]!.GetValue<string>());
            Assert.NotNull(format["json_schema"]!["schema"]!["properties"]!["celsius"] ?? format["json_schema"]!["schema"]!["properties"]!["Celsius"]);
        }

        Assert.Equal("json_object", Request(harness, 2)["response_format"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task ChatCompletionService_Streaming_AddsEachStepAsOneAssistantAndOneToolMessage_AsWithoutStreaming()
    {
        await using Harness harness = await Harness.StartAsync(o => o.Script = request =>
            request.GetProperty("messages").EnumerateArray().Last().GetProperty("role").GetString() == "user"
                ? new GreenPT.AI.Emulator.EmulatorScript
                {
                    Content = "Let me check.",
                    ToolCalls = [new("weather_get_weather", """{"city":"Oslo"}"""), new("weather_get_weather", """{"city":"Bergen"}""")],
                }
                : null);
        (Kernel kernel, WeatherPlugin plugin) = CreateKernel(harness);
        IChatCompletionService chat = kernel.GetRequiredService<IChatCompletionService>();
        var settings = new GreenPTPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };

        var streamed = new ChatHistory();
        streamed.AddUserMessage("Weather in Oslo and Bergen?");
        await foreach (StreamingChatMessageContent chunk in chat.GetStreamingChatMessageContentsAsync(streamed, settings, kernel, Ct))
        {
            _ = chunk;
        }

        var answered = new ChatHistory();
        answered.AddUserMessage("Weather in Oslo and Bergen?");
        await chat.GetChatMessageContentAsync(answered, settings, kernel, Ct);

        Assert.Equal(4, plugin.Calls);
        foreach (ChatHistory history in new[] { streamed, answered })
        {
            Assert.Collection(
                history.Skip(1),
                call =>
                {
                    Assert.Equal(AuthorRole.Assistant, call.Role);
                    Assert.Equal("Let me check.", call.Content);
                    Assert.Equal(2, call.Items.OfType<Microsoft.SemanticKernel.FunctionCallContent>().Count());
                },
                results =>
                {
                    Assert.Equal(AuthorRole.Tool, results.Role);
                    Assert.All(results.Items.OfType<Microsoft.SemanticKernel.FunctionResultContent>(), r => Assert.Equal("weather_get_weather", r.FunctionName));
                    Assert.Equal(2, results.Items.OfType<Microsoft.SemanticKernel.FunctionResultContent>().Count());
                });
        }
    }

    [Fact]
    public async Task ChatCompletionService_WithoutAutomaticInvocation_LeavesTheCallsToTheCaller()
    {
        await using Harness harness = await Harness.StartAsync();
        (Kernel kernel, WeatherPlugin plugin) = CreateKernel(harness);
        IChatCompletionService chat = kernel.GetRequiredService<IChatCompletionService>();
        var settings = new GreenPTPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(autoInvoke: false) };
        var history = new ChatHistory();
        history.AddUserMessage("Weather in Nice?");

        var chunks = new List<StreamingChatMessageContent>();
        await foreach (StreamingChatMessageContent chunk in chat.GetStreamingChatMessageContentsAsync(history, settings, kernel, Ct))
        {
            chunks.Add(chunk);
        }

        Assert.Equal(0, plugin.Calls);
        Assert.Single(history);
        Assert.Contains(chunks, c => c.Items.OfType<StreamingFunctionCallUpdateContent>().Any());
    }

    [Fact]
    public void RegisteringTheSameServiceIdAgain_ReplacesTheChatCompletionService()
    {
        IKernelBuilder builder = Kernel.CreateBuilder();
        builder.AddGreenPTChatCompletion(Harness.ApiKey, modelId: "green-l", serviceId: "s");
        builder.AddGreenPTChatCompletion(Harness.ApiKey, modelId: "green-r", serviceId: "s", httpClient: new HttpClient());
        builder.AddGreenPTChatCompletion(o => o.ApiKey = Harness.ApiKey);
        builder.AddGreenPTChatCompletion(o => o.ApiKey = Harness.ApiKey);
        Kernel kernel = builder.Build();

        Assert.Single(kernel.Services.GetKeyedServices<IChatCompletionService>("s"));
        Assert.Single(kernel.Services.GetKeyedServices<IChatClient>("s"));
        Assert.Equal("green-r", kernel.GetRequiredService<IChatCompletionService>("s").Attributes["ModelId"]);
        Assert.NotNull(kernel.Services.GetRequiredKeyedService<GreenPTChatClient>("s"));
        Assert.NotNull(kernel.Services.GetRequiredKeyedService<GreenPTModelCatalog>("s"));
        Assert.Single(kernel.Services.GetServices<IChatCompletionService>());
    }

    /// <summary>Sends every request to the emulator, whatever host it names: the key overload always targets the production API.</summary>
    private sealed class ToEmulator(Uri emulator) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(emulator, request.RequestUri!.AbsolutePath.Replace("/v1/", string.Empty, StringComparison.Ordinal));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
