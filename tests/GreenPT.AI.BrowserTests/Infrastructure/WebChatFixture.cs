using WebChat;

namespace GreenPT.AI.BrowserTests.Infrastructure;

/// <summary>
/// One WebChat app (offline: its own in-process emulator, no token delay, quick retries) and one Chromium for the whole
/// class; each test opens its own page. Tests gate the emulator through <see cref="Emulator"/>'s options, which it reads on
/// every request, and reset them when they end.
/// </summary>
public sealed class WebChatFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private DirectoryInfo? _profile;
    private WebChatServer? _server;
    private IBrowserContext? _browser;

    public WebChatServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialised.");

    public GreenPT.AI.Emulator.GreenPTEmulator Emulator => Server.Emulator!;

    public IBrowserContext Browser => _browser ?? throw new InvalidOperationException(Chromium.MissingMessage);

    public IPlaywright Playwright => _playwright!;

    /// <summary>What <see cref="SplitResponse.Route"/> writes next.</summary>
    public SplitResponse? Split { get; set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium.ExecutablePath))
        {
            throw new InvalidOperationException(Chromium.MissingMessage);
        }

        _server = await WebChatServer.StartAsync(new WebChatSettings
        {
            Port = 0,
            EmulatorTokenDelay = TimeSpan.Zero,
            // Offline whatever the environment holds; retries as in production, but quick.
            Args = ["--GreenPT:ApiKey=", "--GreenPT:RetryDelay=00:00:00.010", "--GreenPT:MaxRetryDelay=00:00:00.050", "--Logging:LogLevel:Default=None", "--Logging:LogLevel:WebChat=None"],
            MapEndpoints = app => SplitResponse.Map(app, () => Split),
        });

        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        _profile = Directory.CreateTempSubdirectory("greenpt-chromium-");
        _browser = await Chromium.LaunchAsync(_playwright, _profile.FullName);
        _browser.SetDefaultTimeout(20_000);
    }

    /// <summary>A new page on the app, loaded and ready (the model and the offline banner are known).</summary>
    public async Task<IPage> OpenPageAsync(Uri? url = null, string? initScript = null)
    {
        IPage page = await Browser.NewPageAsync();
        if (initScript is not null)
        {
            await page.AddInitScriptAsync(initScript);
        }

        await page.GotoAsync((url ?? Server.Url).ToString());
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            _profile?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // a crashed browser may still hold a file for a moment; the directory is under the temp folder
        }
    }
}
