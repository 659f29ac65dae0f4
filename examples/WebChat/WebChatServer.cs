// A web chat on GreenPT: an ASP.NET Core minimal API that holds the IChatClient (the key never leaves the server) and streams
// each answer to the browser as Server-Sent Events, and one page (Page/: plain HTML, CSS and JavaScript, no CDN) that shows
// the answer token by token, the reasoning, a Stop button, the impact of each answer and a chart of the session.
//
// Without a key it starts the GreenPT emulator in-process and runs offline; the page then says the figures are simulated.

using System.Net;
using GreenPT.AI;
using GreenPT.AI.Emulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;

namespace WebChat;

/// <summary>How to start the web chat (tests start it in-process with their own settings).</summary>
public sealed class WebChatSettings
{
    /// <summary>The default port, on 127.0.0.1.</summary>
    public const int DefaultPort = 5180;

    /// <summary>Command-line arguments: <c>--port N</c> (0 for any free port) and configuration overrides such as
    /// <c>--GreenPT:DefaultModelId=green-l</c>.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>A GreenPT API key; <see langword="null"/> or empty (and no <c>GreenPT:ApiKey</c> configured) to run offline
    /// against the in-process emulator.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The port when <c>--port</c> is not given.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Offline: the emulator's pause before each streamed token, so that a person sees the answer arrive.</summary>
    public TimeSpan EmulatorTokenDelay { get; init; } = TimeSpan.FromMilliseconds(35);

    /// <summary>More endpoints to map (tests add routes that write chosen bytes).</summary>
    public Action<WebApplication>? MapEndpoints { get; init; }
}

/// <summary>The running web chat: its URL, the emulator it started (offline), and what its chat endpoint did.</summary>
public sealed class WebChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private WebChatServer(WebApplication app, GreenPTEmulator? emulator, Uri greenptEndpoint)
    {
        _app = app;
        Emulator = emulator;
        GreenPTEndpoint = greenptEndpoint;
        Activity = app.Services.GetRequiredService<ChatActivity>();
    }

    /// <summary>The page's address, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The in-process GreenPT emulator when the app runs offline, else <see langword="null"/>.</summary>
    public GreenPTEmulator? Emulator { get; }

    /// <summary>Where the answers come from (the GreenPT API or the emulator); never includes a key.</summary>
    public Uri GreenPTEndpoint { get; }

    /// <summary>Every answer the chat endpoint streamed and how it ended.</summary>
    public ChatActivity Activity { get; }

    /// <summary>The app's services (the registered <see cref="IChatClient"/> pipeline among them).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Builds and starts the web chat on 127.0.0.1.</summary>
    /// <param name="settings">Arguments, key and port.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    public static async Task<WebChatServer> StartAsync(WebChatSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);

        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. settings.Args],
            // appsettings.json is copied next to the assembly; `dotnet run --project` keeps the caller's working directory.
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(WebChatServer).Assembly.GetName().Name,
        });

        // Loopback only: the server holds the key and spends its credits, so nothing beyond this machine may reach it.
        int port = builder.Configuration.GetValue("port", settings.Port);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

        GreenPTEmulator? emulator = null;
        try
        {
            IConfigurationSection greenpt = builder.Configuration.GetSection("GreenPT");
            if (!string.IsNullOrWhiteSpace(settings.ApiKey) && string.IsNullOrWhiteSpace(greenpt["ApiKey"]))
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["GreenPT:ApiKey"] = settings.ApiKey });
            }

            if (string.IsNullOrWhiteSpace(greenpt["ApiKey"]))
            {
                emulator = await GreenPTEmulator.StartAsync(
                    new GreenPTEmulatorOptions { TokenDelay = settings.EmulatorTokenDelay }, cancellationToken);
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["GreenPT:Endpoint"] = emulator.BaseAddress.ToString(),
                    ["GreenPT:ApiKey"] = "offline-emulator", // the emulator takes any non-empty key
                });
            }

            builder.Services.AddSingleton<ChatActivity>();
            builder.Services.AddGreenPTChatClient(greenpt)
                .UseOpenTelemetry()    // a gen_ai chat span per answer, tagged by the client with greenpt.energy / emissions
                .UseLogging();         // MEAI's request/response logging (Debug; contents only at Trace)

            WebApplication app = builder.Build();
            PageAssets assets = PageAssets.Load();
            bool simulated = emulator is not null;
            app.Use(SecurityHeaders.AddAsync);
            assets.Map(app);
            ChatEndpoints.Map(app, simulated);
            settings.MapEndpoints?.Invoke(app);

            GreenPTClientOptions clientOptions = app.Services.GetRequiredService<GreenPTChatClient>().GetService<GreenPTClientOptions>()!;
            var server = new WebChatServer(app, emulator, clientOptions.Endpoint);
            emulator = null; // owned by the server from here on
            try
            {
                await app.StartAsync(cancellationToken);
                string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                server.Url = new Uri(address.EndsWith('/') ? address : address + "/");
                return server;
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    /// <summary>Waits until the app is asked to stop (Ctrl+C, SIGTERM).</summary>
    /// <returns>A task that completes at shutdown.</returns>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    /// <summary>Stops the app, then the emulator it started.</summary>
    /// <returns>A task that completes when both have stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync(CancellationToken.None);
        }
        finally
        {
            await _app.DisposeAsync();
            if (Emulator is not null)
            {
                await Emulator.DisposeAsync();
            }
        }
    }
}
