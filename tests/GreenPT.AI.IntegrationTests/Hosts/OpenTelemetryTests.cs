using System.Diagnostics;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace GreenPT.AI.IntegrationTests.Hosts;

/// <summary>
/// MEAI's real <c>UseOpenTelemetry()</c> with the OpenTelemetry SDK and its in-memory exporter. Alone in its collection: the
/// <c>GreenPT.AI</c> meter is process-wide, so no other test may record into it meanwhile.
/// </summary>
[Collection(nameof(ProcessWideState))]
public sealed class OpenTelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenTelemetry_ChatSpanCarriesGenAIAndGreenPTTags_AndTheMeterRecordsTheImpact()
    {
        await using Harness harness = await Harness.StartAsync();
        string source = "GreenPT.AI.IntegrationTests." + Guid.NewGuid().ToString("N");
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using (TracerProvider tracing = Sdk.CreateTracerProviderBuilder().AddSource(source).AddInMemoryExporter(spans).Build())
        using (MeterProvider meters = Sdk.CreateMeterProviderBuilder().AddMeter("GreenPT.AI").AddInMemoryExporter(metrics).Build())
        {
            using IChatClient client = harness.CreateClient().AsBuilder().UseOpenTelemetry(sourceName: source).Build();
            ChatResponse response = await client.GetResponseAsync("Hello", cancellationToken: Ct);
            await client.GetStreamingResponseAsync("Hello again", cancellationToken: Ct).ToChatResponseAsync(Ct);
            tracing.ForceFlush();
            meters.ForceFlush();

            Assert.Equal(2, spans.Count);
            Activity span = spans[0];
            Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
            Assert.Equal("greenpt", span.GetTagItem("gen_ai.provider.name"));
            Assert.Equal("gemma4", span.GetTagItem("gen_ai.request.model"));
            Assert.Equal(response.ResponseId, span.GetTagItem("gen_ai.response.id"));
            Assert.Equal(response.Usage!.InputTokenCount, Convert.ToInt64(span.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(response.GetGreenPTImpact()!.EnergyInJoules!.Value * 1000, (double)span.GetTagItem("greenpt.energy")!, 6);
            Assert.Equal(response.GetGreenPTImpact()!.EmissionsInGramsCO2e!.Value * 1e6, (double)span.GetTagItem("greenpt.emissions")!, 6);
            Assert.NotNull(span.GetTagItem("greenpt.request_id"));
            Assert.All(spans, s => Assert.NotNull(s.GetTagItem("greenpt.energy")));
        }

        // The in-memory exporter adds a snapshot at each flush (ForceFlush, then Dispose): the first one is read.
        Metric energy = metrics.First(m => m.Name == "greenpt.client.operation.energy");
        Assert.Equal("J", energy.Unit);
        long count = 0;
        foreach (ref readonly MetricPoint point in energy.GetMetricPoints())
        {
            count += point.GetHistogramCount();
        }

        Assert.Equal(2, count);
        Assert.Contains(metrics, m => m.Name == "greenpt.client.emissions");
    }
}
