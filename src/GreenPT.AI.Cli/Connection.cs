using GreenPT.AI.Emulator;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Cli;

/// <summary>Where the key comes from and what to talk to.</summary>
internal sealed record ConnectionSettings
{
    /// <summary>The value of <c>GREENPT_API_KEY</c>, if set.</summary>
    public string? EnvironmentApiKey { get; init; }

    /// <summary><c>--api-key-file</c>: a file holding the key (it wins over the environment variable).</summary>
    public FileInfo? ApiKeyFile { get; init; }

    /// <summary><c>--model</c>, or <see langword="null"/> for <see cref="GreenPTModels.DefaultChat"/>.</summary>
    public string? Model { get; init; }

    /// <summary>Offline: the emulator's pause before each streamed token, so that the answer visibly streams.</summary>
    public TimeSpan EmulatorTokenDelay { get; init; } = TimeSpan.FromMilliseconds(25);
}

/// <summary>
/// The chat client and the model catalog, against GreenPT with a key, or against the GreenPT emulator started in-process
/// without one. The endpoint is the library's default (<c>GREENPT_BASE_URL</c>, else the EU API). The key is never shown.
/// </summary>
internal sealed class GreenPTConnection : IAsyncDisposable
{
    private readonly GreenPTEmulator? _emulator;
    private readonly GreenPTChatClient _client;

    private GreenPTConnection(GreenPTClientOptions options, GreenPTEmulator? emulator)
    {
        _emulator = emulator;
        _client = new GreenPTChatClient(options);
        Catalog = new GreenPTModelCatalog(options);
        Endpoint = options.Endpoint;
        DefaultModel = options.DefaultModelId ?? GreenPTModels.DefaultChat;
    }

    public IChatClient Chat => _client;

    public GreenPTModelCatalog Catalog { get; }

    /// <summary>Whether the answers come from the in-process emulator (every figure simulated).</summary>
    public bool Simulated => _emulator is not null;

    public Uri Endpoint { get; }

    public string DefaultModel { get; }

    /// <summary>One line saying where the answers come from.</summary>
    public string Describe() => Simulated
        ? $"Offline: no GREENPT_API_KEY (or --api-key-file), so answers come from the built-in GreenPT emulator; every figure is simulated."
        : $"Online: GreenPT at {Endpoint}.";

    public static async Task<GreenPTConnection> OpenAsync(ConnectionSettings settings, CancellationToken cancellationToken)
    {
        string? key = settings.ApiKeyFile is { } file ? ReadKeyFile(file) : settings.EnvironmentApiKey;
        var options = new GreenPTClientOptions { DefaultModelId = string.IsNullOrWhiteSpace(settings.Model) ? GreenPTModels.DefaultChat : settings.Model };
        if (!string.IsNullOrWhiteSpace(key))
        {
            options.ApiKey = key.Trim();
            return new GreenPTConnection(options, emulator: null);
        }

        GreenPTEmulator emulator = await GreenPTEmulator.StartAsync(
            new GreenPTEmulatorOptions { TokenDelay = settings.EmulatorTokenDelay }, cancellationToken).ConfigureAwait(false);
        options.ApiKey = "offline-emulator"; // the emulator takes any non-empty key
        options.Endpoint = emulator.BaseAddress;
        try
        {
            return new GreenPTConnection(options, emulator);
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The chat models GreenPT lists, by id.</summary>
    public async Task<IReadOnlyList<string>> ListChatModelsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<GreenPTModelInfo> models = await Catalog.ListAsync(GreenPTModelKind.Chat, cancellationToken).ConfigureAwait(false);
        return [.. models.Select(model => model.Id)];
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        Catalog.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string ReadKeyFile(FileInfo file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read the API key file {file.FullName}: {ex.Message}", ex);
        }

        return string.IsNullOrWhiteSpace(text) ? throw new CliException($"The API key file {file.FullName} is empty.") : text.Trim();
    }
}

/// <summary>A problem of the command line itself (a bad option value, an unreadable file), shown as one line.</summary>
internal sealed class CliException : Exception
{
    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
