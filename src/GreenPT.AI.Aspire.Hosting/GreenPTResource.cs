namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The GreenPT API as an Aspire resource: no process, only the connection string
/// <c>Endpoint=…;Key=…[;Model=…]</c> that <c>WithReference</c> hands to the projects that use it.
/// </summary>
public sealed class GreenPTResource : Resource, IResourceWithConnectionString
{
    /// <summary>Creates the resource.</summary>
    /// <param name="name">The resource name, which is also the connection name (<c>ConnectionStrings__{name}</c>).</param>
    /// <param name="apiKey">The secret parameter holding the API key.</param>
    /// <param name="endpoint">The API's base address; <see langword="null"/> for GreenPT's default (<c>https://api.greenpt.ai/v1/</c>).</param>
    /// <param name="model">The default chat model; <see langword="null"/> for the client's default.</param>
    public GreenPTResource(string name, ParameterResource apiKey, Uri? endpoint, string? model)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        ApiKey = apiKey;
        Endpoint = endpoint ?? DefaultEndpoint;
        Model = model;
    }

    /// <summary>GreenPT's production API: <c>https://api.greenpt.ai/v1/</c>.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://api.greenpt.ai/v1/");

    /// <summary>The secret parameter holding the API key.</summary>
    public ParameterResource ApiKey { get; }

    /// <summary>The API's base address.</summary>
    public Uri Endpoint { get; }

    /// <summary>The default chat model written into the connection string, or <see langword="null"/> for none.</summary>
    public string? Model { get; }

    /// <summary><c>Endpoint={endpoint};Key={key}[;Model={model}]</c>, each value quoted when it needs to be.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        GreenPTConnectionStrings.Build(ReferenceExpression.Create($"{Endpoint.ToString()}"), ApiKey, Model);
}
