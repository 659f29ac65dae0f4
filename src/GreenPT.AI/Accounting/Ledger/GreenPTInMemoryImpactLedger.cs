namespace GreenPT.AI;

/// <summary>
/// A <see cref="GreenPTImpactLedger"/> in this process's memory: the default behind every <see cref="GreenPTImpactTracker"/>.
/// Thread-safe; one instance can hold many scopes. Minute and hour buckets are dropped once older than their
/// <see cref="GreenPTLedgerBucket.Retention"/>, day and month buckets likewise; all-time sums stay until <see cref="Reset"/>.
/// </summary>
public sealed class GreenPTInMemoryImpactLedger : GreenPTImpactLedger
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ScopeState> _scopes = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public override void Record(string scope, string? modelId, GreenPTImpactCounters counters, DateTimeOffset at)
    {
        Throw.IfNull(scope);
        Throw.IfNull(counters);
        lock (_gate)
        {
            StateOf(scope).Add(modelId, counters, at);
        }
    }

    /// <inheritdoc />
    public override ValueTask RecordAsync(string scope, string? modelId, GreenPTImpactCounters counters, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Record(scope, modelId, counters, at);
        return default;
    }

    /// <inheritdoc />
    public override GreenPTLedgerReading Read(string scope, GreenPTBudgetWindow window, DateTimeOffset at)
    {
        Throw.IfNull(scope);
        Throw.IfNull(window);
        (DateTimeOffset start, DateTimeOffset end) = window.RangeAt(at);
        IReadOnlyList<GreenPTLedgerBucket> buckets = window.BucketsAt(at);
        lock (_gate)
        {
            GreenPTImpactCounters total = GreenPTImpactCounters.Zero;
            var byModel = new Dictionary<string, GreenPTImpactCounters>(StringComparer.Ordinal);
            GreenPTImpactCounters reserved = GreenPTImpactCounters.Zero;
            if (_scopes.TryGetValue(scope, out ScopeState? state))
            {
                foreach (GreenPTLedgerBucket bucket in buckets)
                {
                    if (state.Buckets.TryGetValue(bucket, out BucketSums? sums))
                    {
                        total = total.Add(sums.Total);
                        foreach (KeyValuePair<string, GreenPTImpactCounters> model in sums.ByModel)
                        {
                            byModel[model.Key] = byModel.TryGetValue(model.Key, out GreenPTImpactCounters? sum) ? sum.Add(model.Value) : model.Value;
                        }
                    }
                }

                (long uj, long ng) = state.LiveReservations(at);
                reserved = new GreenPTImpactCounters { EnergyMicrojoules = uj, EmissionsNanograms = ng };
            }

            return new GreenPTLedgerReading(window, start, end, total, byModel, reserved);
        }
    }

    /// <inheritdoc />
    public override ValueTask<GreenPTLedgerReading> ReadAsync(string scope, GreenPTBudgetWindow window, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        new(Read(scope, window, at));

    /// <inheritdoc />
    public override ValueTask<GreenPTReservation> ReserveAsync(GreenPTReservationRequest request, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(request);
        IReadOnlyList<GreenPTLedgerBucket> buckets = request.Window.BucketsAt(request.At);
        lock (_gate)
        {
            ScopeState state = StateOf(request.Scope);
            long spentUj = 0, spentNg = 0;
            foreach (GreenPTLedgerBucket bucket in buckets)
            {
                if (state.Buckets.TryGetValue(bucket, out BucketSums? sums))
                {
                    spentUj += sums.Total.EnergyMicrojoules;
                    spentNg += sums.Total.EmissionsNanograms;
                }
            }

            (long reservedUj, long reservedNg) = state.LiveReservations(request.At);
            string basis;
            (long Uj, long Ng) most;
            if (request.ModelId is not null && state.MostPerModel.TryGetValue(request.ModelId, out (long Uj, long Ng) perModel))
            {
                (basis, most) = ("model", perModel);
            }
            else if (state.MostPerCall is { } perCall)
            {
                (basis, most) = ("scope", perCall);
            }
            else
            {
                (basis, most) = ("remaining", (-1, -1));
            }

            long estimateUj = Estimate(request.CeilingMicrojoules, most.Uj, request.EnergyLimitMicrojoules, spentUj + reservedUj);
            long estimateNg = Estimate(request.CeilingNanograms, most.Ng, request.EmissionsLimitNanograms, spentNg + reservedNg);
            if (request.CeilingMicrojoules is not null || request.CeilingNanograms is not null)
            {
                basis = "ceiling";
            }

            GreenPTReservationRefusal refusal =
                Reached(spentUj, request.EnergyLimitMicrojoules) || Reached(spentNg, request.EmissionsLimitNanograms) ? GreenPTReservationRefusal.Spent
                : NoRoom(spentUj + reservedUj, estimateUj, request.EnergyLimitMicrojoules) || NoRoom(spentNg + reservedNg, estimateNg, request.EmissionsLimitNanograms)
                    ? GreenPTReservationRefusal.NoRoom
                    : GreenPTReservationRefusal.None;
            if (refusal == GreenPTReservationRefusal.None)
            {
                state.Reservations[request.Id] = (estimateUj, estimateNg, request.At + request.TimeToLive);
            }

            return new(new GreenPTReservation
            {
                Scope = request.Scope,
                Id = request.Id,
                Granted = refusal == GreenPTReservationRefusal.None,
                Refusal = refusal,
                Basis = basis,
                EnergyMicrojoules = estimateUj,
                EmissionsNanograms = estimateNg,
                SpentEnergyMicrojoules = spentUj,
                SpentEmissionsNanograms = spentNg,
                ReservedEnergyMicrojoules = reservedUj,
                ReservedEmissionsNanograms = reservedNg,
            });
        }
    }

    /// <inheritdoc />
    public override ValueTask SettleAsync(GreenPTReservation reservation, string? modelId, GreenPTImpactCounters? counters, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(reservation);
        lock (_gate)
        {
            ScopeState state = StateOf(reservation.Scope);
            state.Reservations.Remove(reservation.Id);
            if (counters is not null)
            {
                state.Add(modelId, counters, at);
            }
        }

        return default;
    }

    /// <inheritdoc />
    public override void Reset(string scope)
    {
        Throw.IfNull(scope);
        lock (_gate)
        {
            _scopes.Remove(scope);
        }
    }

    /// <summary>The estimate for one figure: the ceiling, else the most seen, else what is left of the limit (zero without a limit).</summary>
    internal static long Estimate(long? ceiling, long most, long? limit, long used) =>
        ceiling ?? (most >= 0 ? most : limit is long l ? Math.Max(0, l - used) : 0);

    private static bool Reached(long spent, long? limit) => limit is long l && spent >= l;

    /// <summary>Whether nothing is left once calls in flight are counted, or the estimate does not fit in what is left.</summary>
    internal static bool NoRoom(long used, long estimate, long? limit) => limit is long l && (used >= l || used + estimate > l);

    private ScopeState StateOf(string scope)
    {
        if (!_scopes.TryGetValue(scope, out ScopeState? state))
        {
            state = new ScopeState();
            _scopes[scope] = state;
        }

        return state;
    }

    private sealed class BucketSums
    {
        public GreenPTImpactCounters Total = GreenPTImpactCounters.Zero;
        public readonly Dictionary<string, GreenPTImpactCounters> ByModel = new(StringComparer.Ordinal);
    }

    private sealed class ScopeState
    {
        public readonly Dictionary<GreenPTLedgerBucket, BucketSums> Buckets = [];
        public readonly Dictionary<string, (long Uj, long Ng)> MostPerModel = new(StringComparer.Ordinal);
        public readonly Dictionary<string, (long Uj, long Ng, DateTimeOffset Expires)> Reservations = new(StringComparer.Ordinal);
        public (long Uj, long Ng)? MostPerCall;

        public void Add(string? modelId, GreenPTImpactCounters counters, DateTimeOffset at)
        {
            bool created = false;
            foreach (GreenPTLedgerBucket bucket in GreenPTLedgerBucket.For(at))
            {
                if (!Buckets.TryGetValue(bucket, out BucketSums? sums))
                {
                    sums = new BucketSums();
                    Buckets[bucket] = sums;
                    created = true;
                }

                sums.Total = sums.Total.Add(counters);
                if (modelId is not null)
                {
                    sums.ByModel[modelId] = sums.ByModel.TryGetValue(modelId, out GreenPTImpactCounters? sum) ? sum.Add(counters) : counters;
                }
            }

            if (counters.Calls == 1 && counters.CallsWithoutImpact == 0)
            {
                (long Uj, long Ng) call = (counters.EnergyMicrojoules, counters.EmissionsNanograms);
                MostPerCall = Max(MostPerCall, call);
                if (modelId is not null)
                {
                    MostPerModel[modelId] = Max(MostPerModel.TryGetValue(modelId, out (long Uj, long Ng) most) ? most : null, call);
                }
            }

            if (created)
            {
                DateTime now = at.UtcDateTime;
                foreach (GreenPTLedgerBucket old in Buckets.Keys.Where(b => b.Retention is { } keep && b.End + keep < now).ToList())
                {
                    Buckets.Remove(old);
                }
            }
        }

        public (long Uj, long Ng) LiveReservations(DateTimeOffset at)
        {
            long uj = 0, ng = 0;
            List<string>? expired = null;
            foreach (KeyValuePair<string, (long Uj, long Ng, DateTimeOffset Expires)> r in Reservations)
            {
                if (r.Value.Expires <= at)
                {
                    (expired ??= []).Add(r.Key);
                    continue;
                }

                uj += r.Value.Uj;
                ng += r.Value.Ng;
            }

            expired?.ForEach(id => Reservations.Remove(id));
            return (uj, ng);
        }

        private static (long Uj, long Ng) Max((long Uj, long Ng)? a, (long Uj, long Ng) b) =>
            a is { } x ? (Math.Max(x.Uj, b.Uj), Math.Max(x.Ng, b.Ng)) : b;
    }
}
