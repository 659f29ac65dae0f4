using System.Text.Json.Nodes;
using GreenPT.AI.IntegrationTests.Infrastructure;
using GreenPT.AI.SemanticKernel;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace GreenPT.AI.IntegrationTests;

/// <summary>
/// Reasoning that goes back with the tool-call turns it belongs to, against the emulator in its "needs reasoning back" mode
/// (<c>ModelsRequiringReasoningBack</c>: a tool-call turn without its reasoning gets a 400), through the real hosts' loops; and the
/// model capabilities that map portable efforts and refuse content before sending.
/// </summary>
public sealed class ReasoningRoundTripTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AIFunction WeatherTool() =>
        AIFunctionFactory.Create((string city) => $"Sunny in {city}", "get_weather", "The weather in a city.");

    private static Task<Harness> StartNeedingReasoningBackAsync() =>
        Harness.StartAsync(o => o.ModelsRequiringReasoningBack = ["gemma4"]);

    private static async Task<ChatResponse> AskAsync(IChatClient client, string question, ChatOptions options, bool streaming) =>
        streaming
            ? await client.GetStreamingResponseAsync(question, options, Ct).ToChatResponseAsync(Ct)
            : await client.GetResponseAsync(question, options, Ct);

    /// <summary>The first assistant turn with tool calls in a request body.</summary>
    private static JsonObject AssistantToolCallTurn(string requestBody) =>
        JsonNode.Parse(requestBody)!["messages"]!.AsArray()
            .First(m => m!["role"]!.GetValue<string>() == "assistant" && m["tool_calls"] is not null)!.AsObject();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FunctionInvocationLoop_ModelNeedingReasoningBack_SucceedsWithTheDefault_AndSendsTheTurnsReasoningAsOneString(bool streaming)
    {
        await using Harness harness = await StartNeedingReasoningBackAsync();
        using IChatClient client = harness.CreateClient().AsBuilder().UseFunctionInvocation().Build();

        ChatResponse response = await AskAsync(client, "What's the weather in Rome?", new ChatOptions { Tools = [WeatherTool()] }, streaming);

        Assert.Contains("The tool returned: \"Sunny in", response.Text, StringComparison.Ordinal);
        Assert.Equal(2, harness.Emulator.ChatRequests.Count);
        string firstTurnReasoning = string.Concat(response.Messages[0].Contents.OfType<TextReasoningContent>().Select(r => r.Text));
        Assert.Equal("The user said \"What's the weather in Rome?\". I will call the get_weather tool.", firstTurnReasoning);
        Assert.Equal(firstTurnReasoning, AssistantToolCallTurn(harness.Emulator.ChatRequests[1])["reasoning_content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FunctionInvocationLoop_ModelNeedingReasoningBack_FailsWithTheRoundTripOff(bool streaming)
    {
        await using Harness harness = await StartNeedingReasoningBackAsync();
        using IChatClient client = harness.CreateClient(o => o.ReasoningRoundTrip = GreenPTReasoningRoundTrip.Never).AsBuilder().UseFunctionInvocation().Build();

        var failure = await Assert.ThrowsAsync<GreenPTException>(() => AskAsync(client, "What's the weather in Rome?", new ChatOptions { Tools = [WeatherTool()] }, streaming));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, failure.StatusCode);
        Assert.Contains("reasoning_content", failure.Message, StringComparison.Ordinal);
        Assert.Null(AssistantToolCallTurn(harness.Emulator.ChatRequests[1])["reasoning_content"]);
    }

    [Fact]
    public async Task FunctionInvocationLoop_PerRequestNever_OverridesTheClientsDefault()
    {
        await using Harness harness = await StartNeedingReasoningBackAsync();
        using IChatClient client = harness.CreateClient().AsBuilder().UseFunctionInvocation().Build();
        var options = new ChatOptions
        {
            Tools = [WeatherTool()],
            AdditionalProperties = new() { [GreenPTPropertyNames.ReasoningRoundTrip] = "never" },
        };

        await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("What's the weather in Rome?", options, Ct));
    }

    [Fact]
    public async Task FunctionInvocationLoop_ThinkingOff_NeedsNoReasoningBack()
    {
        await using Harness harness = await StartNeedingReasoningBackAsync();
        using IChatClient client = harness.CreateClient(o => o.ReasoningRoundTrip = GreenPTReasoningRoundTrip.Never).AsBuilder().UseFunctionInvocation().Build();
        var options = new ChatOptions { Tools = [WeatherTool()], Reasoning = new() { Effort = ReasoningEffort.None } };

        ChatResponse response = await client.GetResponseAsync("What's the weather in Rome?", options, Ct);

        Assert.Contains("The tool returned: \"Sunny in", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SemanticKernel_AutoFunctionCalling_AndTheNextTurnFromItsChatHistory_SendTheReasoningBack()
    {
        await using Harness harness = await StartNeedingReasoningBackAsync();
        IKernelBuilder builder = Kernel.CreateBuilder();
        builder.AddGreenPTChatCompletion(o =>
        {
            o.ApiKey = Harness.ApiKey;
            o.Endpoint = harness.Emulator.BaseAddress;
        });
        builder.Plugins.AddFromFunctions("weather", [KernelFunctionFactory.CreateFromMethod((string city) => $"Sunny in {city}", "get_weather", "The weather in a city.")]);
        Kernel kernel = builder.Build();
        IChatCompletionService chat = kernel.GetRequiredService<IChatCompletionService>();
        var settings = new GreenPTPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };

        var history = new ChatHistory();
        history.AddUserMessage("What's the weather in Oslo?");
        await foreach (StreamingChatMessageContent chunk in chat.GetStreamingChatMessageContentsAsync(history, settings, kernel, Ct))
        {
            _ = chunk;
        }

        // The loop's tool-call turn went back with its reasoning, and SK's history kept that reasoning.
        Assert.Equal(2, harness.Emulator.ChatRequests.Count);
        Assert.NotNull(AssistantToolCallTurn(harness.Emulator.ChatRequests[1])["reasoning_content"]);
        ChatMessageContent toolCallTurn = history.First(m => m.Items.OfType<Microsoft.SemanticKernel.FunctionCallContent>().Any());
        Assert.Contains(toolCallTurn.Items, i => i is ReasoningContent);

        // The next turn, built from SK's chat history, sends it again.
        ChatMessageContent answer = await chat.GetChatMessageContentAsync(history, settings, kernel, Ct);
        history.Add(answer);
        history.AddUserMessage("Thanks.");
        await chat.GetChatMessageContentAsync(history, settings, kernel, Ct);

        string lastRequest = harness.Emulator.ChatRequests[^1];
        Assert.Equal(
            toolCallTurn.Items.OfType<ReasoningContent>().Single().Text,
            AssistantToolCallTurn(lastRequest)["reasoning_content"]!.GetValue<string>());
    }

    [Fact]
    public async Task SemanticKernel_ReasoningRoundTripFromJsonSettings_Never_MakesTheModelRefuse()
    {
        await using Harness harness = await StartNeedingReasoningBackAsync();
        IKernelBuilder builder = Kernel.CreateBuilder();
        builder.AddGreenPTChatCompletion(o =>
        {
            o.ApiKey = Harness.ApiKey;
            o.Endpoint = harness.Emulator.BaseAddress;
        });
        builder.Plugins.AddFromFunctions("weather", [KernelFunctionFactory.CreateFromMethod((string city) => $"Sunny in {city}", "get_weather", "The weather in a city.")]);
        Kernel kernel = builder.Build();
        var settings = new PromptExecutionSettings
        {
            FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(),
            ExtensionData = new Dictionary<string, object> { ["reasoning_round_trip"] = "never" },
        };

        Exception failure = await Assert.ThrowsAnyAsync<Exception>(() => kernel.InvokePromptAsync("What's the weather in Oslo?", new(settings), cancellationToken: Ct));

        GreenPTException refused = Assert.IsType<GreenPTException>(failure is GreenPTException ? failure : failure.InnerException);
        Assert.Contains("reasoning_content", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.Emulator.ChatRequests.Count);
    }

    [Fact]
    public async Task AgentFramework_SessionWithToolCalls_SendsTheEarlierRunsReasoningBack()
    {
        await using Harness harness = await StartNeedingReasoningBackAsync();
        AIAgent agent = new ChatClientAgent(harness.CreateClient(), tools: [WeatherTool()]);
        AgentSession session = await agent.CreateSessionAsync(Ct);

        await agent.RunAsync("What's the weather in Vienna?", session, cancellationToken: Ct);
        var updates = new List<AgentResponseUpdate>();
        await foreach (AgentResponseUpdate update in agent.RunStreamingAsync("Thanks, and hello.", session, cancellationToken: Ct))
        {
            updates.Add(update);
        }

        Assert.Contains("Sunny in", updates.ToAgentResponse().Text, StringComparison.Ordinal);
        Assert.Equal(4, harness.Emulator.ChatRequests.Count); // each run: the tool call, then the answer
        Assert.Equal(
            "The user said \"What's the weather in Vienna?\". I will call the get_weather tool.",
            AssistantToolCallTurn(harness.Emulator.ChatRequests[2])["reasoning_content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReasoningOutputNone_LeavesReasoningOutOfWhatTheCallerGets(bool streaming)
    {
        await using Harness harness = await Harness.StartAsync();
        using IChatClient client = harness.CreateClient();
        var options = new ChatOptions { Reasoning = new() { Output = ReasoningOutput.None } };

        ChatResponse response = await AskAsync(client, "Hello", options, streaming);

        Assert.Contains("You said: \"Hello\"", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(response.Messages.SelectMany(m => m.Contents), c => c is TextReasoningContent);
        Assert.Null(JsonNode.Parse(harness.Emulator.ChatRequests[0])!["reasoning_effort"]); // GreenPT has no switch for hidden reasoning: thinking stays as asked
    }

    [Fact]
    public async Task PortableEffortNone_OnAModelThatRefusesNone_IsSentAsItsLowestLevel_AndLogged()
    {
        await using Harness harness = await Harness.StartAsync();
        using IChatClient client = harness.CreateClient(o => o.DefaultModelId = "green-r");

        ChatResponse response = await client.GetResponseAsync("Hello", new ChatOptions { Reasoning = new() { Effort = ReasoningEffort.None } }, Ct);

        Assert.Contains("You said: \"Hello\"", response.Text, StringComparison.Ordinal);
        Assert.Equal("low", JsonNode.Parse(harness.Emulator.ChatRequests[0])!["reasoning_effort"]!.GetValue<string>());
        Assert.Contains(harness.ClientLogs.Lines, l => l.Contains("green-r", StringComparison.Ordinal) && l.Contains("sent \"low\" instead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerbatimEffortNone_OnAModelThatRefusesNone_IsSentVerbatim_AndTheServerSays400()
    {
        await using Harness harness = await Harness.StartAsync();
        using IChatClient client = harness.CreateClient(o => o.DefaultModelId = "green-r");
        var options = new ChatOptions { AdditionalProperties = new() { [GreenPTPropertyNames.ReasoningEffort] = "none" } };

        var failure = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hello", options, Ct));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, failure.StatusCode);
        Assert.Equal("none", JsonNode.Parse(harness.Emulator.ChatRequests[0])!["reasoning_effort"]!.GetValue<string>());
    }

    [Fact]
    public async Task ImageForATextOnlyModel_FailsBeforeSending_NamingTheModelAndTheContent()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.DefaultModelId = "green-r");
        var message = new ChatMessage(ChatRole.User, [new Microsoft.Extensions.AI.TextContent("What is this?"), new DataContent(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, "image/png")]);

        var refused = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync([message], cancellationToken: Ct));

        Assert.Contains("'green-r'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("image/png", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Emulator.RequestCount);
    }

    [Fact]
    public async Task ConversationId_IsRefusedBeforeSending()
    {
        await using Harness harness = await Harness.StartAsync();
        using IChatClient client = harness.CreateClient();

        var refused = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("Hello", new ChatOptions { ConversationId = "conv-1" }, Ct));

        Assert.Contains("ConversationId", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Emulator.RequestCount);
    }

    [Fact]
    public async Task ModelCatalog_ListsTheCapabilitiesItKnows_WithTheCallersOverrides()
    {
        await using Harness harness = await Harness.StartAsync();
        using var catalog = new GreenPTModelCatalog(new GreenPTClientOptions
        {
            ApiKey = Harness.ApiKey,
            Endpoint = harness.Emulator.BaseAddress,
            ModelCapabilities = { ["green-l"] = new() { Vision = true, Source = "override" } },
        });

        IReadOnlyList<GreenPTModelInfo> models = await catalog.ListAsync(cancellationToken: Ct);

        GreenPTModelCapabilities greenR = models.Single(m => m.Id == "green-r").Capabilities!;
        Assert.Equal(["low", "medium", "high"], greenR.ReasoningEffortValues);
        Assert.False(greenR.Vision);
        GreenPTModelCapabilities greenL = catalog.GetCapabilities("green-l")!;
        Assert.True(greenL.Vision);
        Assert.True(greenL.IgnoresSystemMessages);
        Assert.Equal(GreenPTModelKind.Embedding, models.Single(m => m.Id == "green-embedding").Capabilities!.Kind);
    }
}
