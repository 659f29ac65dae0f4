namespace AspireApp.AppHost;

/// <summary>The example's resources, in one place for the app host and its test.</summary>
public static class AspireAppModel
{
    /// <summary>The GreenPT resource's name, and so the connection name the service reads.</summary>
    public const string GreenPTName = "greenpt";

    /// <summary>The chat service's resource name.</summary>
    public const string ChatServiceName = "chatservice";

    /// <summary>Builds the app: the emulator, or GreenPT itself when <c>GREENPT_API_KEY</c> is set, and the chat service.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The built app, ready to run.</returns>
    public static DistributedApplication Build(string[] args)
    {
        IDistributedApplicationBuilder builder = DistributedApplication.CreateBuilder(args);
        AddResources(builder);
        return builder.Build();
    }

    /// <summary>Adds the example's resources to <paramref name="builder"/>.</summary>
    /// <param name="builder">An app host's builder (the real one or the testing one).</param>
    public static void AddResources(IDistributedApplicationBuilder builder)
    {
        IResourceBuilder<IResourceWithConnectionString> greenpt = builder.Configuration["GREENPT_API_KEY"] is { Length: > 0 }
            ? builder.AddGreenPT(GreenPTName, apiKey: builder.AddParameterFromConfiguration("greenpt-api-key", "GREENPT_API_KEY", secret: true))
            : builder.AddGreenPTEmulator(GreenPTName);

        builder.AddProject<Projects.ChatService>(ChatServiceName)
            .WithReference(greenpt)
            .WaitFor(greenpt)
            .WithHttpHealthCheck("/health");
    }
}
