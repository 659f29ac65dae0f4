namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The GreenPT emulator (an offline, deterministic GreenPT-compatible server whose answers and impact figures are all simulated)
/// run by the orchestrator as an executable, with an HTTP endpoint, a health check and the same connection string shape as
/// <see cref="GreenPTResource"/>.
/// </summary>
public sealed class GreenPTEmulatorResource : ExecutableResource, IResourceWithConnectionString
{
    /// <summary>The name of the emulator's HTTP endpoint.</summary>
    public const string HttpEndpointName = "http";

    /// <summary>Creates the resource.</summary>
    /// <param name="name">The resource name, which is also the connection name.</param>
    /// <param name="command">The <c>dotnet</c> host that runs the emulator.</param>
    /// <param name="workingDirectory">The folder holding the emulator's files.</param>
    /// <param name="apiKey">The key the emulator accepts (generated unless given).</param>
    /// <param name="model">The default chat model written into the connection string, or <see langword="null"/> for none.</param>
    public GreenPTEmulatorResource(string name, string command, string workingDirectory, ParameterResource apiKey, string? model)
        : base(name, command, workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        ApiKey = apiKey;
        Model = model;
    }

    /// <summary>The key the emulator accepts; any other key gets HTTP 401.</summary>
    public ParameterResource ApiKey { get; }

    /// <summary>The default chat model written into the connection string, or <see langword="null"/> for none.</summary>
    public string? Model { get; }

    /// <summary>The emulator's HTTP endpoint.</summary>
    public EndpointReference PrimaryEndpoint => field ??= new(this, HttpEndpointName);

    /// <summary><c>Endpoint=http://{host}:{port}/v1/;Key={key}[;Model={model}]</c>.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        GreenPTConnectionStrings.Build(ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Url)}/v1/"), ApiKey, Model);
}
