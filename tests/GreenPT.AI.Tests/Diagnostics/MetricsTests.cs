using System.Diagnostics.Metrics;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Diagnostics;

/// <summary>The "GreenPT.AI" meter: per-call histograms and totals with OpenTelemetry units and GenAI tags.</summary>
public sealed class MetricsTests
{
    private sealed record Measurement(string Instrument, string? Unit, double Value, Dictionary<string, object?> Tags);

    /// <summary>Listens to the GreenPT.AI meter, keeping only measurements for one request model (tests run in parallel).</summary>
    private static MeterListener Listen(string requestModel, List<Measurement> into)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "GreenPT.AI")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var dict = new Dictionary<string, object?>();
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                dict[tag.Key] = tag.Value;
            }

            if (Equals(dict.GetValueOrDefault("gen_ai.request.model"), requestModel))
            {
                lock (into)
                {
                    into.Add(new Measurement(instrument.Name, instrument.Unit, value, dict));
                }
            }
        });
        listener.Start();
        return listener;
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task ChatCall_RecordsEnergyEmissionsAndTime(bool streaming)
    {
        string model = "metrics-chat-" + streaming;
        var measurements = new List<Measurement>();
        using MeterListener listener = Listen(model, measurements);
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
        var measurements = new List<Measurement>();
        using MeterListener listener = Listen("metrics-embeddings", measurements);
        var handler = new ScriptedHandler(ScriptedHandler.Json("""
            {"data":[{"index":0,"embedding":[1]}],"model":"metrics-embeddings",
             "impact":{"inferenceTime":{"total":22,"unit":"ms"},"energy":{"total":5680,"unit":"Wms"},"emissions":{"total":88,"unit":"ugCO2e"}}}
            """));
        using var generator = new GreenPTEmbeddingGenerator(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = TestClients.Endpoint }, new HttpClient(handler));

        await generator.GenerateAsync(["a"], new EmbeddingGenerationOptions { ModelId = "metrics-embeddings" }, TestContext.Current.CancellationToken);

        AssertMeasurement(measurements, "greenpt.client.operation.energy", "J", 5.68);
        Assert.All(measurements, m => Assert.Equal("embeddings", m.Tags["gen_ai.operation.name"]));
    }

    private static void AssertMeasurement(List<Measurement> measurements, string name, string unit, double value)
    {
        Measurement m = Assert.Single(measurements, m => m.Instrument == name);
        Assert.Equal(unit, m.Unit);
        Assert.Equal(value, m.Value, 12);
    }
}
