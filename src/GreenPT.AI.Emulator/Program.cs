using System.Globalization;
using System.Runtime.InteropServices;

namespace GreenPT.AI.Emulator;

/// <summary>Command-line entry point: <c>dotnet run --project src/GreenPT.AI.Emulator -- [--urls URL] [--api-key KEY] [--token-delay-ms N] [--verbose]</c>.</summary>
internal static class Program
{
    private const string DefaultUrls = "http://127.0.0.1:5080";
    private const string Usage = "Usage: GreenPT.AI.Emulator [--urls http://127.0.0.1:5080] [--api-key KEY] [--token-delay-ms N] [--verbose]";

    private static async Task<int> Main(string[] args)
    {
        var options = new GreenPTEmulatorOptions();
        string? urls;
        try
        {
            if (!TryReadArguments(args, options, out urls))
            {
                Console.WriteLine(Usage);
                return 0;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            Console.WriteLine(Usage);
            return 2;
        }

        urls ??= Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is { Length: > 0 } fromEnv ? fromEnv : DefaultUrls;
        options.ApiKey ??= Environment.GetEnvironmentVariable("GREENPT_EMULATOR_API_KEY") is { Length: > 0 } key ? key : null;
        await RunUntilSignalledAsync(options, urls).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Reads <c>--name value</c> and <c>--name=value</c> arguments into <paramref name="options"/>; false when help was asked for.</summary>
    /// <exception cref="ArgumentException">An unknown argument, or one without its value.</exception>
    private static bool TryReadArguments(string[] args, GreenPTEmulatorOptions options, out string? urls)
    {
        urls = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            int eq = arg.IndexOf('=', StringComparison.Ordinal);
            bool inline = arg.StartsWith("--", StringComparison.Ordinal) && eq > 0;
            string name = inline ? arg[..eq] : arg;
            string Value() => inline ? arg[(eq + 1)..] : i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");

            switch (name)
            {
                case "--urls":
                    urls = Value();
                    break;
                case "--api-key":
                    options.ApiKey = Value();
                    break;
                case "--token-delay-ms":
                    options.TokenDelay = TimeSpan.FromMilliseconds(int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture));
                    break;
                case "--verbose":
                    options.EnableConsoleLogging = true;
                    break;
                case "--help" or "-h":
                    return false;
                default:
                    throw new ArgumentException($"Unknown argument '{arg}'.");
            }
        }

        return true;
    }

    private static async Task RunUntilSignalledAsync(GreenPTEmulatorOptions options, string urls)
    {
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
    }
}
