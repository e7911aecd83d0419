"""Fan-out of live events to Server-Sent-Event subscribers, and who is watching.

``LocalBroker`` keeps everything in this process: right for one server process. ``RedisBroker`` publishes
through Redis pub/sub and keeps presence in a sorted set, so every gunicorn worker delivers every event
to its own subscribers and the viewer count covers all workers. Each process holds one Redis
subscription however many viewers it serves.

Subscribers get events through a bounded queue; a subscriber too slow to keep up loses the oldest events
(state events are whole snapshots, so the next one repairs it) instead of growing memory.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import threading
import time

log = logging.getLogger(__name__)
PRESENCE_TTL = 45.0  # seconds: a viewer counts as online this long after their last heartbeat
QUEUE_SIZE = 64


class Subscription:
    """One SSE connection's inbox."""

    def __init__(self, broker: LocalBroker, channel: str) -> None:
        self.broker, self.channel = broker, channel
        self.queue: queue.Queue[dict] = queue.Queue(maxsize=QUEUE_SIZE)

    def put(self, event: dict) -> None:
        while True:
            try:
                self.queue.put_nowait(event)
                return
            except queue.Full:
                with contextlib.suppress(queue.Empty):
                    self.queue.get_nowait()  # drop the oldest

    def get(self, timeout: float) -> dict | None:
        try:
            return self.queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        self.broker.unsubscribe(self)

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class LocalBroker:
    """Events and presence inside this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[str, set[Subscription]] = {}
        self._presence: dict[str, dict[str, float]] = {}

    # -- events
    def subscribe(self, channel: str) -> Subscription:
        sub = Subscription(self, channel)
        with self._lock:
            self._subscribers.setdefault(channel, set()).add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            subs = self._subscribers.get(sub.channel)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self._subscribers[sub.channel]

    def publish(self, channel: str, event: dict) -> None:
        self.deliver(channel, {**event, "ts": event.get("ts") or time.time()})

    def deliver(self, channel: str, event: dict) -> None:
        """Hand an event to this process's subscribers of ``channel``."""
        with self._lock:
            subs = list(self._subscribers.get(channel, ()))
        for sub in subs:
            sub.put(event)

    def local_channels(self) -> list[str]:
        with self._lock:
            return list(self._subscribers)

    def local_subscribers(self, channel: str) -> int:
        with self._lock:
            return len(self._subscribers.get(channel, ()))

    # -- presence
    def touch(self, channel: str, viewer: str) -> None:
        with self._lock:
            self._presence.setdefault(channel, {})[viewer] = time.time()

    def leave(self, channel: str, viewer: str) -> None:
        with self._lock:
            self._presence.get(channel, {}).pop(viewer, None)

    def flush_presence(self) -> None:
        """Nothing to flush: presence lives in this process."""

    def online(self, channel: str) -> int:
        cutoff = time.time() - PRESENCE_TTL
        with self._lock:
            seen = self._presence.get(channel, {})
            for viewer in [v for v, at in seen.items() if at < cutoff]:
                del seen[viewer]
            return len(seen)


class RedisBroker(LocalBroker):
    """Events through Redis pub/sub (one listener per process), presence in Redis sorted sets.

    Viewers' heartbeats are kept locally and written to Redis in one pipeline per ``flush_presence`` (the
    counter ticker calls it every few seconds), so thousands of streams cost one round trip, not thousands
    of concurrent connections.
    """

    def __init__(self, url: str, prefix: str = "zone:live:", max_connections: int = 50) -> None:
        super().__init__()
        import redis

        pool = redis.BlockingConnectionPool.from_url(url, max_connections=max_connections, timeout=10)
        self.redis = redis.Redis(connection_pool=pool)
        self.prefix = prefix
        self._seen: dict[str, dict[str, float]] = {}  # touched since the last flush
        self._left: dict[str, set[str]] = {}
        self._pubsub = None
        self._closing = False
        self._listener: threading.Thread | None = None
        self._listener_pid: int | None = None
        self._started = threading.Event()

    def publish(self, channel: str, event: dict) -> None:
        payload = json.dumps({**event, "ts": event.get("ts") or time.time()}, ensure_ascii=False)
        self.redis.publish(self.prefix + channel, payload)

    def subscribe(self, channel: str) -> Subscription:
        self._ensure_listener()
        return super().subscribe(channel)

    def _ensure_listener(self) -> None:
        # A forked worker must start its own listener: threads do not survive fork.
        if self._listener is not None and self._listener_pid == os.getpid() and self._listener.is_alive():
            return
        with self._lock:
            if self._listener is None or self._listener_pid != os.getpid() or not self._listener.is_alive():
                self._started.clear()
                self._listener_pid = os.getpid()
                self._listener = threading.Thread(target=self._listen, name="live-broker", daemon=True)
                self._listener.start()
        self._started.wait(5)

    def close(self) -> None:
        """Stop listening and close the Redis connections (tests; a worker just exits)."""
        self._closing = True
        if self._pubsub is not None:
            self._pubsub.close()
        if self._listener is not None:
            self._listener.join(2)
        self.redis.close()
        self.redis.connection_pool.disconnect()

    def _listen(self) -> None:
        while not self._closing:
            try:
                pubsub = self._pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
                pubsub.psubscribe(self.prefix + "*")
                self._started.set()
                for message in pubsub.listen():
                    if message.get("type") != "pmessage":
                        continue
                    channel = message["channel"].decode()[len(self.prefix) :]
                    try:
                        event = json.loads(message["data"])
                    except ValueError:
                        log.warning("dropped a malformed live event on %s", channel)
                        continue
                    self.deliver(channel, event)
            except Exception as exc:  # (Redis went away: keep trying, never die)
                if self._closing:
                    return
                log.warning("live broker lost Redis (%s); reconnecting", exc)
                time.sleep(1)

    def touch(self, channel: str, viewer: str) -> None:
        with self._lock:
            self._seen.setdefault(channel, {})[viewer] = time.time()
            self._left.get(channel, set()).discard(viewer)

    def leave(self, channel: str, viewer: str) -> None:
        with self._lock:
            self._seen.get(channel, {}).pop(viewer, None)
            self._left.setdefault(channel, set()).add(viewer)

    def flush_presence(self) -> None:
        """Write the heartbeats and departures gathered since the last flush to Redis (one pipeline)."""
        with self._lock:
            seen, left = self._seen, self._left
            self._seen, self._left = {}, {}
        if not seen and not left:
            return
        pipe = self.redis.pipeline(transaction=False)
        for channel, viewers in seen.items():
            if viewers:
                key = f"{self.prefix}online:{channel}"
                pipe.zadd(key, viewers)
                pipe.expire(key, int(PRESENCE_TTL * 4))
        for channel, viewers in left.items():
            if viewers:
                pipe.zrem(f"{self.prefix}online:{channel}", *viewers)
        pipe.execute()

    def online(self, channel: str) -> int:
        self.flush_presence()
        key = f"{self.prefix}online:{channel}"
        pipe = self.redis.pipeline()
        pipe.zremrangebyscore(key, 0, time.time() - PRESENCE_TTL)
        pipe.zcard(key)
        return int(pipe.execute()[1])


def make_broker(redis_url: str | None, prefix: str = "zone:live:") -> LocalBroker:
    return RedisBroker(redis_url, prefix) if redis_url else LocalBroker()
