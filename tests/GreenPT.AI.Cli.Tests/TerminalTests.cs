using GreenPT.AI.Cli.Tests.Infrastructure;
using GreenPT.AI.Emulator;

namespace GreenPT.AI.Cli.Tests;

/// <summary>
/// The real <c>greenpt</c> binary in a pseudo-terminal (tmux), typed at like a person would. Online tests point it at an emulator
/// in this process through GREENPT_BASE_URL with a key, so that gates can hold an answer back; the offline test runs it with no
/// key at all. Every wait polls the screen with a deadline.
/// </summary>
public sealed class TerminalTests : IAsyncLifetime
{
    private const string Key = "sk-cli-SECRET-3e8d1f7a";
    private const string Prompt = "you ›";
    private GreenPTEmulator _emulator = null!;

    public async ValueTask InitializeAsync() =>
        _emulator = await GreenPTEmulator.StartAsync(new GreenPTEmulatorOptions { ApiKey = Key }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    private Dictionary<string, string> Online => new() { ["GREENPT_API_KEY"] = Key, ["GREENPT_BASE_URL"] = _emulator.BaseAddress.ToString() };

    private static TaskCompletionSource Gate() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Holds chunk 3 of the answer to <paramref name="question"/> until released, or until the request is aborted.</summary>
    private (TaskCompletionSource Held, TaskCompletionSource Release, TaskCompletionSource Cancelled) HoldChunk3(string question)
    {
        var held = Gate();
        var release = Gate();
        var cancelled = Gate();
        _emulator.Options.BeforeStreamChunk = async (chunk, ct) =>
        {
            if (chunk.ChunkIndex == 3 && chunk.LastUserText == question)
            {
                held.TrySetResult();
                try
                {
                    await release.Task.WaitAsync(ct);
                }
                catch (OperationCanceledException)
                {
                    cancelled.TrySetResult();
                    throw;
                }
            }
        };
        return (held, release, cancelled);
    }

    [Fact]
    public async Task Interactive_TokensOnTheScreen_WhileTheServerHoldsTheRest_ThenTheImpactLine()
    {
        (TaskCompletionSource held, TaskCompletionSource release, _) = HoldChunk3("Hello from a terminal");
        await using Tmux terminal = await Tmux.StartAsync("--think off", Online);
        await terminal.WaitForAsync(screen => screen.Contains(Prompt, StringComparison.Ordinal), "the prompt");

        await terminal.TypeAsync("Hello from a terminal");
        await terminal.PressAsync("Enter");
        await Bounded.Within(held.Task, "the emulator to hold back chunk 3");
        string partial = await terminal.WaitForAsync(
            screen => screen.Contains("gemma4 › You said: \"Hello", StringComparison.Ordinal), "chunks 0 to 2 on the screen");
        Assert.DoesNotContain("This answer comes from", partial, StringComparison.Ordinal);
        Assert.DoesNotContain('⚡', partial);

        release.SetResult();
        string done = await terminal.WaitForAsync(screen => screen.Contains('⚡', StringComparison.Ordinal), "the impact line");
        Assert.Contains("gemma4 › You said: \"Hello from a terminal\". This answer comes from the GreenPT emulator.", done, StringComparison.Ordinal);
        Assert.Matches(@"⚡ [\d.]+ Wh · [\d.]+ gCO2e · \d+ ms · \d+ tokens \(\d+ in, \d+ out\)", done);
        Assert.Contains($"Online: GreenPT at {_emulator.BaseAddress}", done, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, done, StringComparison.Ordinal);

        await terminal.TypeAsync("/exit");
        await terminal.PressAsync("Enter");
        Assert.Equal(0, await terminal.WaitForExitAsync());
        TestContext.Current.SendDiagnosticMessage("The greenpt session in tmux:\n" + await terminal.CaptureAsync());
    }

    [Fact]
    public async Task CtrlC_StopsTheAnswerAndItsGreenPTRequest_NotTheSession()
    {
        (TaskCompletionSource held, _, TaskCompletionSource cancelled) = HoldChunk3("Stop me in the terminal");
        await using Tmux terminal = await Tmux.StartAsync("--think off", Online);
        await terminal.WaitForAsync(screen => screen.Contains(Prompt, StringComparison.Ordinal), "the prompt");

        await terminal.TypeAsync("Stop me in the terminal");
        await terminal.PressAsync("Enter");
        await Bounded.Within(held.Task, "the emulator to hold back chunk 3");
        await terminal.WaitForAsync(screen => screen.Contains("gemma4 › You said: \"Stop", StringComparison.Ordinal), "the first tokens");

        await terminal.PressAsync("C-c");
        await Bounded.Within(cancelled.Task, "the emulator's request token to be cancelled by Ctrl+C");
        await terminal.WaitForAsync(screen => screen.Contains("(stopped)", StringComparison.Ordinal), "the answer to be marked stopped");

        // The session goes on: a new question is answered in full.
        await terminal.TypeAsync("Still there?");
        await terminal.PressAsync("Enter");
        string screen = await terminal.WaitForAsync(s => s.Contains('⚡', StringComparison.Ordinal), "the next answer and its impact");
        Assert.Contains("gemma4 › You said: \"Still there?\". This answer comes from the GreenPT emulator.", screen, StringComparison.Ordinal);

        // Ctrl+C at the prompt explains itself; Ctrl+D on an empty line quits, with exit code 0.
        await terminal.PressAsync("C-c");
        await terminal.WaitForAsync(s => s.Contains("to quit, type /exit or press Ctrl+D", StringComparison.Ordinal), "the Ctrl+C hint");
        await terminal.PressAsync("C-d");
        Assert.Equal(0, await terminal.WaitForExitAsync());
    }

    [Fact]
    public async Task Ask_Offline_PrintsTheAnswerAloneOnRedirectedStdout_WithoutColours_AndExitsZero()
    {
        // No key at all: the built-in emulator answers and greenpt says so (on stderr, the terminal).
        await using Tmux terminal = await Tmux.StartAsync("ask 'Why is the sky blue?' > answer.txt");
        Assert.Equal(0, await terminal.WaitForExitAsync());

        byte[] stdout = await File.ReadAllBytesAsync(Path.Combine(terminal.Directory, "answer.txt"), TestContext.Current.CancellationToken);
        Assert.Equal("You said: \"Why is the sky blue?\". This answer comes from the GreenPT emulator.\n", System.Text.Encoding.UTF8.GetString(stdout));
        Assert.DoesNotContain((byte)0x1b, stdout);

        string screen = Tmux.Flat(await terminal.CaptureAsync());
        Assert.Contains("Offline: no GREENPT_API_KEY (or --api-key-file)", screen, StringComparison.Ordinal);
        Assert.Contains("every figure is simulated", screen, StringComparison.Ordinal);
        Assert.Contains("The user said \"Why is the sky blue?\". I will repeat it back.", screen, StringComparison.Ordinal);   // reasoning, on stderr
        Assert.Matches(@"⚡ gemma4: [\d.]+ Wh · [\d.]+ gCO2e", screen);
        // stderr is a terminal, so the reasoning there is dimmed.
        Assert.Contains("\u001b[2", await terminal.CaptureAsync(withEscapes: true), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_UpstreamError_IsOneLineWithTheServersMessageStatusAndRequestId_AndExitCodeOne()
    {
        _emulator.EnqueueFault(EmulatorFault.Status(400) with { Message = "This model does not take that question", RequestId = "req_cli_400" });
        await using Tmux terminal = await Tmux.StartAsync("ask 'Fail, please' --think off", Online);

        Assert.Equal(1, await terminal.WaitForExitAsync());
        string screen = await terminal.CaptureAsync();
        string[] lines = [.. screen.Split('\n').Where(line => line.Trim().Length > 0 && !line.StartsWith("Pane is dead", StringComparison.Ordinal))];
        Assert.Equal(["Error: GreenPT returned 400 Bad Request: This model does not take that question (type invalid_request_error, code 400, request id req_cli_400)"],
            lines.Select(line => line.TrimEnd()));
        Assert.DoesNotContain(Key, screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_CtrlC_StopsTheAnswer_AndExitsWith130()
    {
        (TaskCompletionSource held, _, TaskCompletionSource cancelled) = HoldChunk3("Stop this one");
        await using Tmux terminal = await Tmux.StartAsync("ask 'Stop this one' --think off", Online);
        await Bounded.Within(held.Task, "the emulator to hold back chunk 3");
        await terminal.WaitForAsync(screen => screen.Contains("You said: \"Stop", StringComparison.Ordinal), "the first tokens");

        await terminal.PressAsync("C-c");
        Assert.Equal(130, await terminal.WaitForExitAsync());
        await Bounded.Within(cancelled.Task, "the emulator's request token to be cancelled");
        Assert.Contains("(stopped)", await terminal.CaptureAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageErrors_AndAnUnreadableKeyFile_ExitNonZero_WithOneReadableLine()
    {
        await using (Tmux terminal = await Tmux.StartAsync("--think maybe"))
        {
            Assert.Equal(2, await terminal.WaitForExitAsync());
            Assert.Contains("Try 'greenpt --help'.", await terminal.CaptureAsync(), StringComparison.Ordinal);
        }

        await using (Tmux terminal = await Tmux.StartAsync("ask hello --api-key-file no-such-file"))
        {
            Assert.Equal(1, await terminal.WaitForExitAsync());
            string screen = await terminal.CaptureAsync();
            Assert.Contains("Error: Cannot read the API key file", screen, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", screen, StringComparison.Ordinal);
        }
    }
}
