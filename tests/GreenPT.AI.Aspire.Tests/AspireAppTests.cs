using System.Net.Http.Json;
using System.Text.Json;
using AspireApp.AppHost;

namespace GreenPT.AI.Aspire.Tests;

/// <summary>examples/AspireApp end to end: the app host's resources, a chat through the service, its telemetry on the dashboard.</summary>
[Collection(SharedAspireApp.Name)]
public sealed class AspireAppTests(AspireAppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChatService_Chat_AnswersFromTheEmulatorWithItsImpact()
    {
        TestContext.Current.SendDiagnosticMessage($"App host start to healthy resources: {fixture.StartTime.TotalSeconds:F1} s");
        using HttpClient http = fixture.App.CreateHttpClient(AspireAppModel.ChatServiceName);

        using HttpResponseMessage response = await Bounded.WithinResult(
            http.PostAsJsonAsync("/chat", new { message = "Hello from Aspire" }, Ct), "the chat service's answer");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        JsonElement root = answer.RootElement;
        Assert.Contains("Hello from Aspire", root.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Contains("GreenPT emulator", root.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.True(root.GetProperty("energy").GetDouble() > 0, "the emulator reports an energy for every answer");
        Assert.True(root.GetProperty("emissions").GetDouble() > 0, "the emulator reports emissions for every answer");
    }

    [Fact]
    public async Task Dashboard_ChatSpan_CarriesTheGreenPTImpactTags()
    {
        using HttpClient service = fixture.App.CreateHttpClient(AspireAppModel.ChatServiceName);
        using HttpResponseMessage chat = await Bounded.WithinResult(
            service.PostAsJsonAsync("/chat", new { message = "Which span am I?" }, Ct), "the chat service's answer");
        chat.EnsureSuccessStatusCode();

        // What the dashboard received over OTLP from the service, read back through its telemetry API.
        JsonElement? span = null;
        await Polling.UntilAsync(async () =>
        {
            span = await fixture.FindChatSpanWithImpactAsync(Ct);
            return span is not null;
        }, "a chat span with greenpt.energy on the dashboard");

        Dictionary<string, string> tags = AspireAppFixture.Attributes(span!.Value);
        Assert.Equal("chat", tags["gen_ai.operation.name"]);
        Assert.Equal("greenpt", tags["gen_ai.provider.name"]);
        Assert.True(double.Parse(tags["greenpt.energy"], System.Globalization.CultureInfo.InvariantCulture) > 0, "greenpt.energy is the answer's energy");
        Assert.True(double.Parse(tags["greenpt.emissions"], System.Globalization.CultureInfo.InvariantCulture) > 0, "greenpt.emissions is the answer's emissions");
        Assert.False(string.IsNullOrWhiteSpace(tags["greenpt.request_id"]), "the span names GreenPT's request id");
    }
}
