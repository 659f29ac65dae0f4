namespace GreenPT.AI.Redis;

/// <summary>Options of a <see cref="GreenPTRedisImpactLedger"/>.</summary>
public sealed class GreenPTRedisLedgerOptions
{
    /// <summary>
    /// The first part of every key, <c>greenpt</c> unless set: keys are <c>{prefix}:{scope}:{bucket}</c> (see the package README).
    /// ASCII letters, digits, <c>-</c>, <c>_</c> and <c>.</c> only.
    /// </summary>
    /// <exception cref="ArgumentException">The prefix is empty or has another character.</exception>
    public string KeyPrefix
    {
        get => _keyPrefix;
        init
        {
            if (string.IsNullOrEmpty(value) || value.Any(c => !(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.')))
            {
                throw new ArgumentException($"The Redis key prefix '{value}' must be ASCII letters, digits, '-', '_' or '.'.", nameof(KeyPrefix));
            }

            _keyPrefix = value;
        }
    }

    /// <summary>
    /// How many records the ledger keeps in memory while Redis is unreachable, to add them when it is back; 10,000 unless set.
    /// Past that, new records are counted in <see cref="GreenPTRedisImpactLedger.DroppedRecords"/> and lost.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int BufferCapacity
    {
        get => _bufferCapacity;
        init => _bufferCapacity = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(BufferCapacity), value, "The buffer capacity must be positive.");
    }

    /// <summary>
    /// How long the ledger remembers that a record was applied, so that a record replayed after a lost reply is not counted twice;
    /// 24 hours unless set.
    /// </summary>
    public TimeSpan ReplayWindow { get; init; } = TimeSpan.FromHours(24);

    private readonly string _keyPrefix = "greenpt";
    private readonly int _bufferCapacity = 10_000;
}
