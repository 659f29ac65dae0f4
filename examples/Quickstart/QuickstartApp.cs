// GreenPT through Microsoft.Extensions.AI's IChatClient, in four steps:
//   1. ask for an answer;
//   2. stream an answer, printing each token as it arrives;
//   3. look at the model's reasoning, with reasoning_effort left on (gemma4's default) and turned off;
//   4. read the time, energy and emissions GreenPT reports for each call, and add them up.
//
// With GREENPT_API_KEY set it calls the real API (model gemma4, or GREENPT_MODEL). Without it, it starts the
// GreenPT emulator in-process on 127.0.0.1 and runs offline: every answer and figure is then simulated.
//
//   dotnet run --project examples/Quickstart

using GreenPT.AI;
using GreenPT.AI.Emulator;
using Microsoft.Extensions.AI;

namespace Quickstart;

/// <summary>The quickstart, callable in-process (tests pass their own writer and key).</summary>
public static class QuickstartApp
{
    /// <summary>Runs the quickstart, writing to <paramref name="output"/>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="apiKey">A GreenPT API key, or <see langword="null"/> or empty to run offline against the emulator.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The exit code: 0 on success, 1 on an error, 130 when cancelled.</returns>
    public static async Task<int> RunAsync(TextWriter output, string? apiKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            if (string.IsNullOrWhiteSpace(apiKey))
            {
                await using var emulator = await GreenPTEmulator.StartAsync(
                    new GreenPTEmulatorOptions { TokenDelay = TimeSpan.FromMilliseconds(20) }, cancellationToken);
                output.WriteLine($"Offline: using the local GreenPT emulator at {emulator.BaseAddress}; all answers and figures are simulated. "
                    + "Set GREENPT_API_KEY to use the real API.");

                using var client = new GreenPTChatClient(new GreenPTClientOptions { ApiKey = "emulator", Endpoint = emulator.BaseAddress });
                await ShowAsync(client, output, cancellationToken);
            }
            else
            {
                string model = Environment.GetEnvironmentVariable("GREENPT_MODEL") is { Length: > 0 } name ? name : "gemma4";
                output.WriteLine($"Online: using the GreenPT API at {GreenPTClientOptions.DefaultEndpoint} with model {model}.");

                using var client = new GreenPTChatClient(new GreenPTClientOptions { ApiKey = apiKey, DefaultModelId = model });
                await ShowAsync(client, output, cancellationToken);
            }

            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.WriteLine("Cancelled.");
            return 130;
        }
        catch (Exception ex)
        {
            // GreenPTException's message carries the server's own message; the library never puts the key in one.
            output.WriteLine($"Error: {ex.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    private static async Task ShowAsync(IChatClient client, TextWriter output, CancellationToken cancellationToken)
    {
        var total = new UsageDetails();
        int calls = 0;

        void ShowImpact(ChatResponse response)
        {
            output.WriteLine($"   Impact: {response.GetGreenPTImpact()?.ToString() ?? "not reported"}");
            if (response.Usage is { } usage)
            {
                total.Add(usage); // the impact travels in the usage counts, so it adds up with them
            }

            calls++;
        }

        output.WriteLine();
        output.WriteLine("1. An answer");
        ChatResponse answer = await client.GetResponseAsync(
            "In one sentence: why does the energy use of AI matter?", cancellationToken: cancellationToken);
        output.WriteLine($"   {answer.Text}");
        ShowImpact(answer);

        output.WriteLine();
        output.WriteLine("2. A streamed answer");
        output.Write("   ");
        List<ChatResponseUpdate> updates = [];
        try
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(
                "In one sentence: what is a watt-hour?", cancellationToken: cancellationToken))
            {
                output.Write(update.Text);
                await output.FlushAsync(cancellationToken);
                updates.Add(update);
            }
        }
        finally
        {
            output.WriteLine(); // end the line, even if the stream is cut short
        }

        ShowImpact(updates.ToChatResponse());

        output.WriteLine();
        output.WriteLine("3. Reasoning");
        const string Question = "Is 1001 a prime number? Answer yes or no.";
        ChatResponse thinking = await client.GetResponseAsync(Question, cancellationToken: cancellationToken);
        output.WriteLine("   reasoning_effort left to the model (gemma4 thinks by default):");
        output.WriteLine($"   Reasoning: {ReasoningOf(thinking)}");
        output.WriteLine($"   Answer:    {thinking.Text}");
        ShowImpact(thinking);

        var noThinking = new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.None } };
        ChatResponse direct = await client.GetResponseAsync(Question, noThinking, cancellationToken);
        output.WriteLine("   reasoning_effort none:");
        output.WriteLine($"   Reasoning: {ReasoningOf(direct)}");
        output.WriteLine($"   Answer:    {direct.Text}");
        ShowImpact(direct);

        output.WriteLine();
        output.WriteLine($"4. Total impact of {calls} calls ({total.TotalTokenCount} tokens)");
        output.WriteLine($"   {total.GetGreenPTImpact()?.ToString() ?? "not reported"}");
    }

    /// <summary>The reasoning text of a response (<see cref="TextReasoningContent"/>), shortened to one line.</summary>
    private static string ReasoningOf(ChatResponse response)
    {
        string reasoning = string.Concat(response.Messages
            .SelectMany(message => message.Contents)
            .OfType<TextReasoningContent>()
            .Select(content => content.Text)).ReplaceLineEndings(" ").Trim();

        return reasoning.Length switch
        {
            0 => "(none)",
            > 200 => $"{reasoning[..200]}…",
            _ => reasoning,
        };
    }
}
