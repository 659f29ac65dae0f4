using GreenPT.AI;
using GreenPT.AI.Aspire;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The .NET Aspire client integration for GreenPT: registers a GreenPT chat client or embedding generator from the connection string
/// that the app host's <c>WithReference(greenpt)</c> provides, with a health check and the OpenTelemetry defaults.
/// </summary>
/// <remarks>
/// <para>Settings: the <see cref="DefaultConfigSectionName"/> section (<see cref="GreenPTClientSettings"/> and <see cref="GreenPTClientOptions"/>'
/// settings), then <c>ConnectionStrings:{connectionName}</c> (<c>Endpoint=…;Key=…;Model=…</c>), then the delegate.</para>
/// <para>Registered: the client as the DI package's <c>AddGreenPTChatClient</c> registers it (the returned builder builds the
/// registered <see cref="IChatClient"/>, with MEAI's OpenTelemetry middleware first unless <see cref="GreenPTClientSettings.DisableTracing"/>);
/// a health check named <c>GreenPT_{connectionName}</c> (an authenticated <c>GET /v1/models</c>, cached for
/// <see cref="GreenPTClientSettings.HealthCheckCacheDuration"/>); the <c>GreenPT.AI</c> meter and MEAI's meter and activity source in
/// the OpenTelemetry SDK.</para>
/// </remarks>
public static class AspireGreenPTExtensions
{
    /// <summary>The configuration section the settings are read from: <c>GreenPT:Client</c>.</summary>
    public const string DefaultConfigSectionName = "GreenPT:Client";

    /// <summary>The meter on which the GreenPT client records energy, emissions and inference time.</summary>
    public const string GreenPTMeterName = "GreenPT.AI";

    /// <summary>The activity source and meter of MEAI's OpenTelemetry middleware (its default name).</summary>
    public const string GenAITelemetrySourceName = "Experimental.Microsoft.Extensions.AI";

    /// <summary>Registers a GreenPT <see cref="IChatClient"/> read from the connection string <paramref name="connectionName"/>.</summary>
    /// <param name="builder">The service's host builder.</param>
    /// <param name="connectionName">The connection name: the app host's resource name, for example <c>greenpt</c>.</param>
    /// <param name="configureSettings">Adjusts the settings after configuration and connection string; <see langword="null"/> for none.</param>
    /// <returns>The builder of the registered <see cref="IChatClient"/>'s pipeline, for adding middleware.</returns>
    /// <exception cref="InvalidOperationException">No key in the connection string, the section or the delegate.</exception>
    /// <exception cref="FormatException">The connection string is malformed, has an unknown key, or a bad endpoint.</exception>
    public static ChatClientBuilder AddGreenPTChatClient(
        this IHostApplicationBuilder builder, string connectionName, Action<GreenPTClientSettings>? configureSettings = null)
    {
        GreenPTClientSettings settings = ReadSettings(builder, connectionName, configureSettings);
        ChatClientBuilder chat = builder.Services.AddGreenPTChatClient(
            builder.Configuration.GetSection(DefaultConfigSectionName),
            options => Apply(settings, options, embeddings: false));
        if (!settings.DisableTracing)
        {
            chat.UseOpenTelemetry();
        }

        AddHealthAndTelemetry(builder, connectionName, settings);
        return chat;
    }

    /// <summary>Registers a GreenPT embedding generator read from the connection string <paramref name="connectionName"/>.</summary>
    /// <param name="builder">The service's host builder.</param>
    /// <param name="connectionName">The connection name: the app host's resource name, for example <c>greenpt</c>.</param>
    /// <param name="configureSettings">Adjusts the settings after configuration and connection string; <see langword="null"/> for none.</param>
    /// <returns>The builder of the registered generator's pipeline, for adding middleware.</returns>
    /// <exception cref="InvalidOperationException">No key in the connection string, the section or the delegate.</exception>
    /// <exception cref="FormatException">The connection string is malformed, has an unknown key, or a bad endpoint.</exception>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddGreenPTEmbeddingGenerator(
        this IHostApplicationBuilder builder, string connectionName, Action<GreenPTClientSettings>? configureSettings = null)
    {
        GreenPTClientSettings settings = ReadSettings(builder, connectionName, configureSettings);
        EmbeddingGeneratorBuilder<string, Embedding<float>> embeddings = builder.Services.AddGreenPTEmbeddingGenerator(
            builder.Configuration.GetSection(DefaultConfigSectionName),
            options => Apply(settings, options, embeddings: true));
        if (!settings.DisableTracing)
        {
            embeddings.UseOpenTelemetry();
        }

        AddHealthAndTelemetry(builder, connectionName, settings);
        return embeddings;
    }

    internal static GreenPTClientSettings ReadSettings(IHostApplicationBuilder builder, string connectionName, Action<GreenPTClientSettings>? configureSettings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        var settings = new GreenPTClientSettings();
        builder.Configuration.GetSection(DefaultConfigSectionName).Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { } connectionString)
        {
            GreenPTConnectionString.ApplyTo(settings, connectionName, connectionString);
        }

        configureSettings?.Invoke(settings);
        if (string.IsNullOrWhiteSpace(settings.Key))
        {
            throw new InvalidOperationException(
                $"GreenPT connection '{connectionName}' has no key: set ConnectionStrings:{connectionName} to 'Endpoint=…;Key=…' " +
                $"(the app host's WithReference does), or {DefaultConfigSectionName}:Key.");
        }

        return settings;
    }

    private static void Apply(GreenPTClientSettings settings, GreenPTClientOptions options, bool embeddings)
    {
        options.ApiKey = settings.Key;
        if (settings.Endpoint is not null)
        {
            options.Endpoint = settings.Endpoint;
        }

        if (settings.Model is not null)
        {
            if (embeddings)
            {
                options.DefaultEmbeddingModelId = settings.Model;
            }
            else
            {
                options.DefaultModelId = settings.Model;
            }
        }
    }

    private static void AddHealthAndTelemetry(IHostApplicationBuilder builder, string connectionName, GreenPTClientSettings settings)
    {
        if (!settings.DisableHealthChecks)
        {
            string name = "GreenPT_" + connectionName;
            bool registered = builder.Services.Any(d => d.ServiceType == typeof(GreenPTHealthCheckMarker) && d.ImplementationInstance is GreenPTHealthCheckMarker m && m.Name == name);
            if (!registered)
            {
                builder.Services.AddSingleton(new GreenPTHealthCheckMarker(name));
                GreenPTHealthCheck? check = null;
                builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                    name,
                    sp => check ??= new GreenPTHealthCheck(settings, sp.GetService<IHttpClientFactory>(), sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>()),
                    failureStatus: null, tags: ["greenpt", "ready"]));
            }
        }

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(GenAITelemetrySourceName));
        }

        if (!settings.DisableMetrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(GreenPTMeterName, GenAITelemetrySourceName));
        }
    }

    private sealed record GreenPTHealthCheckMarker(string Name);
}
