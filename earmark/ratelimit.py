"""A captioner rate limit shared by every worker on every machine, kept in Redis.

Three rules, checked and applied in one Lua script so no two workers can both take the last
token, timed by Redis's clock so machines' clocks need not agree:

- a token bucket: at most ``rps`` calls a second, with ``burst`` calls saved up at most;
- a semaphore: at most ``max_inflight`` calls at once (a holder that dies frees its slot when its
  hold expires);
- a pause: after a 429 with ``Retry-After``, nobody calls until it has passed.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import redis

PREFIX = "earmark:ratelimit:"
_POLL_MS = 50  # how soon to look again when every in-flight slot is taken

_ACQUIRE = """
local bucket, inflight, pause = KEYS[1], KEYS[2], KEYS[3]
local rps, burst, max_inflight = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local holder, hold_ms = ARGV[4], tonumber(ARGV[5])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local paused_until = tonumber(redis.call('GET', pause) or '0')
if paused_until > now then return paused_until - now end
if max_inflight > 0 then
  redis.call('ZREMRANGEBYSCORE', inflight, '-inf', now)
  if redis.call('ZCARD', inflight) >= max_inflight then return tonumber(ARGV[6]) end
end
if rps > 0 then
  local state = redis.call('HMGET', bucket, 'tokens', 'ms')
  local tokens, last = tonumber(state[1]) or burst, tonumber(state[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - last) * rps / 1000)
  if tokens < 1 then
    redis.call('HSET', bucket, 'tokens', tostring(tokens), 'ms', now)
    return math.max(1, math.ceil((1 - tokens) * 1000 / rps))
  end
  redis.call('HSET', bucket, 'tokens', tostring(tokens - 1), 'ms', now)
  redis.call('PEXPIRE', bucket, math.ceil(burst * 1000 / rps) + 60000)
end
if max_inflight > 0 then
  redis.call('ZADD', inflight, now + hold_ms, holder)
  redis.call('PEXPIRE', inflight, hold_ms + 60000)
end
return 0
"""

_PAUSE = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local until_ms = now + tonumber(ARGV[1])
if until_ms > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], until_ms, 'PX', tonumber(ARGV[1]))
end
"""


class SlotTimeout(Exception):
    """No call slot could be had before the deadline (or shutdown); nothing was taken."""


class FleetLimiter:
    """The fleet-wide limit. ``rps`` or ``max_inflight`` of 0 means that rule is off."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        rps: float,
        burst: float = 1.0,
        max_inflight: int = 0,
        hold_s: float = 300.0,
    ) -> None:
        self._client = client
        self._acquire = client.register_script(_ACQUIRE)
        self._pause = client.register_script(_PAUSE)
        self.rps, self.burst, self.max_inflight = rps, max(1.0, burst), max_inflight
        self._hold_ms = round(hold_s * 1000)
        self._keys = [PREFIX + "bucket", PREFIX + "inflight", PREFIX + "pause"]

    def try_acquire(self, holder: str) -> float:
        """Take a slot for ``holder`` now and return 0, or return the seconds to wait first."""
        wait_ms = self._acquire(
            keys=self._keys,
            args=[self.rps, self.burst, self.max_inflight, holder, self._hold_ms, _POLL_MS],
        )
        return int(wait_ms) / 1000

    def release(self, holder: str) -> None:
        if self.max_inflight > 0:
            self._client.zrem(self._keys[1], holder)

    def pause(self, seconds: float) -> None:
        """Stop the whole fleet's calls for ``seconds`` (a 429's Retry-After)."""
        if seconds > 0:
            self._pause(keys=[self._keys[2]], args=[max(1, round(seconds * 1000))])

    @contextmanager
    def slot(self, *, deadline: float, stopping: threading.Event | None = None) -> Iterator[None]:
        """Hold one call slot for the ``with`` block; raises :class:`SlotTimeout` if none can be
        had before ``deadline`` (a ``time.monotonic()`` value) or before ``stopping`` is set."""
        holder = uuid.uuid4().hex
        while (wait := self.try_acquire(holder)) > 0:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or (stopping is not None and stopping.is_set()):
                raise SlotTimeout(f"no captioner slot within the wait limit ({wait:.1f}s more)")
            pause = min(wait, remaining)
            if stopping is None:
                time.sleep(pause)
            elif stopping.wait(pause):
                raise SlotTimeout("shutting down")
        try:
            yield
        finally:
            self.release(holder)
