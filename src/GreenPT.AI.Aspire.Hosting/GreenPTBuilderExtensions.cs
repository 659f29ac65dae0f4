using Aspire.Hosting.ApplicationModel;
using GreenPT.AI.Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// Adds GreenPT to an Aspire app host: <see cref="AddGreenPT"/> for the GreenPT API, <see cref="AddGreenPTEmulator"/> for the offline
/// emulator. Both give a resource with the connection string <c>Endpoint=…;Key=…[;Model=…]</c>; <c>WithReference(greenpt)</c> hands it
/// to a project as <c>ConnectionStrings__{name}</c>, which the service side reads with <c>builder.AddGreenPTChatClient("{name}")</c>.
/// </summary>
public static class GreenPTBuilderExtensions
{
    /// <summary>The folder, beside this assembly, that holds the emulator's files (copied there by this package).</summary>
    public const string EmulatorFolderName = "greenpt-emulator";

    /// <summary>The emulator's entry assembly in <see cref="EmulatorFolderName"/>.</summary>
    public const string EmulatorAssemblyFileName = "GreenPT.AI.Emulator.dll";

    /// <summary>Adds the GreenPT API as a connection string resource.</summary>
    /// <param name="builder">The app host's builder.</param>
    /// <param name="name">The resource name and connection name, for example <c>greenpt</c>.</param>
    /// <param name="apiKey">The secret parameter holding the key; <see langword="null"/> adds one named <c>{name}-api-key</c>
    /// (set it as <c>Parameters:{name}-api-key</c> in user secrets or <c>Parameters__{name}-api-key</c> in the environment).</param>
    /// <param name="endpoint">The API's base address, for example <c>https://api.us.greenpt.ai/v1/</c>; <see langword="null"/> for
    /// <c>https://api.greenpt.ai/v1/</c>.</param>
    /// <param name="model">The default chat model written into the connection string; <see langword="null"/> for the client's default.</param>
    /// <returns>The resource's builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is not an absolute http or https address, or <paramref name="model"/> is blank.</exception>
    public static IResourceBuilder<GreenPTResource> AddGreenPT(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        IResourceBuilder<ParameterResource>? apiKey = null,
        string? endpoint = null,
        string? model = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Uri? address = endpoint is null ? null : ParseEndpoint(endpoint);
        CheckModel(model);
        ParameterResource key = apiKey?.Resource ?? builder.AddParameter($"{name}-api-key", secret: true).Resource;

        var resource = new GreenPTResource(name, key, address, model);
        return builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "GreenPT",
                State = KnownResourceStates.Running,
                Properties = [new(CustomResourceKnownProperties.Source, resource.Endpoint.ToString())],
            })
            .ExcludeFromManifest();
    }

    /// <summary>
    /// Adds the GreenPT emulator, run by the orchestrator as an executable on a loopback port, with a health check (an authenticated
    /// <c>GET /v1/models</c>) and a connection string of the same shape as <see cref="AddGreenPT"/>'s. Every answer and impact figure it
    /// returns is simulated.
    /// </summary>
    /// <param name="builder">The app host's builder.</param>
    /// <param name="name">The resource name and connection name, for example <c>greenpt</c>.</param>
    /// <param name="model">The default chat model written into the connection string; <see langword="null"/> for the client's default.</param>
    /// <returns>The resource's builder.</returns>
    /// <exception cref="InvalidOperationException">The emulator's files are not beside this assembly (see <see cref="EmulatorFolderName"/>).</exception>
    public static IResourceBuilder<GreenPTEmulatorResource> AddGreenPTEmulator(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        string? model = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        CheckModel(model);

        string folder = EmulatorFolder();
        ParameterResource key = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-key", special: false);
        var resource = new GreenPTEmulatorResource(name, DotnetHost(), folder, key, model);

        string healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new EmulatorHealthCheck(resource), failureStatus: null, tags: null));

        return builder.AddResource(resource)
            .WithArgs(EmulatorAssemblyFileName)
            .WithArgs(context => context.Args.Add(ReferenceExpression.Create(
                $"--urls=http://127.0.0.1:{resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort)}")))
            .WithHttpEndpoint(name: GreenPTEmulatorResource.HttpEndpointName)
            .WithEnvironment(context => context.EnvironmentVariables["GREENPT_EMULATOR_API_KEY"] = key)
            .WithHealthCheck(healthCheckKey)
            .ExcludeFromManifest();
    }

    private static Uri ParseEndpoint(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? address) || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"The GreenPT endpoint '{endpoint}' is not an absolute http or https address, such as https://api.greenpt.ai/v1/.", nameof(endpoint));
        }

        return address;
    }

    private static void CheckModel(string? model)
    {
        if (model is not null && string.IsNullOrWhiteSpace(model))
        {
            throw new ArgumentException("The GreenPT model is blank: leave it out for the client's default, or name a model.", nameof(model));
        }
    }

    /// <summary>The folder holding the emulator: beside this assembly, where this package's build files copy it.</summary>
    private static string EmulatorFolder()
    {
        string baseDirectory = Path.GetDirectoryName(typeof(GreenPTBuilderExtensions).Assembly.Location) is { Length: > 0 } location
            ? location
            : AppContext.BaseDirectory;
        string folder = Path.Combine(baseDirectory, EmulatorFolderName);
        if (!File.Exists(Path.Combine(folder, EmulatorAssemblyFileName)))
        {
            throw new InvalidOperationException(
                $"The GreenPT emulator is not at '{Path.Combine(folder, EmulatorAssemblyFileName)}'. The GreenPT.AI.Aspire.Hosting package copies it to " +
                $"'{EmulatorFolderName}/' in the app host's output when it builds; rebuild the app host.");
        }

        return folder;
    }

    /// <summary>The <c>dotnet</c> host that runs the app host (set by the SDK for <c>dotnet run</c> and <c>dotnet test</c>), else <c>dotnet</c> on the PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
