"""Run the project's own Meilisearch as a child process, or find one that is already running.

Data and the generated master key live under the instance folder (never a fixed key). A small state file
records the running server so that other commands reuse it instead of starting a second one on the same data.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from search.provision import ensure_binary


@dataclass
class MeiliServer:
    """A Meilisearch endpoint; ``process`` is set when this process started it and must stop it."""

    url: str
    master_key: str
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def owned(self) -> bool:
        return self.process is not None

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def free_port(preferred: int | None = None) -> int:
    """A free loopback TCP port, the preferred one when it is free."""
    candidates = [preferred] if preferred else []
    for port in [*candidates, 0]:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError("no free port")


def is_healthy(url: str, timeout: float = 1.0) -> bool:
    try:
        return requests.get(f"{url}/health", timeout=timeout).status_code == 200
    except requests.RequestException:
        return False


def master_key_for(meili_dir: Path) -> str:
    """The instance's master key, generated on first use and kept with mode 0600."""
    meili_dir.mkdir(parents=True, exist_ok=True)
    key_file = meili_dir / "master_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def discover(meili_dir: Path) -> MeiliServer | None:
    """A server recorded in the state file that is still alive and healthy, else None."""
    state_file = meili_dir / "server.json"
    if not state_file.exists():
        return None
    try:
        state = json.loads(state_file.read_text())
    except (OSError, ValueError):
        return None
    if not _pid_alive(int(state.get("pid", 0))) or not is_healthy(state["url"]):
        return None
    return MeiliServer(url=state["url"], master_key=master_key_for(meili_dir))


def start(
    data_dir: Path,
    master_key: str,
    port: int | None = None,
    log_path: Path | None = None,
    timeout: float = 30.0,
) -> MeiliServer:
    """Start a Meilisearch child process on loopback and wait until it is healthy."""
    binary = ensure_binary(verbose=False)
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    data_dir.mkdir(parents=True, exist_ok=True)
    log = (log_path or data_dir.parent / "meilisearch.log").open("ab")
    process = subprocess.Popen(
        [
            str(binary),
            # "--flag=value", so that a value starting with "-" is never read as a flag
            f"--db-path={data_dir / 'data.ms'}",
            f"--dump-dir={data_dir / 'dumps'}",
            f"--http-addr=127.0.0.1:{port}",
            "--no-analytics",
            "--env=production",
        ],
        # the key goes through the environment: process arguments are visible to every local user (ps)
        env={**os.environ, "MEILI_MASTER_KEY": master_key},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl-C in a terminal reaches us; we stop the child in order
    )
    log.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"Meilisearch exited with {process.returncode}; see its log in {data_dir.parent}"
            )
        if is_healthy(url, timeout=0.5):
            return MeiliServer(url=url, master_key=master_key, process=process)
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"Meilisearch did not become healthy within {timeout:.0f}s")


def ensure_local(meili_dir: Path, preferred_port: int = 7700) -> MeiliServer:
    """Reuse the instance's running server or start one that is stopped when this process exits."""
    found = discover(meili_dir)
    if found:
        return found
    key = master_key_for(meili_dir)
    port = free_port(preferred_port)
    server = start(meili_dir / "data", key, port=port, log_path=meili_dir / "meilisearch.log")
    state_file = meili_dir / "server.json"
    state_file.write_text(json.dumps({"pid": server.process.pid, "url": server.url}))

    def _cleanup() -> None:
        server.stop()
        with contextlib.suppress(OSError):
            if json.loads(state_file.read_text()).get("pid") == server.process.pid:
                state_file.unlink()

    atexit.register(_cleanup)
    _exit_cleanly_on_sigterm()
    return server


def _exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM into a normal exit so that atexit handlers stop the child server too."""
    import sys
    import threading

    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) in (
        signal.SIG_DFL,
        None,
    ):
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
