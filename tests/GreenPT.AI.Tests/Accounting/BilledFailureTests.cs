using System.Net;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Accounting;

/// <summary>
/// A call that fails after GreenPT answered with success was billed: the tracking middleware records it as an estimated call; a
/// call GreenPT refused (an error status, an error object in its body) was not, and records nothing.
/// </summary>
public sealed class BilledFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GreenPTImpactTracker Tracker() => new("billed-failures")
    {
        DefaultEstimate = new GreenPTImpact { Energy = new(400, "Wms"), Emissions = new(30, "ugCO2e") },
    };

    [Fact]
    public async Task BodyCutAfterA200_IsRecordedAsAnEstimatedCall_OfTheRequestedModel()
    {
        GreenPTImpactTracker tracker = Tracker();
        string completion = Fixtures.Read("greenpt-completion.json");
        var handler = new ScriptedHandler(ScriptedHandler.Json(completion[..(completion.Length / 2)]));
        using var client = new GreenPTImpactTrackingChatClient(TestClients.Create(handler), tracker);

        GreenPTException error = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", new ChatOptions { ModelId = "gemma4" }, Ct));

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        GreenPTImpactTotals total = tracker.Total;
        Assert.Equal(1, total.Calls);
        Assert.Equal(1, total.EstimatedCalls);
        Assert.Equal(new GreenPTMeasurement(400, "Wms"), total.EstimatedImpact.Energy);
        Assert.Equal(0, total.Impact.EnergyInJoules ?? 0);
        Assert.Equal(["gemma4"], tracker.ByModel.Keys);
    }

    [Fact]
    public async Task ErrorStatus_RecordsNothing()
    {
        GreenPTImpactTracker tracker = Tracker();
        var handler = new ScriptedHandler(ScriptedHandler.Json(
            """{"error":{"code":400,"message":"Unsupported model: x","type":"invalid_request_error","param":"model"},"requestId":"req_b"}""", HttpStatusCode.BadRequest));
        using var client = new GreenPTImpactTrackingChatClient(TestClients.Create(handler), tracker);

        await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", new ChatOptions { ModelId = "x" }, Ct));

        Assert.Equal(0, tracker.Total.Calls);
    }

    [Fact]
    public async Task ErrorObjectInA200Body_RecordsNothing()
    {
        GreenPTImpactTracker tracker = Tracker();
        var handler = new ScriptedHandler(ScriptedHandler.Json(
            """{"error":{"code":400,"message":"Context too long","type":"invalid_request_error","param":"messages"},"requestId":"req_c"}"""));
        using var client = new GreenPTImpactTrackingChatClient(TestClients.Create(handler), tracker);

        GreenPTException error = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", new ChatOptions { ModelId = "gemma4" }, Ct));

        Assert.Equal(HttpStatusCode.BadRequest, error.ReportedStatusCode);
        Assert.Equal(0, tracker.Total.Calls);
    }

    [Fact]
    public async Task StreamWithAnErrorEventAfterText_IsRecordedAsAnEstimatedCall()
    {
        GreenPTImpactTracker tracker = Tracker();
        var handler = new ScriptedHandler(ScriptedHandler.Sse(
            "data: {\"id\":\"s1\",\"model\":\"gemma4\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}]}\n\n" +
            "data: {\"error\":{\"code\":500,\"message\":\"The backend went away\",\"type\":\"server_error\",\"param\":null},\"requestId\":\"req_s\"}\n\n"));
        using var client = new GreenPTImpactTrackingChatClient(TestClients.Create(handler), tracker);

        await Assert.ThrowsAsync<GreenPTException>(async () =>
        {
            await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync("Hi", new ChatOptions { ModelId = "gemma4" }, Ct))
            {
            }
        });

        Assert.Equal(1, tracker.Total.EstimatedCalls);
        Assert.Equal(["gemma4"], tracker.ByModel.Keys);
    }
}
