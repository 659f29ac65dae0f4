// A Microsoft Agent Framework agent on GreenPT: a ChatClientAgent with instructions and a tool, one conversation (an
// AgentSession) over two runs, the first answered at once and the second streamed, and the energy and emissions of each run
// and of the whole conversation, recorded by a GreenPTImpactTracker in the agent's chat pipeline.
//
//   dotnet run --project examples/AgentFramework

using System.ComponentModel;
using System.Text.Json;
using GreenPT.AI;
using GreenPT.AI.Emulator;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace AgentFramework;

/// <summary>The example, callable in-process (tests pass their own writer and key).</summary>
public static class AgentFrameworkApp
{
    /// <summary>Runs the example, writing to <paramref name="output"/>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="apiKey">A GreenPT API key, or <see langword="null"/> or empty to run offline against the emulator.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The exit code: 0 on success, 1 on an error, 130 when cancelled.</returns>
    public static async Task<int> RunAsync(TextWriter output, string? apiKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        GreenPTEmulator? emulator = null;
        try
        {
            GreenPTClientOptions options;
            if (string.IsNullOrWhiteSpace(apiKey))
            {
                emulator = await GreenPTEmulator.StartAsync(new GreenPTEmulatorOptions { Script = OfflineToolCalls }, cancellationToken);
                output.WriteLine($"Offline: using the local GreenPT emulator at {emulator.BaseAddress}; all answers and figures are simulated.");
                options = new GreenPTClientOptions { ApiKey = "emulator", Endpoint = emulator.BaseAddress };
            }
            else
            {
                output.WriteLine($"Online: using the GreenPT API at {GreenPTClientOptions.DefaultEndpoint}.");
                options = new GreenPTClientOptions { ApiKey = apiKey };
            }

            using var greenpt = new GreenPTChatClient(options);
            await ConverseAsync(greenpt, output, cancellationToken);
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.WriteLine("Cancelled.");
            return 130;
        }
        catch (Exception ex)
        {
            output.WriteLine($"Error: {ex.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    private static async Task ConverseAsync(IChatClient greenpt, TextWriter output, CancellationToken cancellationToken)
    {
        // The tracker sits inside the agent's function-invocation loop, so it records every GreenPT call of the conversation.
        var conversation = new GreenPTImpactTracker("conversation");
        IChatClient tracked = greenpt.AsBuilder().UseGreenPTImpactTracking(conversation).Build();
        AIAgent agent = new ChatClientAgent(
            tracked,
            instructions: "You are a travel assistant. Use the tools for facts; answer in one or two sentences.",
            name: "TravelAgent",
            tools: [AIFunctionFactory.Create(GetWeather)]);
        AgentSession session = await agent.CreateSessionAsync(cancellationToken);

        output.WriteLine();
        output.WriteLine("1. User: What's the weather in Lisbon today?");
        AgentResponse first = await agent.RunAsync("What's the weather in Lisbon today?", session, cancellationToken: cancellationToken);
        output.WriteLine($"   {agent.Name}: {first.Text}");
        output.WriteLine($"   Impact of the run (every call): {first.AsChatResponse().GetTotalGreenPTImpact()?.ToString() ?? "not reported"}");

        output.WriteLine();
        output.WriteLine("2. User (streamed): And should I take an umbrella?");
        output.Write($"   {agent.Name}: ");
        var updates = new List<AgentResponseUpdate>();
        await foreach (AgentResponseUpdate update in agent.RunStreamingAsync("And should I take an umbrella?", session, cancellationToken: cancellationToken))
        {
            output.Write(update.Text);
            await output.FlushAsync(cancellationToken);
            updates.Add(update);
        }

        output.WriteLine();
        AgentResponse second = updates.ToAgentResponse();
        output.WriteLine($"   Impact of the run (every call): {second.AsChatResponse().GetTotalGreenPTImpact()?.ToString() ?? "not reported"}");

        output.WriteLine();
        output.WriteLine($"The conversation: {conversation.Total.Calls} GreenPT calls, {conversation.Total.Impact}");
    }

    /// <summary>Today's weather in a city (a fixed answer: this is an example).</summary>
    /// <param name="city">The city.</param>
    /// <returns>The weather.</returns>
    [Description("Today's weather in a city.")]
    private static string GetWeather([Description("The city.")] string city) => $"{city}: sunny, 24 °C, no rain expected";

    /// <summary>
    /// Offline only: the emulator calls the tool for a weather question and answers other questions without it (its built-in
    /// rule would call the first tool for every question); answers after a tool result are its built-in rule's.
    /// </summary>
    private static EmulatorScript? OfflineToolCalls(JsonElement request)
    {
        JsonElement last = request.GetProperty("messages").EnumerateArray().Last();
        if (last.GetProperty("role").GetString() != "user" || last.GetProperty("content").GetString() is not { } question)
        {
            return null;
        }

        return question.Contains("weather", StringComparison.OrdinalIgnoreCase)
            ? new EmulatorScript { ToolCalls = [new("GetWeather", """{"city":"Lisbon"}""")] }
            : new EmulatorScript { Content = $"You said: \"{question}\". This answer comes from the GreenPT emulator." };
    }
}
