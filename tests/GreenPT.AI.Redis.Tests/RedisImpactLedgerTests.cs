using GreenPT.AI.Tests.Accounting.Ledger;
using StackExchange.Redis;

namespace GreenPT.AI.Redis.Tests;

/// <summary>The ledger contract on a real redis-server, plus what only Redis has: key names, expiry, bad input.</summary>
public sealed class RedisImpactLedgerTests : ImpactLedgerContractTests, IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly RedisServer _server;
    private ConnectionMultiplexer? _redis;
    private GreenPTRedisImpactLedger? _ledger;

    public RedisImpactLedgerTests(RedisServer server) => _server = server;

    protected override GreenPTImpactLedger Ledger => _ledger!;

    public async ValueTask InitializeAsync()
    {
        _redis = await _server.ConnectAsync();
        _ledger = new GreenPTRedisImpactLedger(_redis);
    }

    public async ValueTask DisposeAsync()
    {
        _ledger?.Dispose();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task Keys_AreNamespacedPerScope_AsDocumented_AndWindowBucketsExpire()
    {
        string scope = NewScope();
        await Ledger.RecordAsync(scope, "gemma4", Call(100, 1), DateTimeOffset.UtcNow, Ct);
        DateTime now = DateTime.UtcNow;
        IServer server = _redis!.GetServer(_redis.GetEndPoints()[0]);

        string[] keys = server.Keys(pattern: "greenpt:{" + scope + "}:*").Select(k => k.ToString()).Where(k => !k.Contains(":seen:", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(
            new[] { "all", "M" + now.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture), "d" + now.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) }
                .Select(s => "greenpt:{" + scope + "}:" + s).Order(StringComparer.Ordinal),
            keys.Where(k => !k.Contains("}:h", StringComparison.Ordinal) && !k.Contains("}:m", StringComparison.Ordinal)));
        Assert.Equal(5, keys.Length);
        IDatabase db = _redis.GetDatabase();
        Assert.Null(await db.KeyTimeToLiveAsync("greenpt:{" + scope + "}:all"));
        TimeSpan dayTtl = (await db.KeyTimeToLiveAsync(keys.Single(k => k.Contains("}:d", StringComparison.Ordinal))))!.Value;
        Assert.InRange(dayTtl, TimeSpan.FromDays(35), TimeSpan.FromDays(36));
        TimeSpan minuteTtl = (await db.KeyTimeToLiveAsync(keys.Single(k => k.Contains("}:m2", StringComparison.Ordinal))))!.Value;
        Assert.InRange(minuteTtl, TimeSpan.FromHours(24.9), TimeSpan.FromHours(25.1));
        Assert.Equal("100", (string?)await db.HashGetAsync("greenpt:{" + scope + "}:all", "m|gemma4|uj"));
    }

    [Fact]
    public async Task ScopeWithRedisSpecialCharacters_IsRefusedWithAnArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await Ledger.RecordAsync("a}:b{", "m", Call(1, 1), DateTimeOffset.UtcNow, Ct));
        Assert.Throws<ArgumentException>(() => Ledger.Read("*", GreenPTBudgetWindow.AllTime, DateTimeOffset.UtcNow));
        Assert.Throws<ArgumentException>(() => new GreenPTRedisLedgerOptions { KeyPrefix = "a:b" });
        Assert.Throws<ArgumentOutOfRangeException>(() => new GreenPTRedisLedgerOptions { BufferCapacity = 0 });
    }

    [Fact]
    public async Task KeyPrefix_SeparatesTwoAppsOnOneRedis()
    {
        string scope = NewScope();
        using var other = new GreenPTRedisImpactLedger(_redis!, new GreenPTRedisLedgerOptions { KeyPrefix = "other-app" });
        await Ledger.RecordAsync(scope, "m", Call(100, 1), Noon, Ct);

        Assert.Equal(0, (await other.ReadAsync(scope, GreenPTBudgetWindow.AllTime, Noon, Ct)).Total.Calls);
        Assert.Equal(1, (await Ledger.ReadAsync(scope, GreenPTBudgetWindow.AllTime, Noon, Ct)).Total.Calls);
    }
}
