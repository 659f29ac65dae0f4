using System.Text.Json;
using GreenPT.AI.Emulator;
using Microsoft.Extensions.AI;
using Spectre.Console.Testing;

namespace GreenPT.AI.Cli.Tests;

/// <summary>
/// The interactive loop through Spectre.Console.Testing's <see cref="TestConsole"/>: keys in, screen out, against the emulator
/// in-process (127.0.0.1). Gates on the emulator hold an answer back where a test needs it to be in flight.
/// </summary>
public sealed class ChatSessionTests : IAsyncLifetime
{
    private GreenPTEmulator _emulator = null!;
    private GreenPTChatClient _client = null!;
    private GreenPTModelCatalog _catalog = null!;
    private readonly TestConsole _console = new TestConsole().Width(120);
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("greenpt-cli-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _emulator = await GreenPTEmulator.StartAsync(cancellationToken: Ct);
        var options = new GreenPTClientOptions { ApiKey = "test-key", Endpoint = _emulator.BaseAddress, MaxRetries = 0 };
        _client = new GreenPTChatClient(options);
        _catalog = new GreenPTModelCatalog(options);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        _catalog.Dispose();
        _console.Dispose();
        await _emulator.DisposeAsync();
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    private ChatSession NewSession(bool think = true) => new(
        _console,
        new KeyLineReader(_console),
        _client,
        async ct => [.. (await _catalog.ListAsync(GreenPTModelKind.Chat, ct)).Select(m => m.Id)],
        new SessionSettings { Model = "gemma4", Think = think, Origin = "Offline: test emulator; every figure is simulated." });

    private async Task<ChatSession> RunAsync(params string[] lines)
    {
        foreach (string line in lines)
        {
            _console.Input.PushTextWithEnter(line);
        }

        ChatSession session = NewSession();
        int exit = await Bounded.WithinResult(session.RunAsync(Ct), "the session to end");
        Assert.Equal(0, exit);
        return session;
    }

    /// <summary>The screen so far, read while the session may still write (an unlucky read is retried by the caller's poll).</summary>
    private string Screen()
    {
        try
        {
            return _console.Output;
        }
        catch (ArgumentOutOfRangeException)
        {
            return "";
        }
    }

    private JsonElement Request(int index) => JsonDocument.Parse(_emulator.ChatRequests[index]).RootElement;

    [Fact]
    public async Task Question_StreamsTheAnswer_ReasoningDimmed_ThenAOneLineImpact()
    {
        _console.EmitAnsiSequences = true;
        ChatSession session = await RunAsync("Hello there", "/exit");

        string screen = _console.Output;
        // The reasoning is written dim (SGR 2) and italic (SGR 3), the answer plain after it.
        Assert.Matches("\u001b\\[[0-9;]*\\b2;3\\b[0-9;]*mThe\u001b\\[0m", screen);
        string plain = System.Text.RegularExpressions.Regex.Replace(screen, "\u001b\\[[0-9;]*m", "");
        Assert.Contains("you › Hello there", plain, StringComparison.Ordinal);
        Assert.Contains("gemma4 › The user said \"Hello there\". I will repeat it back.\nYou said: \"Hello there\". This answer comes from the GreenPT emulator.\n", plain, StringComparison.Ordinal);
        TurnRecord turn = Assert.Single(session.Turns);
        Assert.Contains($"⚡ {ImpactText.Figure(turn.Impact!.EnergyInWattHours)} Wh · {ImpactText.Figure(turn.Impact.EmissionsInGramsCO2e)} gCO2e · "
            + $"{ImpactText.Milliseconds(turn.Impact.InferenceDuration)} · {turn.TotalTokens} tokens ({turn.InputTokens} in, {turn.OutputTokens} out)", plain, StringComparison.Ordinal);
        Assert.Equal(2, session.History.Count);
        Assert.Equal("You said: \"Hello there\". This answer comes from the GreenPT emulator.", session.History[1].Text);
    }

    [Fact]
    public async Task Think_OffSendsReasoningEffortNone_AndOnLeavesItToTheModel()
    {
        ChatSession session = await RunAsync("/think off", "First", "/think on", "Second", "/exit");

        Assert.Equal("none", Request(0).GetProperty("reasoning_effort").GetString());
        Assert.False(Request(1).TryGetProperty("reasoning_effort", out _));
        Assert.Contains("Thinking off: reasoning effort none", _console.Output, StringComparison.Ordinal);
        Assert.Contains("gemma4 › You said: \"First\"", _console.Output, StringComparison.Ordinal);         // no reasoning before it
        Assert.Contains("gemma4 › The user said \"Second\"", _console.Output, StringComparison.Ordinal);
        Assert.True(session.Think);
        // The second question carries the first turn: the conversation goes on.
        Assert.Equal(3, Request(1).GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Model_ListsTheCatalogsChatModels_SwitchesToOne_AndRefusesAnUnknownOne()
    {
        ChatSession session = await RunAsync("/model", "/model green-l", "/model no-such-model", "Hi", "/exit");

        string screen = _console.Output;
        Assert.Contains("* gemma4", screen, StringComparison.Ordinal);
        Assert.Contains("    green-r", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("green-embedding", screen, StringComparison.Ordinal);   // a chat list only
        Assert.Contains("Model green-l.", screen, StringComparison.Ordinal);
        Assert.Contains("Error: GreenPT lists no chat model no-such-model; /model lists them.", screen, StringComparison.Ordinal);
        Assert.Equal("green-l", session.Model);
        Assert.Equal("green-l", Request(0).GetProperty("model").GetString());
        Assert.Contains("green-l › You said: \"Hi\"", screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveClearLoad_RoundTripTheConversationAsJson()
    {
        string file = Path.Combine(_directory, "conversation.json");
        ChatSession session = await RunAsync("/model green-l", "Remember the number seven", $"/save {file}", "/clear", "After clearing", $"/load {file}", "What was the number?", "/exit");

        using JsonDocument saved = JsonDocument.Parse(await File.ReadAllTextAsync(file, Ct));
        Assert.Equal("greenpt-conversation", saved.RootElement.GetProperty("format").GetString());
        Assert.Equal("green-l", saved.RootElement.GetProperty("model").GetString());
        JsonElement[] messages = [.. saved.RootElement.GetProperty("messages").EnumerateArray()];
        Assert.Equal(["user", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Remember the number seven", messages[0].GetProperty("text").GetString());

        Assert.Equal(1, Request(1).GetProperty("messages").GetArrayLength());     // after /clear: the question alone
        JsonElement[] afterLoad = [.. Request(2).GetProperty("messages").EnumerateArray()];
        Assert.Equal(["Remember the number seven", messages[1].GetProperty("text").GetString(), "What was the number?"],
            afterLoad.Select(m => m.GetProperty("content").GetString()));
        Assert.Contains($"Saved 2 messages to {file}.", _console.Output, StringComparison.Ordinal);
        Assert.Contains($"Loaded 2 messages from {file} (model green-l, thinking on).", _console.Output, StringComparison.Ordinal);
        Assert.Equal(4, session.History.Count);
    }

    [Fact]
    public async Task Load_OfAFileThatIsNotAConversation_IsOneReadableLine()
    {
        string file = Path.Combine(_directory, "not-a-conversation.json");
        await File.WriteAllTextAsync(file, "{\"hello\": 1}", Ct);
        await RunAsync($"/load {file}", $"/load {Path.Combine(_directory, "missing.json")}", "/exit");

        Assert.Contains($"Error: {file} is not a saved conversation", _console.Output, StringComparison.Ordinal);
        Assert.Contains("Error: Could not find file", _console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", _console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Impact_ShowsTheSessionsTotalsAsATable_WithABarPerAnswer()
    {
        ChatSession session = await RunAsync("/impact", "Short", "/think off", "A somewhat longer question with many more words in it than the first", "/impact", "/exit");

        string screen = _console.Output;
        Assert.Contains("No answers yet in this session.", screen, StringComparison.Ordinal);
        Assert.Equal(2, session.Turns.Count);
        string[] lines = screen.Split('\n');
        Assert.Contains(lines, line => line.Contains("Impact of this session", StringComparison.Ordinal));
        string[] rows = [.. lines.Where(line => line.Contains("│ gemma4", StringComparison.Ordinal))];
        Assert.Equal(2, rows.Length);
        int[] bars = [.. rows.Select(row => row.Count(c => c == '█'))];
        double[] energy = [.. session.Turns.Select(t => t.Impact!.EnergyInWattHours!.Value)];
        Assert.Equal(24, bars.Max());                                                  // the largest answer fills the bar
        Assert.Equal(Array.IndexOf(energy, energy.Max()), Array.IndexOf(bars, bars.Max()));
        Assert.True(bars.Min() >= 1);
        GreenPTImpact total = GreenPTImpact.Sum(session.Turns.Select(t => t.Impact));
        Assert.Contains(lines, line => line.Contains("2 answers", StringComparison.Ordinal)
            && line.Contains(ImpactText.Figure(total.EnergyInWattHours), StringComparison.Ordinal)
            && line.Contains(ImpactText.Figure(total.EmissionsInGramsCO2e), StringComparison.Ordinal));
        Assert.Contains(ImpactText.Figure(energy[0]), rows[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interrupt_StopsTheAnswerAndItsGreenPTRequest_NotTheSession()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _emulator.Options.BeforeStreamChunk = async (chunk, ct) =>
        {
            if (chunk.ChunkIndex == 3 && chunk.LastUserText == "Stop me")
            {
                held.TrySetResult();
                try
                {
                    await new TaskCompletionSource().Task.WaitAsync(ct);
                }
                catch (OperationCanceledException)
                {
                    cancelled.TrySetResult();
                    throw;
                }
            }
        };
        _console.Input.PushTextWithEnter("Stop me");
        _console.Input.PushTextWithEnter("Then answer this");
        _console.Input.PushTextWithEnter("/exit");
        ChatSession session = NewSession(think: false);

        Task<int> running = session.RunAsync(Ct);
        await Bounded.Within(held.Task, "the emulator to hold back chunk 3");
        await Bounded.UntilAsync(() => Screen().TrimEnd().EndsWith("gemma4 › You said: \"Stop", StringComparison.Ordinal),
            "chunks 0 to 2 on the screen while chunk 3 is held back");
        session.Interrupt();                                                          // what Ctrl+C does
        await Bounded.Within(cancelled.Task, "the GreenPT request to be cancelled");
        Assert.Equal(0, await Bounded.WithinResult(running, "the session to go on and end at /exit"));

        string screen = _console.Output;
        Assert.Contains("(stopped) the GreenPT request was cancelled", screen, StringComparison.Ordinal);
        Assert.Contains("gemma4 › You said: \"Then answer this\". This answer comes from the GreenPT emulator.", screen, StringComparison.Ordinal);
        Assert.Single(session.Turns);
        Assert.Equal(["Then answer this", "You said: \"Then answer this\". This answer comes from the GreenPT emulator."], session.History.Select(m => m.Text));
    }

    [Fact]
    public async Task UpstreamError_IsOneReadableLineWithStatusAndRequestId_AndTheSessionGoesOn()
    {
        _emulator.EnqueueFault(EmulatorFault.Status(503) with { Message = "The model is at capacity", RequestId = "req_cli_503" });
        ChatSession session = await RunAsync("Will this fail?", "And this?", "/exit");

        string[] errors = [.. _console.Output.Split('\n').Where(line => line.StartsWith("Error:", StringComparison.Ordinal))];
        string error = Assert.Single(errors);
        Assert.Equal("Error: GreenPT returned 503 Service Unavailable: The model is at capacity (type service_unavailable, code 503, request id req_cli_503)", error.TrimEnd());
        Assert.DoesNotContain("   at ", _console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", _console.Output, StringComparison.Ordinal);
        Assert.Contains("You said: \"And this?\"", _console.Output, StringComparison.Ordinal);
        Assert.Single(session.Turns);
        Assert.Equal(2, session.History.Count);                                       // the failed question is not kept
    }

    [Fact]
    public async Task Keys_BackspaceErases_UnknownCommandsAreNamed_AndCtrlDOnAnEmptyLineQuits()
    {
        _console.Input.PushText("Dear Hellp");
        _console.Input.PushKey(ConsoleKey.Backspace);
        _console.Input.PushTextWithEnter("o");
        _console.Input.PushTextWithEnter("/frobnicate");
        _console.Input.PushKey(new ConsoleKeyInfo('\u0004', ConsoleKey.D, shift: false, alt: false, control: true));
        ChatSession session = NewSession(think: false);

        Assert.Equal(0, await Bounded.WithinResult(session.RunAsync(Ct), "Ctrl+D to end the session"));
        Assert.Equal("Dear Hello", Request(0).GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Contains("Error: Unknown command /frobnicate; /help lists the commands.", _console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ThinkOffIsReasoningEffortNone_ThinkOnIsTheModelsDefault()
    {
        Assert.Equal(ReasoningEffort.None, Answers.Options("gemma4", think: false).Reasoning?.Effort);
        Assert.Null(Answers.Options("gemma4", think: true).Reasoning);
        Assert.Equal("green-r", Answers.Options("green-r", think: true).ModelId);
    }
}
