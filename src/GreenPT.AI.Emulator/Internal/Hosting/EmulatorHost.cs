using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GreenPT.AI.Emulator.Internal.Hosting;

/// <summary>The Kestrel host: built empty (no configuration files, no environment), silent unless logging is asked for.</summary>
internal static class EmulatorHost
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Builds the host (the caller adds the request handler); <paramref name="urls"/> null means a free loopback port.</summary>
    public static WebApplication Build(GreenPTEmulatorOptions options, string? urls)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(GreenPTEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });

        ConfigureKestrel(builder.WebHost, urls);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = StopTimeout);
        builder.Services.AddSingleton<IHostLifetime, QuietHostLifetime>();
        ConfigureLogging(builder.Logging, options);

        return builder.Build();
    }

    /// <summary>Starts the host; a host that fails to start is disposed.</summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The API root of a started host: <c>http://127.0.0.1:{port}/v1/</c> (wildcard hosts shown as <c>localhost</c>).</summary>
    public static Uri BaseAddressOf(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        string address = addresses.FirstOrDefault(a => a.Contains("127.0.0.1", StringComparison.Ordinal)) ?? addresses.First();
        return new Uri(NormaliseHost(address).TrimEnd('/') + "/v1/");
    }

    /// <summary>Stops Kestrel (connections still open after the timeout are aborted) and disposes the host.</summary>
    public static async Task StopAsync(WebApplication app)
    {
        using (var stopTimeout = new CancellationTokenSource(StopTimeout))
        {
            try
            {
                await app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Connections were aborted after the timeout.
            }
        }

        await app.DisposeAsync().ConfigureAwait(false);
    }

    private static void ConfigureKestrel(IWebHostBuilder webHost, string? urls)
    {
        webHost.UseKestrelCore();
        webHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (urls is null)
            {
                kestrel.Listen(IPAddress.Loopback, 0);
            }
        });

        if (urls is not null)
        {
            webHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, GreenPTEmulatorOptions options)
    {
        logging.ClearProviders();
        if (options.LoggerProvider is { } provider)
        {
            logging.AddProvider(provider);
        }

        if (options.EnableConsoleLogging)
        {
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddFilter("Microsoft", LogLevel.Warning);
        }
    }

    private static string NormaliseHost(string address)
    {
        foreach (string wildcard in (ReadOnlySpan<string>)["://+:", "://*:", "://[::]:", "://0.0.0.0:"])
        {
            if (address.Contains(wildcard, StringComparison.Ordinal))
            {
                return address.Replace(wildcard, "://localhost:", StringComparison.Ordinal);
            }
        }

        return address;
    }
}
