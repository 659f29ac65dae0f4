namespace GreenPT.AI.BrowserTests.Infrastructure;

/// <summary>
/// Debian's Chromium, driven by Playwright through <c>ExecutablePath</c> (Playwright's own browser download cannot work here).
/// When it is missing the tests fail with this message; they never skip.
/// </summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static string MissingMessage =>
        $"The browser tests need Chromium at {ExecutablePath}, and it is not there. Install it with "
        + "scripts/install-test-dependencies.sh (which runs apt-get install chromium; ./test.sh calls it). These tests do not skip.";

    /// <summary>Launches a headless Chromium on a fresh profile directory.</summary>
    public static async Task<IBrowserContext> LaunchAsync(IPlaywright playwright, string userDataDirectory)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(MissingMessage);
        }

        return await playwright.Chromium.LaunchPersistentContextAsync(userDataDirectory, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
            Timeout = 60_000,
        });
    }
}
