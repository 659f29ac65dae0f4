using System.Diagnostics.Metrics;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Diagnostics;

/// <summary>The "GreenPT.AI" meter: per-call histograms and totals with OpenTelemetry units and GenAI tags.</summary>
public sealed class MetricsTests
{
    [Theory, InlineData(false), InlineData(true)]
    public async Task ChatCall_RecordsEnergyEmissionsAndTime(bool streaming)
    {
        string model = "metrics-chat-" + streaming;
        var measurements = new List<RecordedMeasurement>();
        using MeterListener listener = MeterRecorder.ListenToModel(model, measurements);
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(streaming
            ? ScriptedHandler.Sse(Fixtures.Read("greenpt-stream-basic.sse"))
            : ScriptedHandler.Json(Fixtures.Read("greenpt-completion.json"))));

        if (streaming)
        {
            await client.GetStreamingResponseAsync("Hi", new ChatOptions { ModelId = model }, TestContext.Current.CancellationToken).ToChatResponseAsync(TestContext.Current.CancellationToken);
        }
        else
        {
            await client.GetResponseAsync("Hi", new ChatOptions { ModelId = model }, TestContext.Current.CancellationToken);
        }

        Assert.Equal(6, measurements.Count);
        AssertMeasurement(measurements, "greenpt.client.operation.energy", "J", 0.526);
        AssertMeasurement(measurements, "greenpt.client.energy", "J", 0.526);
        AssertMeasurement(measurements, "greenpt.client.operation.emissions", "g{CO2e}", 47e-6);
        AssertMeasurement(measurements, "greenpt.client.emissions", "g{CO2e}", 47e-6);
        AssertMeasurement(measurements, "greenpt.client.operation.inference_time", "s", 1.38);
        AssertMeasurement(measurements, "greenpt.client.inference_time", "s", 1.38);
        Assert.All(measurements, m =>
        {
            Assert.Equal("greenpt", m.Tags["gen_ai.provider.name"]);
            Assert.Equal("chat", m.Tags["gen_ai.operation.name"]);
            Assert.Equal(streaming ? "green-l" : "gemma4", m.Tags["gen_ai.response.model"]);
        });
    }

    [Fact]
    public async Task EmbeddingsCall_IsTaggedAsEmbeddings()
    {
        var measurements = new List<RecordedMeasurement>();
        using MeterListener listener = MeterRecorder.ListenToModel("metrics-embeddings", measurements);
        var handler = new ScriptedHandler(ScriptedHandler.Json("""
            {"data":[{"index":0,"embedding":[1]}],"model":"metrics-embeddings",
             "impact":{"inferenceTime":{"total":22,"unit":"ms"},"energy":{"total":5680,"unit":"Wms"},"emissions":{"total":88,"unit":"ugCO2e"}}}
            """));
        using var generator = new GreenPTEmbeddingGenerator(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = TestClients.Endpoint }, new HttpClient(handler));

        await generator.GenerateAsync(["a"], new EmbeddingGenerationOptions { ModelId = "metrics-embeddings" }, TestContext.Current.CancellationToken);

        AssertMeasurement(measurements, "greenpt.client.operation.energy", "J", 5.68);
        Assert.All(measurements, m => Assert.Equal("embeddings", m.Tags["gen_ai.operation.name"]));
    }

    private static void AssertMeasurement(List<RecordedMeasurement> measurements, string name, string unit, double value)
    {
        RecordedMeasurement m = Assert.Single(measurements, m => m.Instrument == name);
        Assert.Equal(unit, m.Unit);
        Assert.Equal(value, m.Value, 12);
    }
}
