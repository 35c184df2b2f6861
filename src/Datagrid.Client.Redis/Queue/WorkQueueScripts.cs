namespace Datagrid.Redis.Queue;

/// <summary>
/// The queue's Lua scripts. Each runs atomically in Redis, so a state change and its bookkeeping are never seen (or
/// persisted) half done. All keys of one queue share the hash tag <c>{name}</c>, so they live in one cluster slot.
/// Item state in the <c>items</c> hash is "round:state" with state q (queued or in flight), d, a or f.
/// </summary>
internal static class WorkQueueScripts
{
    public const string Group = "workers";

    /// <summary>ARGV: prefix, then (teamspace token, id) pairs. Returns {added, queued, done, failed}.</summary>
    public const string Enqueue = """
        local p = ARGV[1]
        local added, queued, done, failed = 0, 0, 0, 0
        for i = 2, #ARGV, 2 do
          local t, id = ARGV[i], ARGV[i + 1]
          local f = t .. '\n' .. id
          local cur = redis.call('HGET', p .. 'items', f)
          if not cur then
            redis.call('HSET', p .. 'items', f, '1:q')
            local s = p .. 's:' .. t
            if redis.call('SADD', p .. 'teamspaces', t) == 1 then
              redis.call('XGROUP', 'CREATE', s, 'workers', '0', 'MKSTREAM')
            end
            redis.call('XADD', s, '*', 't', t, 'i', id, 'r', '1')
            redis.call('HINCRBY', p .. 'counts', 'total', 1)
            redis.call('HINCRBY', p .. 'counts', 'total:' .. t, 1)
            added = added + 1
          else
            local st = string.sub(cur, -1)
            if st == 'q' then queued = queued + 1 elseif st == 'f' then failed = failed + 1 else done = done + 1 end
          end
        end
        return {added, queued, done, failed}
        """;

    /// <summary>
    /// Stores an outcome, then acknowledges (and drops) the stream entry. ARGV: prefix, token, id, round, state (d/a/f),
    /// outcome JSON, stream entry id, limit ('' when unknown), window seconds. Returns 1 when recorded, 0 when this
    /// round of the item already had its outcome (a second delivery: acknowledged, not counted again).
    /// </summary>
    public const string Record = """
        local p, t, id, r, st, json, eid, limit, window = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
        local f = t .. '\n' .. id
        local s = p .. 's:' .. t
        local recorded = 0
        if redis.call('HGET', p .. 'items', f) == (r .. ':q') then
          redis.call('HSET', p .. 'items', f, r .. ':' .. st)
          redis.call('RPUSH', p .. 'log', json)
          local name = 'failed'
          if st == 'd' then name = 'deleted' elseif st == 'a' then name = 'absent' end
          redis.call('HINCRBY', p .. 'counts', name, 1)
          redis.call('HINCRBY', p .. 'counts', 'done:' .. t, 1)
          if st == 'f' then redis.call('SADD', p .. 'failed', f) end
          local now = redis.call('TIME')[1]
          local rk = p .. 'rate:' .. t .. ':' .. now
          redis.call('INCR', rk)
          redis.call('EXPIRE', rk, 3600)
          recorded = 1
        end
        if limit ~= '' then redis.call('HSET', p .. 'budget', t, limit .. '|' .. window) end
        redis.call('XACK', s, 'workers', eid)
        redis.call('XDEL', s, eid)
        return recorded
        """;

    /// <summary>
    /// Renews the lease of entries this consumer still holds (resets their idle time); an entry another worker has
    /// taken over is left alone. ARGV: stream key, consumer, entry ids. Returns the ids still held.
    /// </summary>
    public const string Renew = """
        local s, c = ARGV[1], ARGV[2]
        local held = {}
        for i = 3, #ARGV do
          local e = redis.call('XPENDING', s, 'workers', ARGV[i], ARGV[i], 1, c)
          if #e > 0 then
            redis.call('XCLAIM', s, 'workers', c, 0, ARGV[i], 'JUSTID')
            table.insert(held, ARGV[i])
          end
        end
        return held
        """;

    /// <summary>Puts up to ARGV[2] failed items back in the queue in their next round. ARGV: prefix, count. Returns how many.</summary>
    public const string RequeueFailed = """
        local p = ARGV[1]
        local fs = redis.call('SPOP', p .. 'failed', tonumber(ARGV[2]))
        for _, f in ipairs(fs) do
          local nl = string.find(f, '\n', 1, true)
          local t = string.sub(f, 1, nl - 1)
          local id = string.sub(f, nl + 1)
          local cur = redis.call('HGET', p .. 'items', f)
          local r = tonumber(string.match(cur, '^(%d+):')) + 1
          redis.call('HSET', p .. 'items', f, r .. ':q')
          redis.call('XADD', p .. 's:' .. t, '*', 't', t, 'i', id, 'r', tostring(r))
          redis.call('HINCRBY', p .. 'counts', 'failed', -1)
          redis.call('HINCRBY', p .. 'counts', 'done:' .. t, -1)
        end
        return #fs
        """;
}
