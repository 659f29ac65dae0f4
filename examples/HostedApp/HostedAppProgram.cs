// GreenPT in a .NET generic host, the way an ASP.NET Core app or a worker service would use it:
//   - settings bound from the "GreenPT" section of appsettings.json, environment variables, user secrets and the command line;
//   - AddGreenPTChatClient (keyed "greenpt") and AddGreenPTEmbeddingGenerator, with HttpClient from IHttpClientFactory,
//     options validated at host start and one Debug log line per request;
//   - a service of the app's own (GreenPTDemoService) that gets the IChatClient and IEmbeddingGenerator injected.
//
// Without an API key (GreenPT:ApiKey empty and GREENPT_API_KEY unset) it starts the GreenPT emulator in-process and points the
// configuration at it, so it runs offline; every answer, vector and figure is then simulated.
//
//   dotnet run --project examples/HostedApp [-- --verbose] [-- --offline]

using GreenPT.AI;
using GreenPT.AI.Emulator;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace HostedApp;

/// <summary>The hosted-app example, callable in-process (tests pass their own writer).</summary>
public static class HostedAppProgram
{
    /// <summary>The service key of the chat client registration (<c>[FromKeyedServices("greenpt")]</c>).</summary>
    public const string ChatClientKey = "greenpt";

    /// <summary>The configuration section holding the GreenPT settings.</summary>
    public const string SectionName = "GreenPT";

    private const string VerboseFlag = "--verbose";
    private const string OfflineFlag = "--offline";

    /// <summary>Builds the host, runs <see cref="GreenPTDemoService"/> and writes its report to <paramref name="output"/>.</summary>
    /// <param name="args">Command-line arguments: configuration overrides such as <c>--GreenPT:DefaultModelId=green-l</c>, plus
    /// <c>--verbose</c> (GreenPT's request logs at Debug, on stderr) and <c>--offline</c> (the emulator even when a key is set).</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="cancellationToken">Stops the run (so does Ctrl+C, through the host's console lifetime).</param>
    /// <returns>0 on success; 1 after writing a one-line error.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);

        bool verbose = args.Contains(VerboseFlag, StringComparer.OrdinalIgnoreCase);
        bool forceOffline = args.Contains(OfflineFlag, StringComparer.OrdinalIgnoreCase);
        // The command-line configuration provider would read "--verbose x" as the setting verbose=x: keep the flags out of it.
        string[] hostArgs = [.. args.Where(arg => !arg.Equals(VerboseFlag, StringComparison.OrdinalIgnoreCase)
                                                  && !arg.Equals(OfflineFlag, StringComparison.OrdinalIgnoreCase))];
        try
        {
            HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = hostArgs,
                // appsettings.json is copied next to the assembly; `dotnet run --project` keeps the caller's working directory.
                ContentRootPath = AppContext.BaseDirectory,
                // User secrets (Development only) are found through the application name, also when a test host calls this.
                ApplicationName = typeof(HostedAppProgram).Assembly.GetName().Name,
            });

            ConfigureLogging(builder, verbose);

            // Offline by default: with no key anywhere, start the emulator before the host is built and point the settings at it.
            await using GreenPTEmulator? emulator = forceOffline || !HasApiKey(builder.Configuration)
                ? await GreenPTEmulator.StartAsync(cancellationToken: cancellationToken)
                : null;
            if (emulator is not null)
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [$"{SectionName}:Endpoint"] = emulator.BaseAddress.ToString(),
                    [$"{SectionName}:ApiKey"] = "offline-emulator", // the emulator takes any non-empty key
                });
                output.WriteLine($"Offline ({(forceOffline ? OfflineFlag : "no GreenPT API key configured")}): using the in-process GreenPT emulator "
                    + $"at {emulator.BaseAddress}; all answers, vectors and impact figures are simulated.");
            }

            IConfigurationSection settings = builder.Configuration.GetSection(SectionName);
            builder.Services.AddKeyedGreenPTChatClient(ChatClientKey, settings);
            builder.Services.AddGreenPTEmbeddingGenerator(settings);

            builder.Services.AddSingleton<GreenPTDemoService>();

            using IHost host = builder.Build();
            await host.StartAsync(cancellationToken); // validates the GreenPT settings (ValidateOnStart)

            if (emulator is null)
            {
                GreenPTClientOptions options = host.Services.GetRequiredKeyedService<IChatClient>(ChatClientKey).GetService<GreenPTClientOptions>()!;
                output.WriteLine($"Online: using the GreenPT API at {options.Endpoint}.");
            }

            // Ctrl+C stops the host (its console lifetime), which cancels the run.
            IHostApplicationLifetime lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);

            await host.Services.GetRequiredService<GreenPTDemoService>().RunAsync(output, stopping.Token);

            await host.StopAsync(CancellationToken.None);
            return 0;
        }
        catch (OperationCanceledException)
        {
            output.WriteLine("Error: cancelled.");
            return 1;
        }
        catch (Exception ex)
        {
            // GreenPTException and OptionsValidationException messages name the problem; the library never puts the key in one.
            output.WriteLine($"Error: {OneLine(ex)}");
            return 1;
        }
    }

    /// <summary>The message of an exception, or of each exception in an <see cref="AggregateException"/> (the host reports every
    /// failed settings validation at once), on one line.</summary>
    private static string OneLine(Exception exception)
    {
        IEnumerable<string> messages = exception is AggregateException aggregate
            ? aggregate.Flatten().InnerExceptions.Select(inner => inner.Message).Distinct(StringComparer.Ordinal)
            : [exception.Message];
        return string.Join(" ", messages).ReplaceLineEndings(" ");
    }

    /// <summary>Whether a key is configured: <c>GreenPT:ApiKey</c> (appsettings, user secrets, <c>GreenPT__ApiKey</c>, command line),
    /// else <c>GREENPT_API_KEY</c>, which is then copied into <c>GreenPT:ApiKey</c>.</summary>
    private static bool HasApiKey(ConfigurationManager configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration[$"{SectionName}:ApiKey"]))
        {
            return true;
        }

        string? key = Environment.GetEnvironmentVariable("GREENPT_API_KEY");
        if (string.IsNullOrWhiteSpace(key))
        {
            return false;
        }

        configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"{SectionName}:ApiKey"] = key });
        return true;
    }

    /// <summary>One line per log entry on stderr (stdout stays the report), Warning and above unless configured otherwise.</summary>
    private static void ConfigureLogging(HostApplicationBuilder builder, bool verbose)
    {
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning); // when appsettings.json sets nothing
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

        if (verbose)
        {
            // The same switch as Logging:LogLevel:GreenPT.AI=Debug in appsettings.json or on the command line.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:GreenPT.AI"] = "Debug" });
        }
    }
}
