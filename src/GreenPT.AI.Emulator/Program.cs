using System.Globalization;
using System.Runtime.InteropServices;

namespace GreenPT.AI.Emulator;

/// <summary>Command-line entry point: <c>dotnet run --project src/GreenPT.AI.Emulator -- [--urls URL] [--api-key KEY] [--token-delay-ms N] [--verbose]</c>.</summary>
internal static class Program
{
    private const string DefaultUrls = "http://127.0.0.1:5080";

    private static async Task<int> Main(string[] args)
    {
        string? urls = null;
        var options = new GreenPTEmulatorOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string name = arg;
            string? value = null;
            int eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = arg[..eq];
                value = arg[(eq + 1)..];
            }

            string Next()
            {
                if (value is not null)
                {
                    return value;
                }

                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"{name} needs a value.");
                }

                return args[++i];
            }

            try
            {
                switch (name)
                {
                    case "--urls":
                        urls = Next();
                        break;
                    case "--api-key":
                        options.ApiKey = Next();
                        break;
                    case "--token-delay-ms":
                        options.TokenDelay = TimeSpan.FromMilliseconds(int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture));
                        break;
                    case "--verbose":
                        options.EnableConsoleLogging = true;
                        break;
                    case "--help" or "-h":
                        PrintUsage();
                        return 0;
                    default:
                        throw new ArgumentException($"Unknown argument '{arg}'.");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
            {
                await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                PrintUsage();
                return 2;
            }
        }

        urls ??= Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is { Length: > 0 } fromEnv ? fromEnv : DefaultUrls;
        options.ApiKey ??= Environment.GetEnvironmentVariable("GREENPT_EMULATOR_API_KEY") is { Length: > 0 } key ? key : null;

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        await using var emulator = await GreenPTEmulator.StartCoreAsync(options, urls, CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine($"GreenPT emulator listening on {emulator.BaseAddress} (all answers, usage and impact figures are simulated; Ctrl+C to stop).");
        await stop.Task.ConfigureAwait(false);
        return 0;
    }

    private static void PrintUsage() => Console.WriteLine(
        "Usage: GreenPT.AI.Emulator [--urls http://127.0.0.1:5080] [--api-key KEY] [--token-delay-ms N] [--verbose]");
}
