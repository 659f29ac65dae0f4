using GreenPT.AI.Impact;

namespace GreenPT.AI;

/// <summary>
/// Adds up the impact of many calls for a scope the caller chooses: a request, a conversation, a user, a tenant. Thread-safe; no
/// global state. Feed it with <see cref="GreenPTImpactTrackingChatClient"/> (or <see cref="Record"/>), read <see cref="Total"/>,
/// <see cref="ByModel"/> or <see cref="CreateReport"/>, and limit it with a <see cref="Budget"/>.
/// </summary>
/// <remarks>Sums are kept in integer micro-joules, nanograms CO2e and microseconds, so they are exact however many calls add up.</remarks>
public sealed class GreenPTImpactTracker
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Accumulator> _byModel = new(StringComparer.Ordinal);
    private Accumulator _total;

    /// <summary>Creates a tracker.</summary>
    /// <param name="name">A name for the scope, shown in reports and budget errors (for example a tenant id).</param>
    public GreenPTImpactTracker(string? name = null) => Name = name;

    /// <summary>The scope's name, if given.</summary>
    public string? Name { get; }

    /// <summary>
    /// A limit on this scope's energy and/or emissions, enforced by <see cref="GreenPTImpactTrackingChatClient"/> before each call;
    /// <see langword="null"/> (the default) for none.
    /// </summary>
    public GreenPTCarbonBudget? Budget { get; set; }

    /// <summary>
    /// The largest share of a <see cref="Budget"/> limit spent so far (1 or more: spent); <see langword="null"/> without a budget.
    /// </summary>
    public double? BudgetSpentFraction => Budget?.SpentFraction(Total.Impact);

    /// <summary>Everything recorded so far.</summary>
    public GreenPTImpactTotals Total
    {
        get
        {
            lock (_gate)
            {
                return _total.ToTotals();
            }
        }
    }

    /// <summary>What was recorded, per model id (calls without a model id are under <c>"unknown"</c>).</summary>
    public IReadOnlyDictionary<string, GreenPTImpactTotals> ByModel
    {
        get
        {
            lock (_gate)
            {
                return _byModel.ToDictionary(p => p.Key, p => p.Value.ToTotals(), StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Adds one call.</summary>
    /// <param name="record">What the call reported.</param>
    public void Record(GreenPTImpactRecord record)
    {
        Throw.IfNull(record);
        string model = record.ModelId ?? "unknown";
        lock (_gate)
        {
            _total.Add(record);
            _byModel.TryGetValue(model, out Accumulator perModel);
            perModel.Add(record);
            _byModel[model] = perModel;
        }
    }

    /// <summary>Counts a call the budget refused.</summary>
    internal void RecordRefused()
    {
        lock (_gate)
        {
            _total.Refused++;
        }
    }

    /// <summary>Counts a call the budget degraded (its impact is recorded as usual when it completes).</summary>
    internal void RecordDegraded()
    {
        lock (_gate)
        {
            _total.Degraded++;
        }
    }

    /// <summary>Forgets everything recorded (the budget stays).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _total = default;
            _byModel.Clear();
        }
    }

    /// <summary>A report of the totals, per model and per call on average, with tokens per watt-hour, the implied grid intensity and the budget's state.</summary>
    public GreenPTImpactReport CreateReport()
    {
        lock (_gate)
        {
            return new GreenPTImpactReport(Name, Budget, _total.ToTotals(), _byModel.ToDictionary(p => p.Key, p => p.Value.ToTotals(), StringComparer.Ordinal));
        }
    }

    /// <summary>Running sums in exact integer units.</summary>
    private struct Accumulator
    {
        private int _calls;
        private int _withoutImpact;
        private long _input;
        private long _output;
        private long _microjoules;
        private long _nanograms;
        private long _microseconds;
        private TimeSpan _duration;

        public int Refused;
        public int Degraded;

        public void Add(GreenPTImpactRecord record)
        {
            _calls++;
            _input += record.InputTokens ?? 0;
            _output += record.OutputTokens ?? 0;
            _duration += record.Duration;
            double? joules = ImpactUnits.ToJoules(record.Impact?.Energy);
            double? grams = ImpactUnits.ToGramsCO2e(record.Impact?.Emissions);
            double? seconds = ImpactUnits.ToSeconds(record.Impact?.InferenceTime);
            if (joules is null && grams is null)
            {
                _withoutImpact++;
            }

            _microjoules += Round(joules, 1e6);
            _nanograms += Round(grams, 1e9);
            _microseconds += Round(seconds, 1e6);
        }

        public readonly GreenPTImpactTotals ToTotals() => new()
        {
            Calls = _calls,
            CallsWithoutImpact = _withoutImpact,
            InputTokens = _input,
            OutputTokens = _output,
            Duration = _duration,
            RefusedCalls = Refused,
            DegradedCalls = Degraded,
            Impact = new GreenPTImpact
            {
                InferenceTime = new GreenPTMeasurement(_microseconds / 1e3, "ms"),
                Energy = new GreenPTMeasurement(_microjoules / 1e3, "Wms"),
                Emissions = new GreenPTMeasurement(_nanograms / 1e3, "ugCO2e"),
            },
        };

        private static long Round(double? value, double scale) =>
            value is double v && !double.IsNaN(v) && !double.IsInfinity(v) ? (long)Math.Round(v * scale, MidpointRounding.AwayFromZero) : 0;
    }
}
