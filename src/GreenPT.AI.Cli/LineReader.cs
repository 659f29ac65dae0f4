using System.Text;
using Spectre.Console;

namespace GreenPT.AI.Cli;

/// <summary>Reads the user's next line; <see langword="null"/> at the end of input (Ctrl+D on an empty line, or end of a pipe).</summary>
internal interface ILineReader
{
    Task<string?> ReadLineAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Reads keys from the console (a terminal, or Spectre.Console.Testing's test console): printable keys are echoed, Backspace
/// erases, Enter ends the line, Ctrl+D on an empty line ends the input. Cancelling the token (Ctrl+C) abandons the line.
/// </summary>
internal sealed class KeyLineReader(IAnsiConsole console) : ILineReader
{
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            ConsoleKeyInfo? read = await console.Input.ReadKeyAsync(intercept: true, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (read is not { } key)
            {
                return null;
            }

            if (key.Key == ConsoleKey.Enter)
            {
                console.WriteLine();
                return line.ToString();
            }

            // Ctrl+D is EOT; a printable KeyChar means a plain "D" (Spectre.Console.Testing marks typed 'D' with the Control modifier).
            if (key.KeyChar == '\u0004' || (key.Key == ConsoleKey.D && key.Modifiers.HasFlag(ConsoleModifiers.Control) && char.IsControl(key.KeyChar)))
            {
                if (line.Length == 0)
                {
                    return null;
                }

                continue;
            }

            if (key.Key == ConsoleKey.Backspace || key.KeyChar == '\b' || key.KeyChar == '\u007f')
            {
                if (line.Length > 0)
                {
                    line.Length -= line.Length > 1 && char.IsLowSurrogate(line[^1]) ? 2 : 1;
                    console.Profile.Out.Writer.Write("\b \b");
                }

                continue;
            }

            if (!char.IsControl(key.KeyChar) && key.KeyChar != '\0')
            {
                line.Append(key.KeyChar);
                console.Write(new Text(key.KeyChar.ToString()));
            }
        }
    }
}

/// <summary>Reads lines from a redirected standard input (<c>greenpt &lt; questions.txt</c>).</summary>
internal sealed class TextLineReader(TextReader reader) : ILineReader
{
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
}
