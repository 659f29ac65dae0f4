using System.Globalization;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace GreenPT.AI.Cli;

/// <summary>What the interactive session starts with.</summary>
internal sealed record SessionSettings
{
    public required string Model { get; init; }

    public bool Think { get; init; } = true;

    /// <summary>The line saying where the answers come from (online, or offline and simulated).</summary>
    public string? Origin { get; init; }
}

/// <summary>
/// The interactive chat: a prompt, each answer streamed as it arrives (the reasoning dimmed), a one-line impact after each answer,
/// and the slash commands. <see cref="Interrupt"/> (Ctrl+C) stops the answer being written, or abandons the line being typed;
/// it never ends the session.
/// </summary>
internal sealed class ChatSession
{
    private const string DefaultFile = "greenpt-conversation.json";
    private const int BarWidth = 24;

    private static readonly Style Reasoning = new(foreground: Color.Grey, decoration: Decoration.Dim | Decoration.Italic);
    private static readonly Style Faint = new(foreground: Color.Grey);

    private readonly IAnsiConsole _console;
    private readonly ILineReader _input;
    private readonly IChatClient _client;
    private readonly Func<CancellationToken, Task<IReadOnlyList<string>>> _listModels;
    private readonly string? _origin;
    private readonly List<ChatMessage> _history = [];
    private readonly List<TurnRecord> _turns = [];
    private CancellationTokenSource? _current;

    public ChatSession(IAnsiConsole console, ILineReader input, IChatClient client, Func<CancellationToken, Task<IReadOnlyList<string>>> listModels, SessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _console = console;
        _input = input;
        _client = client;
        _listModels = listModels;
        _origin = settings.Origin;
        Model = settings.Model;
        Think = settings.Think;
    }

    public string Model { get; private set; }

    public bool Think { get; private set; }

    /// <summary>The conversation sent with the next question (completed turns only).</summary>
    public IReadOnlyList<ChatMessage> History => _history;

    /// <summary>Every completed answer of the session (kept across <c>/clear</c> and <c>/load</c>).</summary>
    public IReadOnlyList<TurnRecord> Turns => _turns;

    /// <summary>Ctrl+C: stops the answer being streamed (its GreenPT request is cancelled) or abandons the line being typed.</summary>
    public void Interrupt()
    {
        try
        {
            Volatile.Read(ref _current)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the operation ended as the key was pressed
        }
    }

    /// <summary>Runs until <c>/exit</c>, Ctrl+D or the end of the input.</summary>
    /// <returns>The exit code (0).</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _console.Write(new Markup($"[bold green]greenpt[/] · model [bold]{Markup.Escape(Model)}[/] · thinking {(Think ? "on" : "off")}"));
        _console.WriteLine();
        if (_origin is not null)
        {
            _console.Write(new Text(_origin, Faint));
            _console.WriteLine();
        }

        _console.Write(new Text("Type a question, or /help. Ctrl+C stops an answer; /exit or Ctrl+D quits.", Faint));
        _console.WriteLine();

        while (!cancellationToken.IsCancellationRequested)
        {
            _console.WriteLine();
            _console.Write(new Markup("[bold green]you ›[/] "));
            string? line;
            using (CancellationTokenSource reading = Begin(cancellationToken))
            {
                try
                {
                    line = await _input.ReadLineAsync(reading.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    _console.WriteLine();
                    _console.Write(new Text("(Ctrl+C stops an answer; to quit, type /exit or press Ctrl+D)", Faint));
                    _console.WriteLine();
                    continue;
                }
                finally
                {
                    End(reading);
                }
            }

            if (line is null)
            {
                _console.WriteLine();
                break;
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('/'))
            {
                if (!await CommandAsync(line, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }

                continue;
            }

            await AnswerAsync(line, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    private async Task AnswerAsync(string question, CancellationToken cancellationToken)
    {
        List<ChatMessage> messages = [.. _history, new ChatMessage(ChatRole.User, question)];
        _console.Write(new Markup($"[bold blue]{Markup.Escape(Model)} ›[/] "));
        bool reasoning = false;
        bool text = false;
        using CancellationTokenSource answering = Begin(cancellationToken);
        try
        {
            ChatResponse response = await Answers.StreamAsync(
                _client,
                messages,
                Answers.Options(Model, Think),
                piece =>
                {
                    reasoning = true;
                    _console.Write(new Text(piece, Reasoning));
                },
                piece =>
                {
                    if (reasoning && !text)
                    {
                        _console.WriteLine();
                    }

                    text = true;
                    _console.Write(new Text(piece));
                },
                answering.Token).ConfigureAwait(false);
            _console.WriteLine();

            TurnRecord turn = Answers.Record(_turns.Count + 1, Model, response);
            _turns.Add(turn);
            _history.Add(new ChatMessage(ChatRole.User, question));
            _history.Add(new ChatMessage(ChatRole.Assistant, response.Text));
            _console.Write(new Text("  ⚡ " + ImpactText.OneLine(turn), Faint));
            _console.WriteLine();
        }
        catch (OperationCanceledException) when (answering.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _console.WriteLine();
            _console.Write(new Markup("[yellow](stopped)[/] "));
            _console.Write(new Text("the GreenPT request was cancelled; a stopped answer reports no impact and is not kept", Faint));
            _console.WriteLine();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _console.WriteLine();
            ShowError(ErrorText.Describe(ex));
        }
        finally
        {
            End(answering);
        }
    }

    /// <summary>Runs a slash command; <see langword="false"/> ends the session.</summary>
    private async Task<bool> CommandAsync(string line, CancellationToken cancellationToken)
    {
        string[] words = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string argument = words.Length > 1 ? words[1] : "";
        try
        {
            switch (words[0].ToLowerInvariant())
            {
                case "/exit" or "/quit":
                    return false;
                case "/help":
                    ShowHelp();
                    break;
                case "/think":
                    SetThink(argument);
                    break;
                case "/model":
                    await ModelAsync(argument, cancellationToken).ConfigureAwait(false);
                    break;
                case "/clear":
                    _history.Clear();
                    Say("Conversation cleared: the next question starts afresh (the session's impact totals are kept; see /impact).");
                    break;
                case "/save":
                    string saveTo = argument.Length > 0 ? argument : DefaultFile;
                    await ConversationFile.SaveAsync(saveTo, Model, Think, _history, cancellationToken).ConfigureAwait(false);
                    Say($"Saved {_history.Count} messages to {Path.GetFullPath(saveTo)}.");
                    break;
                case "/load":
                    string loadFrom = argument.Length > 0 ? argument : DefaultFile;
                    ConversationDocument document = await ConversationFile.LoadAsync(loadFrom, cancellationToken).ConfigureAwait(false);
                    _history.Clear();
                    _history.AddRange(ConversationFile.ToMessages(document));
                    Model = string.IsNullOrWhiteSpace(document.Model) ? Model : document.Model;
                    Think = document.Think ?? Think;
                    Say($"Loaded {_history.Count} messages from {Path.GetFullPath(loadFrom)} (model {Model}, thinking {(Think ? "on" : "off")}).");
                    break;
                case "/impact":
                    ShowImpact();
                    break;
                default:
                    ShowError($"Unknown command {words[0]}; /help lists the commands.");
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ShowError(ErrorText.Describe(ex));
        }

        return true;
    }

    private void SetThink(string argument)
    {
        switch (argument.ToLowerInvariant())
        {
            case "on":
                Think = true;
                break;
            case "off":
                Think = false;
                break;
            case "":
                break;
            default:
                ShowError("Use /think on or /think off.");
                return;
        }

        Say(Think
            ? "Thinking on: the model reasons first, as it does by default (shown dimmed; it costs tokens and energy)."
            : "Thinking off: reasoning effort none, a direct answer.");
    }

    private async Task ModelAsync(string argument, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> models = await _listModels(cancellationToken).ConfigureAwait(false);
        if (argument.Length == 0)
        {
            _console.Write(new Text("Chat models (/model NAME switches):", Faint));
            _console.WriteLine();
            foreach (string model in models)
            {
                _console.Write(model == Model ? new Markup($"  [bold green]* {Markup.Escape(model)}[/]") : new Markup($"    {Markup.Escape(model)}"));
                _console.WriteLine();
            }

            return;
        }

        string? match = models.FirstOrDefault(model => string.Equals(model, argument, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            ShowError($"GreenPT lists no chat model {argument}; /model lists them.");
            return;
        }

        Model = match;
        Say($"Model {Model}.");
    }

    private void ShowImpact()
    {
        if (_turns.Count == 0)
        {
            Say("No answers yet in this session.");
            return;
        }

        double maxEnergy = _turns.Max(turn => turn.Impact?.EnergyInWattHours ?? 0);
        GreenPTImpact total = GreenPTImpact.Sum(_turns.Select(turn => turn.Impact));
        long tokens = _turns.Sum(turn => turn.TotalTokens ?? 0);
        var table = new Table { Border = TableBorder.Rounded, ShowFooters = true, Title = new TableTitle("Impact of this session") };
        table.AddColumn(new TableColumn("#").RightAligned().Footer(""));
        table.AddColumn(new TableColumn("model").Footer($"{_turns.Count} answer{(_turns.Count == 1 ? "" : "s")}"));
        table.AddColumn(new TableColumn("tokens").RightAligned().Footer(tokens.ToString(CultureInfo.InvariantCulture)));
        table.AddColumn(new TableColumn("time").RightAligned().Footer(ImpactText.Milliseconds(total.InferenceDuration)));
        table.AddColumn(new TableColumn("Wh").RightAligned().Footer(ImpactText.Figure(total.EnergyInWattHours)));
        table.AddColumn(new TableColumn("gCO2e").RightAligned().Footer(ImpactText.Figure(total.EmissionsInGramsCO2e)));
        table.AddColumn(new TableColumn("energy per answer").Footer(""));
        foreach (TurnRecord turn in _turns)
        {
            double energy = turn.Impact?.EnergyInWattHours ?? 0;
            int width = maxEnergy > 0 ? Math.Max(1, (int)Math.Round(BarWidth * energy / maxEnergy)) : 0;
            table.AddRow(
                new Text(turn.Number.ToString(CultureInfo.InvariantCulture)),
                new Text(turn.Model),
                new Text(turn.TotalTokens?.ToString(CultureInfo.InvariantCulture) ?? "n/a"),
                new Text(ImpactText.Milliseconds(turn.Impact?.InferenceDuration)),
                new Text(ImpactText.Figure(turn.Impact?.EnergyInWattHours)),
                new Text(ImpactText.Figure(turn.Impact?.EmissionsInGramsCO2e)),
                new Text(new string('█', width), new Style(foreground: Color.Green)));
        }

        _console.Write(table);
    }

    private void ShowHelp()
    {
        var table = new Table { Border = TableBorder.None, ShowHeaders = false };
        table.AddColumn("command");
        table.AddColumn("what it does");
        table.AddRow("/think on|off", "reasoning first (the model's default) or reasoning effort none");
        table.AddRow("/model [NAME]", "list GreenPT's chat models, or switch to one");
        table.AddRow("/clear", "forget the conversation (the impact totals stay)");
        table.AddRow("/save [FILE]", $"save the conversation as JSON (default {DefaultFile})");
        table.AddRow("/load [FILE]", "load a saved conversation");
        table.AddRow("/impact", "the session's energy and emissions, a bar per answer");
        table.AddRow("/exit", "quit (so does Ctrl+D); Ctrl+C stops an answer");
        _console.Write(table);
    }

    private void Say(string message)
    {
        _console.Write(new Text(message, Faint));
        _console.WriteLine();
    }

    private void ShowError(string message)
    {
        _console.Write(new Markup("[red]Error:[/] "));
        // Written as it is: one line, which the terminal wraps softly (a copied error stays one line).
        _console.Profile.Out.Writer.Write(message);
        _console.WriteLine();
    }

    private CancellationTokenSource Begin(CancellationToken cancellationToken)
    {
        var operation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Volatile.Write(ref _current, operation);
        return operation;
    }

    private void End(CancellationTokenSource operation) => Interlocked.CompareExchange(ref _current, null, operation);
}
