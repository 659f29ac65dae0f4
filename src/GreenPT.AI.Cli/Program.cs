using System.Text;

namespace GreenPT.AI.Cli;

/// <summary>greenpt: chat with GreenPT in the terminal (<c>greenpt</c>), or answer one question (<c>greenpt ask "..."</c>). See CliApp.cs.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        Console.OutputEncoding = Encoding.UTF8;
        Console.InputEncoding = Encoding.UTF8;

        var host = new CliHost
        {
            Out = Console.Out,
            Error = Console.Error,
            In = Console.In,
            OutRedirected = Console.IsOutputRedirected,
            ErrorRedirected = Console.IsErrorRedirected,
            InRedirected = Console.IsInputRedirected,
            OnInterrupt = OnCtrlC,
        };

        try
        {
            return await CliApp.RunAsync(args, host).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The last line of defence: whatever escaped is still shown as one line, never as a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync($"Error: {ErrorText.Describe(ex)}").ConfigureAwait(false);
            return CliApp.Failure;
        }
    }

    /// <summary>Ctrl+C stops what is running now (an answer, a line being typed); the process goes on.</summary>
    private static Unsubscribe OnCtrlC(Action interrupt)
    {
        void Handler(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            interrupt();
        }

        Console.CancelKeyPress += Handler;
        return new Unsubscribe(() => Console.CancelKeyPress -= Handler);
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
