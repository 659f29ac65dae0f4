// Carbon accounting with GreenPT through Microsoft.Extensions.AI, in three steps:
//   1. a conversation with a tool, the tool loop run by hand, every call recorded into a GreenPTImpactTracker;
//   2. a carbon budget on a second tracker: calls are degraded to a cheaper model when half of it is spent,
//      then refused, before anything is sent, once all of it is;
//   3. the tracker's report, as text and as JSON;
//   4. a simulated day of a small fleet's traffic (its clock moved on an hour at a time), with its SCI for AI (per token, per call
//      and per conversation) as text, JSON and CSV, and a chart of its energy and emissions per hour and per model as SVG.
//
// It always runs offline, against the GreenPT emulator started in-process on 127.0.0.1: every figure is simulated.
//
//   dotnet run --project examples/CarbonAccounting

using System.ComponentModel;
using GreenPT.AI;
using GreenPT.AI.Charts;
using GreenPT.AI.Emulator;
using Microsoft.Extensions.AI;

namespace CarbonAccounting;

/// <summary>The carbon accounting example, callable in-process (tests pass their own writer).</summary>
public static class CarbonAccountingApp
{
    /// <summary>Runs the example, writing to <paramref name="output"/> and its files to <c>carbon-accounting</c> in the temporary directory.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The exit code: 0 on success, 1 on an error, 130 when cancelled.</returns>
    public static Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken = default) => RunAsync(output, filesDirectory: null, cancellationToken);

    /// <summary>Runs the example, writing to <paramref name="output"/>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="filesDirectory">Where the chart, JSON and CSV go; <c>carbon-accounting</c> in the temporary directory when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The exit code: 0 on success, 1 on an error, 130 when cancelled.</returns>
    public static async Task<int> RunAsync(TextWriter output, string? filesDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            await using var emulator = await GreenPTEmulator.StartAsync(cancellationToken: cancellationToken);
            output.WriteLine($"Offline: using the local GreenPT emulator at {emulator.BaseAddress}; all answers and figures are simulated.");

            using var greenpt = new GreenPTChatClient(new GreenPTClientOptions { ApiKey = "emulator", Endpoint = emulator.BaseAddress });

            GreenPTImpactTracker user = await ConverseAsync(greenpt, output, cancellationToken);
            GreenPTImpactTracker budgeted = await SpendBudgetAsync(greenpt, emulator, user, output, cancellationToken);

            output.WriteLine();
            output.WriteLine("3. The report");
            GreenPTImpactReport report = budgeted.CreateReport();
            output.Write(report.ToString());
            output.WriteLine(report.ToJson());

            await SimulateADayAsync(greenpt, output, filesDirectory ?? Path.Combine(Path.GetTempPath(), "carbon-accounting"), cancellationToken);
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
    }

    /// <summary>Step 1: two questions, each answered through a hand-run tool loop, tracked for "demo-user".</summary>
    private static async Task<GreenPTImpactTracker> ConverseAsync(IChatClient greenpt, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine("1. A conversation with a tool, tracked for demo-user");

        var tracker = new GreenPTImpactTracker("demo-user");
        IChatClient client = new GreenPTImpactTrackingChatClient(greenpt, tracker);

        AIFunction getWeather = AIFunctionFactory.Create(
            ([Description("The city")] string city) => $"sunny and 21 °C in {city}",
            "get_weather",
            "Gets the current weather in a city.");
        var options = new ChatOptions { ModelId = "gemma4", Tools = [getWeather] };

        // The emulator fills a string argument with the user's text, so the user just names a city.
        List<ChatMessage> history = [];
        foreach (string question in (string[])["Paris", "Berlin"])
        {
            output.WriteLine($"   User: {question}");
            history.Add(new ChatMessage(ChatRole.User, question));
            ChatResponse answer = await GetAnswerWithToolsAsync(client, tracker, history, options, output, cancellationToken);
            output.WriteLine($"   Assistant: {answer.Text}");
        }

        return tracker;
    }

    /// <summary>Calls the model, runs the tools it asks for and calls it again, until it answers in text.</summary>
    private static async Task<ChatResponse> GetAnswerWithToolsAsync(
        IChatClient client, GreenPTImpactTracker tracker, List<ChatMessage> history, ChatOptions options, TextWriter output,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            ChatResponse response = await client.GetResponseAsync(history, options, cancellationToken);
            history.AddRange(response.Messages);
            output.WriteLine($"     call {tracker.Total.Calls}: {response.GetGreenPTImpact()}; running total {tracker.Total.Impact}");

            List<FunctionCallContent> calls = [.. response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()];
            if (calls.Count == 0)
            {
                return response;
            }

            List<AIContent> results = [];
            foreach (FunctionCallContent call in calls)
            {
                AIFunction function = options.Tools!.OfType<AIFunction>().Single(f => f.Name == call.Name);
                object? result = await function.InvokeAsync(new AIFunctionArguments(call.Arguments), cancellationToken);
                output.WriteLine($"     tool {call.Name}({string.Join(", ", call.Arguments?.Values ?? [])}) -> {result}");
                results.Add(new FunctionResultContent(call.CallId, result));
            }

            history.Add(new ChatMessage(ChatRole.Tool, results));
        }
    }

    /// <summary>Step 2: questions against a budget of about 2.5 calls, until it is spent.</summary>
    private static async Task<GreenPTImpactTracker> SpendBudgetAsync(
        IChatClient greenpt, GreenPTEmulator emulator, GreenPTImpactTracker observed, TextWriter output, CancellationToken cancellationToken)
    {
        // Size the budget from what step 1 observed: 2.5 average calls' worth of energy.
        double milliwattHoursPerCall = observed.Total.AveragePerCall!.EnergyInWattHours!.Value * 1000;
        var budget = new GreenPTCarbonBudget
        {
            EnergyLimit = new(Math.Round(2.5 * milliwattHoursPerCall), "mWh"),
            DegradeAt = 0.5,            // from half of the budget on...
            DegradedModelId = "green-l", // ...use a smaller model...
            DegradeReasoning = true,     // ...and turn thinking off
        };

        output.WriteLine();
        output.WriteLine($"2. A budget of {budget.EnergyLimit} for demo-budget (about 2.5 calls), degraded once {budget.DegradeAt * 100:0}% is spent");

        var tracker = new GreenPTImpactTracker("demo-budget") { Budget = budget };
        IChatClient client = new GreenPTImpactTrackingChatClient(greenpt, tracker);
        var options = new ChatOptions { ModelId = "gemma4" };

        for (int question = 1; question <= 10; question++)
        {
            int requestsBefore = emulator.RequestCount;
            try
            {
                ChatResponse response = await client.GetResponseAsync($"Question {question}", options, cancellationToken);
                output.WriteLine($"   Question {question}: {response.ModelId}, {response.GetGreenPTImpact()}; "
                    + $"{tracker.BudgetSpentFraction * 100:0}% of the budget spent");
                if (response.GetGreenPTBudgetDegradation() is { } degradation)
                {
                    output.WriteLine($"     degraded: {degradation}");
                }
            }
            catch (GreenPTCarbonBudgetExceededException ex)
            {
                output.WriteLine($"   Question {question}: refused. {ex.Message}");
                output.WriteLine($"     emulator requests before and after: {requestsBefore} and {emulator.RequestCount}; the call never reached the server");
                break;
            }
        }

        return tracker;
    }
    /// <summary>
    /// Step 4: from 06:00 to 17:00 UTC today, on a clock the example moves on an hour at a time, a few conversations an hour for
    /// demo-fleet, on two models, and one call an hour that another provider served (no impact: it gets an estimate). Then the day's
    /// SCI for AI and a chart, written to files.
    /// </summary>
    private static async Task SimulateADayAsync(IChatClient greenpt, TextWriter output, string directory, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine("4. A simulated day for demo-fleet: SCI for AI and a chart");

        var clock = new SimulatedClock(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(6), TimeSpan.Zero));
        var fleet = new GreenPTImpactTracker("demo-fleet") { TimeProvider = clock };
        IChatClient client = new GreenPTImpactTrackingChatClient(greenpt, fleet);
        int conversations = 0;
        for (int hour = 6; hour < 18; hour++)
        {
            clock.Now = clock.Now.Date.AddHours(hour).AddMinutes(5);
            int busy = 1 + (hour * 7 % 4); // 1 to 4 conversations an hour
            for (int c = 0; c < busy; c++)
            {
                string model = c % 3 == 2 ? "green-l" : "gemma4";
                await client.GetResponseAsync($"Conversation {conversations + 1}: what should I know about hour {hour}?", new ChatOptions { ModelId = model }, cancellationToken);
                conversations++;
            }

            // A call a failover chain sent to another provider, which reports no impact: recorded with its tokens, estimated, never zero.
            await fleet.RecordAsync(new GreenPTImpactRecord { ModelId = "other-provider", InputTokens = 40, OutputTokens = 120 }, cancellationToken);
        }

        GreenPTImpactReport day = await fleet.CreateReportAsync(GreenPTBudgetWindow.UtcDay, cancellationToken);
        GreenPTSciReport sci = day.ToSci(new GreenPTSciOptions { Workflows = conversations }); // a workflow here is a conversation
        output.Write(sci.ToString());

        Directory.CreateDirectory(directory);
        GreenPTImpactSeries series = await fleet.GetSeriesAsync(GreenPTBudgetWindow.UtcDay, cancellationToken);
        string chart = Path.Combine(directory, "demo-fleet-day.svg");
        string json = Path.Combine(directory, "demo-fleet-sci.json");
        string csv = Path.Combine(directory, "demo-fleet-sci.csv");
        string png = Path.ChangeExtension(chart, ".png");
        await File.WriteAllTextAsync(chart, series.ToSvg(), cancellationToken);
        await File.WriteAllBytesAsync(png, series.ToPng(), cancellationToken); // the same chart through GreenPT.AI.Charts (ScottPlot)
        await File.WriteAllTextAsync(json, sci.ToJson(), cancellationToken);
        await File.WriteAllTextAsync(csv, sci.ToCsv(), cancellationToken);
        output.WriteLine($"   Chart (energy and emissions per hour and per model): {chart}");
        output.WriteLine($"   The same as PNG: {png}");
        output.WriteLine($"   SCI as JSON: {json}");
        output.WriteLine($"   SCI as CSV: {csv}");
    }

    /// <summary>A clock the example sets by hand, so that a day of traffic runs in a second.</summary>
    private sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
