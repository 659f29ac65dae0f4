using System.Text.Json.Nodes;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.IntegrationTests.Hosts;

/// <summary>
/// Microsoft Agent Framework 1.28's <see cref="ChatClientAgent"/> over GreenPT, over loopback against the emulator: a run, a
/// streamed run, tools, a conversation over several runs, and the impact of a run and of a whole conversation.
/// </summary>
public sealed class AgentFrameworkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AIFunction WeatherTool(Action onCall) =>
        AIFunctionFactory.Create((string city) => { onCall(); return $"Sunny in {city}"; }, "get_weather", "The weather in a city.");

    [Fact]
    public async Task Run_AnswersWithInstructions_AndCarriesTheImpact()
    {
        await using Harness harness = await Harness.StartAsync();
        AIAgent agent = new ChatClientAgent(harness.CreateClient(), instructions: "Be brief.", name: "Greeter");

        AgentResponse response = await agent.RunAsync("Hello", cancellationToken: Ct);

        Assert.Contains("You said: \"Hello\"", response.Text, StringComparison.Ordinal);
        JsonNode sent = JsonNode.Parse(Assert.Single(harness.Emulator.ChatRequests))!;
        Assert.Equal("system", sent["messages"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("Be brief.", sent["messages"]![0]!["content"]!.GetValue<string>());
        GreenPTImpact impact = response.AsChatResponse().GetGreenPTImpact()!;
        Assert.Equal(impact, response.Messages[^1].GetGreenPTImpact());
        Assert.Equal(impact.EnergyInJoules!.Value, response.AsChatResponse().GetTotalGreenPTImpact()!.EnergyInJoules!.Value, 9);
    }

    [Fact]
    public async Task RunStreaming_YieldsUpdatesAsTheyCome_AndTheLastOneCarriesTheImpact()
    {
        await using Harness harness = await Harness.StartAsync();
        AIAgent agent = new ChatClientAgent(harness.CreateClient());

        var updates = new List<AgentResponseUpdate>();
        await foreach (AgentResponseUpdate update in agent.RunStreamingAsync("Hello", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count(u => u.Text.Length > 0) > 1, "the answer arrives in several updates");
        AgentResponse merged = updates.ToAgentResponse();
        Assert.Contains("You said: \"Hello\"", merged.Text, StringComparison.Ordinal);
        GreenPTImpact? last = updates.Select(u => u.AsChatResponseUpdate().GetGreenPTImpact()).LastOrDefault(i => i is not null);
        Assert.NotNull(last);
        Assert.Equal(last.EnergyInJoules!.Value, merged.AsChatResponse().GetTotalGreenPTImpact()!.EnergyInJoules!.Value, 9);
    }

    [Fact]
    public async Task Tools_AreInvokedByTheAgent_AndTheRunsImpactCoversEveryCall()
    {
        await using Harness harness = await Harness.StartAsync();
        int toolCalls = 0;
        AIAgent agent = new ChatClientAgent(harness.CreateClient(), tools: [WeatherTool(() => toolCalls++)]);

        AgentResponse response = await agent.RunAsync("What's the weather in Berlin?", cancellationToken: Ct);

        Assert.Equal(1, toolCalls);
        Assert.Equal(2, harness.Emulator.ChatRequests.Count);
        Assert.Contains("The tool returned: \"Sunny in", response.Text, StringComparison.Ordinal);
        ChatResponse chat = response.AsChatResponse();
        GreenPTImpact total = chat.GetTotalGreenPTImpact()!;
        Assert.Equal(GreenPTImpact.Sum(chat.Messages.Select(m => m.GetGreenPTImpact())).EnergyInJoules!.Value, total.EnergyInJoules!.Value, 9);
        Assert.True(total.EnergyInJoules > chat.GetGreenPTImpact()!.EnergyInJoules, "the run's total covers the tool-call turn too");
    }

    [Fact]
    public async Task Session_CarriesTheConversationAcrossRuns_AndATrackerGivesTheWholeConversationsImpact()
    {
        await using Harness harness = await Harness.StartAsync();
        var conversation = new GreenPTImpactTracker("conversation-1");
        IChatClient tracked = harness.CreateClient().AsBuilder().UseGreenPTImpactTracking(conversation).Build();
        AIAgent agent = new ChatClientAgent(tracked, tools: [WeatherTool(() => { })]);
        AgentSession session = await agent.CreateSessionAsync(Ct);

        AgentResponse first = await agent.RunAsync("What's the weather in Vienna?", session, cancellationToken: Ct);
        var secondUpdates = new List<AgentResponseUpdate>();
        await foreach (AgentResponseUpdate update in agent.RunStreamingAsync("And in Graz?", session, cancellationToken: Ct))
        {
            secondUpdates.Add(update);
        }

        AgentResponse second = secondUpdates.ToAgentResponse();

        // The second run sends the first run's exchange back.
        JsonArray sent = JsonNode.Parse(harness.Emulator.ChatRequests[2])!["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "tool", "assistant", "user"], sent.Select(m => m!["role"]!.GetValue<string>()));
        Assert.True(session.TryGetInMemoryChatHistory(out List<ChatMessage>? history));
        Assert.Equal(8, history.Count);

        // Each run's total, and the conversation's: every GreenPT call of both runs.
        double runs = first.AsChatResponse().GetTotalGreenPTImpact()!.EnergyInJoules!.Value + second.AsChatResponse().GetTotalGreenPTImpact()!.EnergyInJoules!.Value;
        Assert.Equal(4, conversation.Total.Calls);
        Assert.Equal(runs, conversation.Total.Impact.EnergyInJoules!.Value, 9);
    }
}
