namespace Datagrid.Redis;

/// <summary>
/// The shared sliding-window log, one Lua script so each step is atomic in Redis and reads the time from the Redis
/// server (<c>TIME</c>), never from a worker's clock: skewed clocks across machines do not matter.
/// </summary>
/// <remarks>
/// Per partition three keys: <c>:log</c> (a sorted set: slot to the time it frees, ms), <c>:fly</c> (requests sent
/// and not answered yet, scored by when they stop counting if their sender died) and <c>:meta</c> (the learned
/// <c>limit</c>: absent = unknown, -1 = none; <c>blocked</c> = until when nobody may send after a 429; <c>expired</c> =
/// how many slots have left the log so far). The rules are those of
/// <c>Datagrid.Client/RateLimiting/RULES.md</c> (R-numbers in the comments), with the differences it lists; the
/// argument layout is owned by <see cref="SlidingWindowScriptClient"/>.
/// </remarks>
internal static class SlidingWindowScript
{
    public const string Source = """
        -- ARGV layout (SlidingWindowScriptClient owns it): op, window ms, key lifetime ms, max tracked limit,
        -- now ms (empty: Redis TIME), then the op's own arguments from ARGV[6] on.
        local now = tonumber(ARGV[5])
        if not now then
          local t = redis.call('TIME')
          now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        end
        local log, fly, meta = KEYS[1], KEYS[2], KEYS[3]
        local op = ARGV[1]
        local window = tonumber(ARGV[2])
        local keep = tonumber(ARGV[3])
        local max_tracked = tonumber(ARGV[4])
        local A = 5 -- ARGV[A + i] is the op's i-th argument
        -- expired counts every slot ever dropped from the log, so observe can tell which slots left it since a
        -- request was granted (the server may still have counted those) without keeping them
        local function purge()
          local gone = redis.call('ZREMRANGEBYSCORE', log, '-inf', now)
          if gone > 0 then
            redis.call('HINCRBY', meta, 'expired', gone)
            redis.call('PEXPIRE', meta, keep)
          end
        end
        local function expired() return tonumber(redis.call('HGET', meta, 'expired') or '0') end
        if op ~= 'observe' then purge() end
        redis.call('ZREMRANGEBYSCORE', fly, '-inf', now)
        local function touch()
          redis.call('PEXPIRE', log, keep)
          redis.call('PEXPIRE', fly, keep)
          redis.call('PEXPIRE', meta, keep)
        end
        local function limit_of(default)
          local l = redis.call('HGET', meta, 'limit')
          if l then return tonumber(l) end
          return default
        end

        if op == 'acquire' then
          -- hold, default limit, then one member per wanted slot: grants as many as are free in one step and
          -- returns {granted, expired count, ms until another slot may free (-1: only when a request in flight answers)}
          local hold, default = tonumber(ARGV[A + 1]), tonumber(ARGV[A + 2])
          local wanted = #ARGV - (A + 2)
          local blocked = tonumber(redis.call('HGET', meta, 'blocked') or '0')
          if blocked > now then return {0, expired(), blocked - now} end
          local limit = limit_of(default)
          local flying = redis.call('ZCARD', fly)
          local free
          if limit < 0 then free = wanted
          elseif limit == 0 then free = (flying == 0) and 1 or 0
          else free = limit - flying - redis.call('ZCARD', log) end
          local granted = math.max(0, math.min(wanted, free))
          for i = 1, granted do redis.call('ZADD', fly, now + hold, ARGV[A + 2 + i]) end
          if granted > 0 then touch() end
          if granted == wanted then return {granted, expired(), 0} end
          if limit > 0 and flying + granted < limit then
            local first = redis.call('ZRANGE', log, 0, 0, 'WITHSCORES')
            if first[2] then return {granted, expired(), tonumber(first[2]) - now} end
          end
          return {granted, expired(), -1}
        end

        if op == 'cancel' then
          -- a granted slot whose caller gave up before sending: it never reached the server, so nothing to log
          redis.call('ZREM', fly, ARGV[A + 1])
          return {1, 0}
        end

        if op == 'release' then
          if redis.call('ZREM', fly, ARGV[A + 1]) == 1 and limit_of(0) >= 0 then
            redis.call('ZADD', log, now + window, ARGV[A + 1])
          end
          touch()
          return {1, 0}
        end

        -- observe: status, limit, remaining, reset (epoch ms), block (ms), max server wait (ms), member, expired count
        -- at its grant; -1 = absent
        local status, hl, remaining, reset = tonumber(ARGV[A + 1]), tonumber(ARGV[A + 2]), tonumber(ARGV[A + 3]), tonumber(ARGV[A + 4])
        local block, maxwait, member, expired_then = tonumber(ARGV[A + 5]), tonumber(ARGV[A + 6]), ARGV[A + 7], tonumber(ARGV[A + 8])
        if hl > 0 and hl <= max_tracked then
          redis.call('HSET', meta, 'limit', hl)
        elseif hl == 0 or hl > max_tracked then
          redis.call('HSET', meta, 'limit', -1)
        elseif status ~= 429 and not redis.call('HGET', meta, 'limit') then
          redis.call('HSET', meta, 'limit', -1)
        end
        local function block_until(u)
          local b = tonumber(redis.call('HGET', meta, 'blocked') or '0')
          if u > b then redis.call('HSET', meta, 'blocked', u) end
        end
        if block > 0 then block_until(now + block) end
        local limit = limit_of(0)
        local free_at = reset
        if free_at < 0 and block > 0 then free_at = now + block end
        if remaining == 0 and limit <= 0 and free_at > 0 then
          block_until(math.min(free_at, now + maxwait))
        end
        if limit > 0 and remaining >= 0 then
          local used = limit - math.min(remaining, limit)
          -- The server counted nothing of ours but slots in the log or in flight now, or that left the log since
          -- this request was granted (they may still have been in its window); the rest is others' traffic.
          local since = math.max(0, expired() - expired_then)
          local unseen = used - since - redis.call('ZCARD', log) - redis.call('ZCARD', fly)
          if unseen > 0 then
            local last = now + math.min(window, maxwait)
            local first = last
            if free_at > 0 then first = math.max(now, math.min(free_at, last)) end
            local step = (last - first) / unseen
            for i = 0, unseen - 1 do
              redis.call('ZADD', log, math.floor(first + step * i), 'u:' .. now .. ':' .. i .. ':' .. member)
            end
          end
        end
        purge()
        touch()
        return {1, 0}
        """;
}
