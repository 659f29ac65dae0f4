using System.Diagnostics.Metrics;

namespace GreenPT.AI.Tests.Infrastructure;

/// <summary>One measurement of the "GreenPT.AI" meter, as a listener saw it.</summary>
internal sealed record RecordedMeasurement(string Instrument, string? Unit, double Value, Dictionary<string, object?> Tags);

/// <summary>Listens to the "GreenPT.AI" meter, keeping the measurements a filter picks by their tags (tests run in parallel).</summary>
internal static class MeterRecorder
{
    public static MeterListener Listen(Func<Dictionary<string, object?>, bool> keep, List<RecordedMeasurement> into)
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

            if (keep(dict))
            {
                lock (into)
                {
                    into.Add(new RecordedMeasurement(instrument.Name, instrument.Unit, value, dict));
                }
            }
        });
        listener.Start();
        return listener;
    }

    /// <summary>Keeps the measurements of requests for one model.</summary>
    public static MeterListener ListenToModel(string requestModel, List<RecordedMeasurement> into) =>
        Listen(tags => Equals(tags.GetValueOrDefault("gen_ai.request.model"), requestModel), into);
}
