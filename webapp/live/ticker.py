"""The counter ticker: one thread per process pushes each of its rooms' counters to its own viewers."""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask

from webapp.extensions import db
from webapp.live.reports import counters
from webapp.live.rooms import broker

log = logging.getLogger(__name__)


TICK_SECONDS = 2.0


class CounterTicker(threading.Thread):
    def __init__(self, app: Flask) -> None:
        super().__init__(name="live-counters", daemon=True)
        self.app = app

    def run(self) -> None:
        hub = broker(self.app)
        while True:
            time.sleep(TICK_SECONDS)
            try:
                hub.flush_presence()
            except Exception:  # (Redis away: the next tick retries)
                log.exception("could not write viewer presence")
            for name in hub.local_channels():
                if not name.startswith("live:"):
                    continue
                session_id = int(name.split(":", 1)[1])
                try:
                    with self.app.app_context():
                        numbers = counters(session_id)
                        db.session.remove()
                    hub.deliver(name, {"type": "counters", "counters": numbers, "ts": time.time()})
                except Exception:  # (keep ticking; the next round retries)
                    log.exception("live counters failed for %s", name)


_ticker_lock = threading.Lock()


def ensure_ticker(app: Flask) -> None:
    """Start this process's counter ticker once (after a fork, the child starts its own)."""
    import os

    with _ticker_lock:
        ticker = app.extensions.get("live_ticker")
        if ticker is not None and ticker.is_alive() and app.extensions.get("live_ticker_pid") == os.getpid():
            return
        ticker = CounterTicker(app)
        ticker.start()
        app.extensions["live_ticker"], app.extensions["live_ticker_pid"] = ticker, os.getpid()
