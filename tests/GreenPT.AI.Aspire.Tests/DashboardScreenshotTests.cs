using System.Net.Http.Json;
using AspireApp.AppHost;
using Microsoft.Playwright;

namespace GreenPT.AI.Aspire.Tests;

/// <summary>The dashboard as a person sees it: the chat service's GreenPT.AI metrics in Debian's headless Chromium.</summary>
[Collection(SharedAspireApp.Name)]
public sealed class DashboardScreenshotTests(AspireAppFixture fixture)
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DashboardMetrics_GreenPTEnergy_IsChartedAndSavedAsScreenshot()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"This test needs Chromium at {ChromiumPath}, and it is not there. Install it with scripts/install-test-dependencies.sh " +
                "(apt-get install chromium; ./test.sh calls it). It does not skip.");
        }

        using HttpClient service = fixture.App.CreateHttpClient(AspireAppModel.ChatServiceName);
        foreach (string question in new[] { "What does a chat cost?", "And in CO2?", "Thank you" })
        {
            using HttpResponseMessage answer = await Bounded.WithinResult(
                service.PostAsJsonAsync("/chat", new { message = question }, Ct), "the chat service's answer");
            answer.EnsureSuccessStatusCode();
        }

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            Timeout = 60_000,
        });
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, Locale = "en-GB" });
        page.SetDefaultTimeout(30_000);

        var metrics = new Uri(fixture.DashboardUrl,
            $"metrics/resource/{AspireAppModel.ChatServiceName}?meter=GreenPT.AI&instrument=greenpt.client.energy&duration=1&view=Graph");
        await page.GotoAsync(metrics.ToString());

        // The instrument's own description, shown above its chart once the dashboard has received it over OTLP.
        await page.GetByText("Energy GreenPT reported, summed over requests.").First.WaitForAsync();
        await page.Locator(".js-plotly-plot .main-svg").First.WaitForAsync();


        byte[] png = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = false });
        string directory = Environment.GetEnvironmentVariable("GREENPT_TEST_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(directory);
        string file = Path.Combine(directory, "aspire-dashboard.png");
        await File.WriteAllBytesAsync(file, png, Ct);
        TestContext.Current.AddAttachment("aspire-dashboard.png", png, "image/png");
        TestContext.Current.SendDiagnosticMessage($"Screenshot of the dashboard's metrics view: {file}");

        string text = await page.InnerTextAsync("body");
        Assert.Contains("greenpt.client.energy", text, StringComparison.Ordinal);
        Assert.Contains("greenpt.client.emissions", text, StringComparison.Ordinal);
        Assert.True(png.Length > 10_000, "the screenshot is suspiciously small");
    }
}
