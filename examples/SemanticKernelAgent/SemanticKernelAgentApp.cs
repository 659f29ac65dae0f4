// A Semantic Kernel agent on GreenPT: a kernel with GreenPT chat completion and a plugin, a conversation kept in a
// ChatHistory, automatic function calling, the model's reasoning, and the energy and emissions of each turn and of the
// whole conversation (every GreenPT call, tool-call turns included).
//
// Semantic Kernel's ChatCompletionAgent (package Microsoft.SemanticKernel.Agents.Core) is the ready-made agent type; this
// example drives the same loop with the IChatCompletionService it would use, which needs only Microsoft.SemanticKernel.Core.
//
//   dotnet run --project examples/SemanticKernelAgent

using System.ComponentModel;
using System.Text.Json;
using GreenPT.AI;
using GreenPT.AI.Emulator;
using GreenPT.AI.SemanticKernel;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace SemanticKernelAgent;

/// <summary>The example, callable in-process (tests pass their own writer and key).</summary>
public static class SemanticKernelAgentApp
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
            IKernelBuilder builder = Kernel.CreateBuilder();
            if (string.IsNullOrWhiteSpace(apiKey))
            {
                emulator = await GreenPTEmulator.StartAsync(new GreenPTEmulatorOptions { Script = OfflineToolCalls }, cancellationToken);
                output.WriteLine($"Offline: using the local GreenPT emulator at {emulator.BaseAddress}; all answers and figures are simulated.");
                Uri endpoint = emulator.BaseAddress;
                builder.AddGreenPTChatCompletion(o => { o.ApiKey = "emulator"; o.Endpoint = endpoint; });
            }
            else
            {
                output.WriteLine($"Online: using the GreenPT API at {GreenPTClientOptions.DefaultEndpoint}.");
                builder.AddGreenPTChatCompletion(apiKey);
            }

            builder.Plugins.AddFromType<TravelPlugin>("travel");
            Kernel kernel = builder.Build();
            await ConverseAsync(kernel, output, cancellationToken);
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

    private static async Task ConverseAsync(Kernel kernel, TextWriter output, CancellationToken cancellationToken)
    {
        IChatCompletionService chat = kernel.GetRequiredService<IChatCompletionService>();
        var settings = new GreenPTPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
        var history = new ChatHistory("You are a travel assistant. Use the tools for facts; answer in one or two sentences.");
        var conversation = GreenPTImpact.Zero;
        string[] turns = ["What's the weather in Lisbon today?", "How long is the train ride from Lisbon to Porto?"];

        for (int turn = 0; turn < turns.Length; turn++)
        {
            output.WriteLine();
            output.WriteLine($"{turn + 1}. User: {turns[turn]}");
            history.AddUserMessage(turns[turn]);
            int before = history.Count;

            ChatMessageContent reply = await chat.GetChatMessageContentAsync(history, settings, kernel, cancellationToken);
            foreach (ChatMessageContent step in history.Skip(before))
            {
                foreach (FunctionCallContent call in step.Items.OfType<FunctionCallContent>())
                {
                    output.WriteLine($"   tool call: {call.FunctionName}({string.Join(", ", call.Arguments?.Select(a => $"{a.Key}: {a.Value}") ?? [])})");
                }

                foreach (FunctionResultContent result in step.Items.OfType<FunctionResultContent>())
                {
                    output.WriteLine($"   tool result: {result.Result}");
                }
            }

            history.Add(reply);
            output.WriteLine($"   Reasoning: {OneLine(reply.GetGreenPTReasoning())}");
            output.WriteLine($"   Assistant: {reply.Content}");
            GreenPTImpact? turnImpact = reply.GetTotalGreenPTImpact();
            output.WriteLine($"   Impact of the turn (every call): {turnImpact?.ToString() ?? "not reported"}");
            conversation += turnImpact ?? GreenPTImpact.Zero;
        }

        output.WriteLine();
        output.WriteLine($"Total impact of the conversation: {conversation}");
    }

    /// <summary>
    /// Offline only: lets the emulator call the tool a question needs (its built-in rule would always call the first one) and
    /// leaves every other answer, and the answer after a tool result, to its built-in rule.
    /// </summary>
    private static EmulatorScript? OfflineToolCalls(JsonElement request)
    {
        JsonElement last = request.GetProperty("messages").EnumerateArray().Last();
        if (last.GetProperty("role").GetString() != "user" || last.GetProperty("content").GetString() is not { } question)
        {
            return null;
        }

        EmulatorToolCall? call =
            question.Contains("weather", StringComparison.OrdinalIgnoreCase) ? new("travel_get_weather", """{"city":"Lisbon"}""")
            : question.Contains("train", StringComparison.OrdinalIgnoreCase) ? new("travel_get_train_duration", """{"from":"Lisbon","to":"Porto"}""")
            : null;
        return call is null ? null : new EmulatorScript { ToolCalls = [call] };
    }

    private static string OneLine(string? text)
    {
        string line = (text ?? string.Empty).ReplaceLineEndings(" ").Trim();
        return line.Length switch { 0 => "(none)", > 160 => $"{line[..160]}…", _ => line };
    }

    /// <summary>The kernel functions the agent may call.</summary>
    public sealed class TravelPlugin
    {
        /// <summary>Today's weather in a city (a fixed answer: this is an example).</summary>
        /// <param name="city">The city.</param>
        /// <returns>The weather.</returns>
        [KernelFunction("get_weather"), Description("Today's weather in a city.")]
        public static string GetWeather([Description("The city.")] string city) => $"{city}: sunny, 24 °C";

        /// <summary>How long a train ride takes (a fixed answer: this is an example).</summary>
        /// <param name="from">Where the ride starts.</param>
        /// <param name="to">Where it ends.</param>
        /// <returns>The duration.</returns>
        [KernelFunction("get_train_duration"), Description("How long the train ride between two cities takes.")]
        public static string GetTrainDuration([Description("Departure city.")] string from, [Description("Arrival city.")] string to) =>
            $"{from} to {to}: about 2 h 50 min";
    }
}
