using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;

namespace GreenPT.AI.Redis;

/// <summary>
/// A <see cref="GreenPTImpactLedger"/> in Redis: every instance of an app that gives its trackers this ledger (over the same Redis
/// and <see cref="GreenPTRedisLedgerOptions.KeyPrefix"/>) shares one set of totals per scope. Each update is one Lua script, so
/// atomic; old window buckets expire by themselves.
/// </summary>
/// <remarks>
/// <para>Keys, for a scope <c>tenant-a</c> (the braces make every key of a scope one Redis Cluster hash slot):
/// <c>greenpt:{tenant-a}:all</c> (all time), <c>:M202612</c> (a UTC month, kept 400 days after it ends), <c>:d20261202</c>
/// (a UTC day, 35 days), <c>:h2026120213</c> and <c>:m202612021307</c> (an hour and a minute, 25 hours), each a hash of counters
/// (<see cref="GreenPTImpactCounters.FieldNames"/>) for the scope and <c>m|{model}|{counter}</c> per model, the all-time hash also
/// holding the most one call cost (<c>x|{model}|uj</c>, <c>x||uj</c>, ...); <c>:res</c>, the live reservations; <c>:seen:{id}</c>,
/// a marker per record for <see cref="GreenPTRedisLedgerOptions.ReplayWindow"/>, so that a replayed record counts once.</para>
/// <para>When Redis cannot be reached: reading and reserving throw a <see cref="GreenPTImpactLedgerUnavailableException"/> naming
/// Redis and the scope (the budget's <see cref="GreenPTCarbonBudget.WhenLedgerUnavailable"/> decides whether the call is refused or
/// sent); recording never fails: the record waits in a bounded local buffer (<see cref="GreenPTRedisLedgerOptions.BufferCapacity"/>)
/// and is added, with its original time, when Redis is back (on the next successful operation, on reconnection, or
/// <see cref="FlushAsync"/>).</para>
/// <para>Create the multiplexer with <c>abortConnect=false</c> so that it connects, and reconnects, in the background.</para>
/// </remarks>
public sealed class GreenPTRedisImpactLedger : GreenPTImpactLedger, IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly GreenPTRedisLedgerOptions _options;
    private readonly ConcurrentQueue<PendingRecord> _buffer = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private int _buffered;
    private long _dropped;

    /// <summary>Creates the ledger over a connection the caller owns (and disposes).</summary>
    /// <param name="redis">The connection, for example <c>ConnectionMultiplexer.Connect("127.0.0.1:6379,abortConnect=false")</c>.</param>
    /// <param name="options">Key prefix and buffer; defaults unless given.</param>
    public GreenPTRedisImpactLedger(IConnectionMultiplexer redis, GreenPTRedisLedgerOptions? options = null)
    {
        _redis = Throw.IfNull(redis);
        _options = options ?? new GreenPTRedisLedgerOptions();
        _redis.ConnectionRestored += OnConnectionRestored;
    }

    /// <summary>Records waiting in the local buffer for Redis to be reachable.</summary>
    public int BufferedRecords => Volatile.Read(ref _buffered);

    /// <summary>Records lost because the buffer was full while Redis was unreachable.</summary>
    public long DroppedRecords => Interlocked.Read(ref _dropped);

    private IDatabase Database => _redis.GetDatabase();

    /// <inheritdoc />
    public override void Record(string scope, string? modelId, GreenPTImpactCounters counters, DateTimeOffset at)
    {
        PendingRecord record = Pending(scope, modelId, counters, at, reservationId: null);
        try
        {
            Database.ScriptEvaluate(RedisScripts.Record, record.Keys, record.Values);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            Buffer(record);
            return;
        }

        if (BufferedRecords > 0)
        {
            _ = FlushInBackgroundAsync();
        }
    }

    /// <inheritdoc />
    public override async ValueTask RecordAsync(string scope, string? modelId, GreenPTImpactCounters counters, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await ApplyAsync(Pending(scope, modelId, counters, at, reservationId: null)).ConfigureAwait(false);

    /// <inheritdoc />
    public override GreenPTLedgerReading Read(string scope, GreenPTBudgetWindow window, DateTimeOffset at)
    {
        (RedisKey[] keys, RedisValue[] values) = ReadArguments(scope, window, at);
        try
        {
            return Parse(window, at, (RedisResult[])Database.ScriptEvaluate(RedisScripts.Read, keys, values)!);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable(scope, "read the totals of", ex);
        }
    }

    /// <inheritdoc />
    public override async ValueTask<GreenPTLedgerReading> ReadAsync(string scope, GreenPTBudgetWindow window, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        (RedisKey[] keys, RedisValue[] values) = ReadArguments(scope, window, at);
        RedisResult result;
        try
        {
            result = await Database.ScriptEvaluateAsync(RedisScripts.Read, keys, values).WaitOrCancelAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable(scope, "read the totals of", ex);
        }

        return Parse(window, at, (RedisResult[])result!);
    }

    /// <inheritdoc />
    public override async ValueTask<GreenPTReservation> ReserveAsync(GreenPTReservationRequest request, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(request);
        string scope = ValidateScope(request.Scope, nameof(request));
        IReadOnlyList<GreenPTLedgerBucket> buckets = request.Window.BucketsAt(request.At);
        var keys = new RedisKey[2 + buckets.Count];
        keys[0] = Key(scope, "all");
        keys[1] = Key(scope, "res");
        for (int i = 0; i < buckets.Count; i++)
        {
            keys[2 + i] = Key(scope, buckets[i].Id);
        }

        RedisValue[] values =
        [
            request.ModelId ?? string.Empty, Number(request.EnergyLimitMicrojoules), Number(request.EmissionsLimitNanograms),
            Number(request.CeilingMicrojoules), Number(request.CeilingNanograms),
            request.At.ToUnixTimeMilliseconds(), (request.At + request.TimeToLive).ToUnixTimeMilliseconds(), request.Id,
        ];
        RedisResult[] r;
        try
        {
            r = (RedisResult[])(await Database.ScriptEvaluateAsync(RedisScripts.Reserve, keys, values).WaitOrCancelAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable(scope, "reserve the budget of", ex);
        }

        string refusal = (string)r[0]!;
        return new GreenPTReservation
        {
            Scope = scope,
            Id = request.Id,
            Granted = refusal == "none",
            Refusal = refusal switch { "spent" => GreenPTReservationRefusal.Spent, "noroom" => GreenPTReservationRefusal.NoRoom, _ => GreenPTReservationRefusal.None },
            Basis = (string)r[1]!,
            EnergyMicrojoules = Long(r[2]),
            EmissionsNanograms = Long(r[3]),
            SpentEnergyMicrojoules = Long(r[4]),
            SpentEmissionsNanograms = Long(r[5]),
            ReservedEnergyMicrojoules = Long(r[6]),
            ReservedEmissionsNanograms = Long(r[7]),
        };
    }

    /// <inheritdoc />
    public override async ValueTask SettleAsync(GreenPTReservation reservation, string? modelId, GreenPTImpactCounters? counters, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(reservation);
        if (counters is null)
        {
            try
            {
                await Database.HashDeleteAsync(Key(reservation.Scope, "res"), reservation.Id).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsUnavailable(ex))
            {
                // The reservation stops counting when its time to live ends.
            }

            return;
        }

        await ApplyAsync(Pending(reservation.Scope, modelId, counters, at, reservation.Id)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void Reset(string scope)
    {
        ValidateScope(scope, nameof(scope));
        string pattern = _options.KeyPrefix + ":{" + scope + "}:*";
        try
        {
            foreach (IServer server in _redis.GetServers().Where(s => !s.IsReplica))
            {
                RedisKey[] keys = server.Keys(Database.Database, pattern, pageSize: 500).ToArray();
                if (keys.Length > 0)
                {
                    Database.KeyDelete(keys);
                }
            }
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable(scope, "reset", ex);
        }
    }

    /// <summary>Adds every buffered record to Redis, oldest first; stops at the first that cannot be added yet.</summary>
    /// <param name="cancellationToken">Cancels the wait for the flush to start.</param>
    /// <returns>How many records are still buffered.</returns>
    public async Task<int> FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (_buffer.TryPeek(out PendingRecord? record))
            {
                try
                {
                    await Database.ScriptEvaluateAsync(RedisScripts.Record, record.Keys, record.Values).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsUnavailable(ex))
                {
                    break;
                }

                _buffer.TryDequeue(out _);
                Interlocked.Decrement(ref _buffered);
            }
        }
        finally
        {
            _flushing.Release();
        }

        return BufferedRecords;
    }

    /// <summary>Stops listening for reconnections (the connection is the caller's to dispose).</summary>
    public void Dispose()
    {
        _redis.ConnectionRestored -= OnConnectionRestored;
        _flushing.Dispose();
    }

    private async ValueTask ApplyAsync(PendingRecord record)
    {
        try
        {
            await Database.ScriptEvaluateAsync(RedisScripts.Record, record.Keys, record.Values).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            Buffer(record);
            return;
        }

        if (BufferedRecords > 0)
        {
            await FlushAsync().ConfigureAwait(false);
        }
    }

    private void Buffer(PendingRecord record)
    {
        if (Interlocked.Increment(ref _buffered) > _options.BufferCapacity)
        {
            Interlocked.Decrement(ref _buffered);
            Interlocked.Increment(ref _dropped);
            return;
        }

        _buffer.Enqueue(record);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            _ = FlushInBackgroundAsync();
        }
    }

    private async Task FlushInBackgroundAsync()
    {
        try
        {
            await FlushAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Disposed while a flush was pending: the records stay buffered in a ledger nobody uses any more.
        }
    }

    private PendingRecord Pending(string scope, string? modelId, GreenPTImpactCounters counters, DateTimeOffset at, string? reservationId)
    {
        ValidateScope(scope, nameof(scope));
        Throw.IfNull(counters);
        GreenPTLedgerBucket[] buckets = GreenPTLedgerBucket.For(at);
        var keys = new RedisKey[7];
        var values = new RedisValue[7 + GreenPTImpactCounters.FieldNames.Count];
        for (int i = 0; i < 5; i++)
        {
            keys[i] = Key(scope, buckets[i].Id);
            if (i > 0)
            {
                values[i] = new DateTimeOffset(buckets[i].End + buckets[i].Retention!.Value).ToUnixTimeSeconds();
            }
        }

        keys[5] = Key(scope, "seen:" + Guid.NewGuid().ToString("N"));
        keys[6] = Key(scope, "res");
        values[0] = modelId ?? string.Empty;
        values[5] = reservationId ?? string.Empty;
        values[6] = (long)_options.ReplayWindow.TotalMilliseconds;
        long[] fields = counters.ToFields();
        for (int i = 0; i < fields.Length; i++)
        {
            values[7 + i] = fields[i];
        }

        return new PendingRecord(keys, values);
    }

    private (RedisKey[] Keys, RedisValue[] Values) ReadArguments(string scope, GreenPTBudgetWindow window, DateTimeOffset at)
    {
        ValidateScope(scope, nameof(scope));
        Throw.IfNull(window);
        IReadOnlyList<GreenPTLedgerBucket> buckets = window.BucketsAt(at);
        var keys = new RedisKey[buckets.Count + 1];
        for (int i = 0; i < buckets.Count; i++)
        {
            keys[i] = Key(scope, buckets[i].Id);
        }

        keys[buckets.Count] = Key(scope, "res");
        return (keys, [at.ToUnixTimeMilliseconds()]);
    }

    private static GreenPTLedgerReading Parse(GreenPTBudgetWindow window, DateTimeOffset at, RedisResult[] result)
    {
        var total = new List<KeyValuePair<string, long>>();
        var perModel = new Dictionary<string, List<KeyValuePair<string, long>>>(StringComparer.Ordinal);
        for (int b = 0; b < result.Length - 1; b++)
        {
            var fields = (RedisResult[])result[b]!;
            for (int i = 0; i + 1 < fields.Length; i += 2)
            {
                string name = (string)fields[i]!;
                long value = Long(fields[i + 1]);
                if (name.StartsWith("m|", StringComparison.Ordinal))
                {
                    int last = name.LastIndexOf('|');
                    string model = name.Substring(2, last - 2);
                    if (!perModel.TryGetValue(model, out List<KeyValuePair<string, long>>? list))
                    {
                        list = [];
                        perModel[model] = list;
                    }

                    list.Add(new(name.Substring(last + 1), value));
                }
                else if (!name.StartsWith("x|", StringComparison.Ordinal))
                {
                    total.Add(new(name, value));
                }
            }
        }

        var reserved = (RedisResult[])result[result.Length - 1]!;
        (DateTimeOffset start, DateTimeOffset end) = window.RangeAt(at);
        return new GreenPTLedgerReading(
            window, start, end, GreenPTImpactCounters.FromFields(total),
            perModel.ToDictionary(p => p.Key, p => GreenPTImpactCounters.FromFields(p.Value), StringComparer.Ordinal),
            new GreenPTImpactCounters { EnergyMicrojoules = Long(reserved[0]), EmissionsNanograms = Long(reserved[1]) });
    }

    private RedisKey Key(string scope, string suffix) => _options.KeyPrefix + ":{" + scope + "}:" + suffix;

    private static RedisValue Number(long? value) => value is long v ? v : string.Empty;

    private static long Long(RedisResult value) => long.Parse((string)value!, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static bool IsUnavailable(Exception ex) =>
        ex is RedisConnectionException or RedisTimeoutException or TimeoutException ||
        (ex is RedisServerException server && (server.Message.StartsWith("LOADING", StringComparison.Ordinal) || server.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal)));

    private GreenPTImpactLedgerUnavailableException Unavailable(string scope, string what, Exception cause) =>
        new($"Redis ({string.Join(", ", _redis.GetEndPoints().Select(e => e.ToString()))}) is unreachable, so the impact ledger could not {what} scope '{scope}': {cause.Message}", cause)
        {
            Scope = scope,
            Ledger = "Redis",
        };

    private sealed record PendingRecord(RedisKey[] Keys, RedisValue[] Values);
}
