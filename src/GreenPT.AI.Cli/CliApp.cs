using System.CommandLine;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace GreenPT.AI.Cli;

/// <summary>The process around the commands: standard streams, whether they are terminals, the environment, Ctrl+C.</summary>
internal sealed class CliHost
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required TextReader In { get; init; }

    public bool OutRedirected { get; init; }

    public bool ErrorRedirected { get; init; }

    public bool InRedirected { get; init; }

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Registers what Ctrl+C does while a command runs; disposing the result unregisters it.</summary>
    public Func<Action, IDisposable> OnInterrupt { get; init; } = _ => new NoRegistration();

    /// <summary>The emulator's pause per streamed token when offline.</summary>
    public TimeSpan EmulatorTokenDelay { get; init; } = TimeSpan.FromMilliseconds(25);

    private sealed class NoRegistration : IDisposable
    {
        public void Dispose()
        {
        }
    }
}

/// <summary><c>greenpt</c> (the interactive chat) and <c>greenpt ask "question"</c>, on System.CommandLine.</summary>
internal static class CliApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int Interrupted = 130;

    public static async Task<int> RunAsync(string[] args, CliHost host)
    {
        ArgumentNullException.ThrowIfNull(host);

        var model = new Option<string?>("--model", "-m")
        {
            Description = $"The chat model (default {GreenPTModels.DefaultChat}; `/model` lists GreenPT's).",
            Recursive = true,
        };
        var apiKeyFile = new Option<FileInfo?>("--api-key-file")
        {
            Description = "A file holding the GreenPT API key (else GREENPT_API_KEY; with neither, the built-in emulator answers).",
            Recursive = true,
        };
        var think = new Option<string>("--think")
        {
            Description = "on: the model reasons first (its default); off: reasoning effort none.",
            DefaultValueFactory = _ => "on",
            Recursive = true,
        };
        think.AcceptOnlyFromAmong("on", "off");

        var question = new Argument<string>("question") { Description = "The question." };
        var ask = new Command("ask", "Answer one question: the answer on stdout (no colours), reasoning and impact on stderr.") { question };
        var root = new RootCommand("greenpt: chat with GreenPT in the terminal, with the energy and CO2 of every answer.") { model, apiKeyFile, think, ask };

        ConnectionSettings Settings(ParseResult parse) => new()
        {
            EnvironmentApiKey = host.Environment("GREENPT_API_KEY"),
            ApiKeyFile = parse.GetValue(apiKeyFile),
            Model = parse.GetValue(model),
            EmulatorTokenDelay = host.EmulatorTokenDelay,
        };

        root.SetAction((parse, cancellationToken) => InteractiveAsync(host, Settings(parse), parse.GetValue(think) != "off", cancellationToken));
        ask.SetAction((parse, cancellationToken) => AskAsync(host, Settings(parse), parse.GetValue(question)!, parse.GetValue(think) != "off", cancellationToken));

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parsed.Errors)
            {
                await host.Error.WriteLineAsync($"greenpt: {error.Message}").ConfigureAwait(false);
            }

            await host.Error.WriteLineAsync("Try 'greenpt --help'.").ConfigureAwait(false);
            return Usage;
        }

        // Ctrl+C is handled by the commands themselves (it stops an answer, not the session), not by System.CommandLine.
        return await parsed.InvokeAsync(
            new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false, Output = host.Out, Error = host.Error },
            CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task<int> InteractiveAsync(CliHost host, ConnectionSettings settings, bool think, CancellationToken cancellationToken)
    {
        IAnsiConsole console = CreateConsole(host.Out, host.OutRedirected, host);
        try
        {
            await using GreenPTConnection connection = await GreenPTConnection.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
            ILineReader input = host.InRedirected ? new TextLineReader(host.In) : new KeyLineReader(console);
            var session = new ChatSession(console, input, connection.Chat, connection.ListChatModelsAsync,
                new SessionSettings { Model = connection.DefaultModel, Think = think, Origin = connection.Describe() });
            using IDisposable interrupt = host.OnInterrupt(session.Interrupt);
            return await session.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await host.Error.WriteLineAsync($"Error: {ErrorText.Describe(ex)}").ConfigureAwait(false);
            return Failure;
        }
    }

    /// <summary>One answer: text on stdout as it arrives; reasoning (dimmed on a terminal), the impact and errors on stderr.</summary>
    private static async Task<int> AskAsync(CliHost host, ConnectionSettings settings, string question, bool think, CancellationToken cancellationToken)
    {
        IAnsiConsole error = CreateConsole(host.Error, host.ErrorRedirected, host);
        var faint = new Style(foreground: Color.Grey);
        using var answering = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using IDisposable interrupt = host.OnInterrupt(() => answering.Cancel());
        bool reasoning = false;
        bool text = false;
        try
        {
            await using GreenPTConnection connection = await GreenPTConnection.OpenAsync(settings, answering.Token).ConfigureAwait(false);
            if (connection.Simulated)
            {
                error.Write(new Text(connection.Describe(), faint));
                error.WriteLine();
            }

            ChatResponse response = await Answers.StreamAsync(
                connection.Chat,
                [new ChatMessage(ChatRole.User, question)],
                Answers.Options(connection.DefaultModel, think),
                piece =>
                {
                    reasoning = true;
                    error.Write(new Text(piece, new Style(foreground: Color.Grey, decoration: Decoration.Dim | Decoration.Italic)));
                },
                piece =>
                {
                    if (reasoning && !text)
                    {
                        error.WriteLine();
                    }

                    text = true;
                    host.Out.Write(piece);
                    host.Out.Flush();
                },
                answering.Token).ConfigureAwait(false);
            await host.Out.WriteLineAsync().ConfigureAwait(false);
            await host.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);

            TurnRecord turn = Answers.Record(1, connection.DefaultModel, response);
            error.Write(new Text($"⚡ {turn.Model}: {ImpactText.OneLine(turn)}", faint));
            error.WriteLine();
            return Success;
        }
        catch (OperationCanceledException) when (answering.IsCancellationRequested)
        {
            await host.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await host.Error.WriteLineAsync().ConfigureAwait(false);
            await host.Error.WriteLineAsync("(stopped)").ConfigureAwait(false);
            return Interrupted;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await host.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            if (reasoning || text)
            {
                await host.Error.WriteLineAsync().ConfigureAwait(false);
            }

            await host.Error.WriteLineAsync($"Error: {ErrorText.Describe(ex)}").ConfigureAwait(false);
            return Failure;
        }
    }

    /// <summary>A Spectre console on <paramref name="writer"/>: colours only on a terminal, and never with NO_COLOR set.</summary>
    internal static IAnsiConsole CreateConsole(TextWriter writer, bool redirected, CliHost host)
    {
        bool plain = redirected || !string.IsNullOrEmpty(host.Environment("NO_COLOR"));
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = short.MaxValue; // a file or a pipe: lines as they are, never wrapped at 80 columns
        }

        return console;
    }
}
