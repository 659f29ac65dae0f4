using System.Net;
using System.Text.Json;
using AspireApp.AppHost;

namespace GreenPT.AI.Aspire.Tests;

/// <summary>
/// examples/AspireApp's app host, started once for the test project (see <see cref="SharedAspireApp"/>) by Aspire.Hosting.Testing with its dashboard on, offline (the
/// emulator resource whatever the environment holds), every port on 127.0.0.1; the resources are healthy when it is ready.
/// </summary>
public sealed class AspireAppFixture : IAsyncLifetime
{
    /// <summary>The bound on starting the whole app: the orchestrator, the dashboard, two processes, their health checks.</summary>
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(2);

    /// <summary>The dashboard's resource name when Aspire.Hosting.Testing runs it.</summary>
    private const string DashboardResourceName = "aspire-dashboard";

    private DistributedApplication? _app;

    /// <summary>The running app.</summary>
    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app host did not start.");

    /// <summary>The dashboard's address (its web page and its telemetry API).</summary>
    public Uri DashboardUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>How long the app host took from CreateAsync to both resources healthy.</summary>
    public TimeSpan StartTime { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var bound = new CancellationTokenSource(StartBound);
        string[] args =
        [
            // Offline whatever the environment holds: an empty key selects the emulator resource.
            "GREENPT_API_KEY=",
            // The dashboard page without a login token (loopback only), for the browser.
            "ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
        ];

        IDistributedApplicationTestingBuilder builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            args,
            (options, _) =>
            {
                options.DisableDashboard = false;
                options.AllowUnsecuredTransport = true;
            },
            bound.Token);

        _app = await builder.BuildAsync(bound.Token);
        await _app.StartAsync(bound.Token);

        // The testing builder runs the dashboard as the resource aspire-dashboard on a random loopback port.
        DashboardUrl = new Uri(_app.GetEndpoint(DashboardResourceName, "http").ToString().TrimEnd('/') + "/");
        TestContext.Current.SendDiagnosticMessage($"Dashboard: {DashboardUrl}");
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(AspireAppModel.GreenPTName, bound.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(AspireAppModel.ChatServiceName, bound.Token);
        StartTime = clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>
    /// The first chat span of the chat service that carries <c>greenpt.energy</c>, as the dashboard's telemetry API
    /// (<c>GET /api/telemetry/spans</c>, OTLP JSON) returns it; <see langword="null"/> while there is none.
    /// </summary>
    public async Task<JsonElement?> FindChatSpanWithImpactAsync(CancellationToken cancellationToken)
    {
        using var dashboard = new HttpClient { BaseAddress = DashboardUrl, Timeout = TimeSpan.FromSeconds(10) };
        using HttpResponseMessage response = await dashboard.GetAsync(
            new Uri($"api/telemetry/spans?resource={AspireAppModel.ChatServiceName}&limit=1000", UriKind.Relative), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null; // the dashboard has not heard of the service yet
        }

        response.EnsureSuccessStatusCode();
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        foreach (JsonElement resource in body.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            foreach (JsonElement scope in resource.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (JsonElement span in scope.GetProperty("spans").EnumerateArray())
                {
                    Dictionary<string, string> tags = Attributes(span);
                    if (tags.GetValueOrDefault("gen_ai.operation.name") == "chat" && tags.ContainsKey("greenpt.energy"))
                    {
                        return span.Clone();
                    }
                }
            }
        }

        return null;
    }

    /// <summary>An OTLP JSON span's attributes as text, whatever their value kind.</summary>
    public static Dictionary<string, string> Attributes(JsonElement span)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (span.TryGetProperty("attributes", out JsonElement attributes))
        {
            foreach (JsonElement attribute in attributes.EnumerateArray())
            {
                JsonElement value = attribute.GetProperty("value").EnumerateObject().First().Value;
                tags[attribute.GetProperty("key").GetString()!] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            }
        }

        return tags;
    }

}
