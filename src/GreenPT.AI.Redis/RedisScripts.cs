namespace GreenPT.AI.Redis;

/// <summary>The Lua scripts the ledger runs: each one is atomic in Redis, so every update of a scope happens in one step.</summary>
internal static class RedisScripts
{
    /// <summary>
    /// Adds one record. KEYS: all, month, day, hour, minute, the record's replay marker, the reservations hash. ARGV: model ('' for
    /// the scope only), the expiry (unix seconds) of month, day, hour and minute, the reservation id to remove ('' for none), the
    /// replay window in ms, then the ten counters. Returns 1 when applied, 0 when the record had already been applied.
    /// </summary>
    public const string Record = """
        local reservation = ARGV[6]
        if reservation ~= '' then redis.call('HDEL', KEYS[7], reservation) end
        if not redis.call('SET', KEYS[6], '1', 'NX', 'PX', ARGV[7]) then return 0 end
        local names = {'calls', 'noimpact', 'in', 'out', 'uj', 'ng', 'us', 'ticks', 'refused', 'degraded', 'est', 'estuj', 'estng', 'estujlo', 'estujhi', 'estnglo', 'estnghi'}
        local model = ARGV[1]
        for k = 1, 5 do
          for i = 1, #names do
            local v = ARGV[7 + i]
            if v ~= '0' then
              redis.call('HINCRBY', KEYS[k], names[i], v)
              if model ~= '' then redis.call('HINCRBY', KEYS[k], 'm|' .. model .. '|' .. names[i], v) end
            end
          end
          if k > 1 then redis.call('EXPIREAT', KEYS[k], ARGV[k]) end
        end
        if ARGV[8] == '1' and ARGV[9] == '0' then
          local uj, ng = tonumber(ARGV[12]), tonumber(ARGV[13])
          local prefixes = {'x||'}
          if model ~= '' then prefixes[2] = 'x|' .. model .. '|' end
          for _, p in ipairs(prefixes) do
            if uj > tonumber(redis.call('HGET', KEYS[1], p .. 'uj') or '-1') then redis.call('HSET', KEYS[1], p .. 'uj', ARGV[12]) end
            if ng > tonumber(redis.call('HGET', KEYS[1], p .. 'ng') or '-1') then redis.call('HSET', KEYS[1], p .. 'ng', ARGV[13]) end
          end
        end
        return 1
        """;

    /// <summary>
    /// Reads a window. KEYS: the window's buckets, then the reservations hash. ARGV: now (unix ms). Returns each bucket's fields
    /// and values, then the live reservations' energy and emissions.
    /// </summary>
    public const string Read = """
        local out = {}
        for k = 1, #KEYS - 1 do out[k] = redis.call('HGETALL', KEYS[k]) end
        local now, uj, ng = tonumber(ARGV[1]), 0, 0
        local r = redis.call('HGETALL', KEYS[#KEYS])
        for i = 1, #r, 2 do
          local a, b, e = string.match(r[i + 1], '^(%d+) (%d+) (%d+)$')
          if tonumber(e) > now then uj = uj + tonumber(a); ng = ng + tonumber(b) end
        end
        out[#KEYS] = {string.format('%d', uj), string.format('%d', ng)}
        return out
        """;

    /// <summary>
    /// Reserves. KEYS: all, the reservations hash, then the window's buckets. ARGV: model, energy limit, emissions limit, energy
    /// ceiling, emissions ceiling ('' for none), now (unix ms), the reservation's expiry (unix ms), its id. Returns granted (1/0),
    /// the refusal, the basis, the estimates, what was spent and what others had reserved.
    /// </summary>
    public const string Reserve = """
        local now = tonumber(ARGV[6])
        local reservedUj, reservedNg = 0, 0
        local r = redis.call('HGETALL', KEYS[2])
        for i = 1, #r, 2 do
          local a, b, e = string.match(r[i + 1], '^(%d+) (%d+) (%d+)$')
          if tonumber(e) <= now then redis.call('HDEL', KEYS[2], r[i]) else reservedUj = reservedUj + tonumber(a); reservedNg = reservedNg + tonumber(b) end
        end
        local spentUj, spentNg = 0, 0
        for k = 3, #KEYS do
          local v = redis.call('HMGET', KEYS[k], 'uj', 'ng')
          spentUj = spentUj + tonumber(v[1] or '0')
          spentNg = spentNg + tonumber(v[2] or '0')
        end
        local basis, mostUj, mostNg = 'remaining', -1, -1
        local m = nil
        if ARGV[1] ~= '' then m = redis.call('HMGET', KEYS[1], 'x|' .. ARGV[1] .. '|uj', 'x|' .. ARGV[1] .. '|ng') end
        if m and m[1] then basis, mostUj, mostNg = 'model', tonumber(m[1]), tonumber(m[2])
        else
          local s = redis.call('HMGET', KEYS[1], 'x||uj', 'x||ng')
          if s[1] then basis, mostUj, mostNg = 'scope', tonumber(s[1]), tonumber(s[2]) end
        end
        local function estimate(ceiling, most, limit, used)
          if ceiling ~= '' then return tonumber(ceiling) end
          if most >= 0 then return most end
          if limit ~= '' then return math.max(0, tonumber(limit) - used) end
          return 0
        end
        local estUj = estimate(ARGV[4], mostUj, ARGV[2], spentUj + reservedUj)
        local estNg = estimate(ARGV[5], mostNg, ARGV[3], spentNg + reservedNg)
        if ARGV[4] ~= '' or ARGV[5] ~= '' then basis = 'ceiling' end
        local function reached(spent, limit) return limit ~= '' and spent >= tonumber(limit) end
        local function noroom(used, est, limit) return limit ~= '' and (used >= tonumber(limit) or used + est > tonumber(limit)) end
        local refusal = 'none'
        if reached(spentUj, ARGV[2]) or reached(spentNg, ARGV[3]) then refusal = 'spent'
        elseif noroom(spentUj + reservedUj, estUj, ARGV[2]) or noroom(spentNg + reservedNg, estNg, ARGV[3]) then refusal = 'noroom' end
        if refusal == 'none' then
          redis.call('HSET', KEYS[2], ARGV[8], string.format('%d %d %d', estUj, estNg, tonumber(ARGV[7])))
          local ttl = tonumber(ARGV[7]) - now
          if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
        end
        local function s(x) return string.format('%d', x) end
        return {refusal, basis, s(estUj), s(estNg), s(spentUj), s(spentNg), s(reservedUj), s(reservedNg)}
        """;
}
