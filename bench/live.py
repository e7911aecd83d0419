"""Benchmark: a live room under load on a production-style server, on loopback.

The server is gunicorn with gevent workers (one greenlet per connection, so thousands of Server-Sent-Event
streams fit in a few processes), PostgreSQL, and the Redis broker so that every worker delivers every event.
The client is one asyncio process (aiohttp). Measured:

  (a) viewers: N anonymous viewers hold /live/<id>/events open while the organizer pins posts through the
      console endpoint; update lag = arrival at the viewer − the server's publish time (same clock). A viewer
      that never receives a pin counts as infinitely late. Reported: lag p50/p95/max per N, the largest N
      with p95 ≤ 2 s, and the ratio of p95 to the lag of a single viewer measured first (the baseline).
  (b) apply burst: POST /api/v1/live/<id>/applications at a fixed rate (open loop) with bearer tokens, 5 %
      of them sent twice (a double tap), while viewers stay connected; then the database is checked: one
      row per accepted application, none lost, none duplicated. Apply latency under load is reported as a
      ratio to the same request measured idle (sequentially, no viewers) in the same run.

Run: .venv/bin/python -m bench.live [--viewers 500,1000,2000,3000] [--rate 200] [--seconds 30]
     [--workers 2] [--burst-viewers 1000]. Needs PostgreSQL (TEST_POSTGRES_URL) and Redis (TEST_REDIS_URL).
     DB_POOL_SIZE / DB_MAX_OVERFLOW set the workers' pools (default 10 / 20).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import re
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from bench.common import percentile

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
DB_NAME = "zone_bench_live"
LAG_TARGET_S = 2.0


# --- setup ----------------------------------------------------------------------------------------


def raise_fd_limit() -> int:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # gunicorn inherits it
    return hard


def fresh_database() -> str:
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"))
        conn.execute(sa.text(f"CREATE DATABASE {DB_NAME}"))
    admin.dispose()
    return PG_URL.rsplit("/", 1)[0] + f"/{DB_NAME}"


@dataclass
class World:
    session_id: int
    post_ids: list[int]
    tokens: list[str]
    organizer: str
    password: str


def seed(database_url: str, instance: Path, seekers: int) -> World:
    """A published fair, one firm presenting two posts in a started live room, seekers with API tokens."""
    from webapp import create_app
    from webapp.extensions import db
    from webapp.live import console
    from webapp.models import ApiToken, Education, Role, SeekerProfile, User
    from webapp.models.mixins import utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": instance, "MEILI_URL": ""})
    with app.app_context():
        db.create_all()
        from tests.conftest import Factory

        make = Factory(app)
        firm = make.enterprise(name="天津海河智能装备有限公司")
        posts = [make.post(firm.id, title=t).id for t in ("PLC编程工程师", "机器人调试工程师")]
        fair = make.fair(title="直播带岗压测专场")
        make.participation(fair.id, firm.id, posts)
        session = make.live_session(fair.id, [firm.id])
        password = secrets.token_urlsafe(12)
        organizer = User(account="bench-organizer", display_name="压测组织方", role=Role.ORGANIZER)
        organizer.set_password(password)
        db.session.add(organizer)
        db.session.commit()
        console.start(organizer, session.id)
        tokens = [secrets.token_urlsafe(24) for _ in range(seekers)]
        now = utcnow()
        for start in range(0, seekers, 1000):
            users = [
                User(account=f"1370000{i:04d}", display_name=f"压测{i}", role=Role.SEEKER, password_hash="!")
                for i in range(start, min(seekers, start + 1000))
            ]
            for u in users:
                u.profile = SeekerProfile(
                    name=u.display_name,
                    phone=u.account,
                    resume_consent_at=now,
                    education=Education.BACHELOR,
                    school="天津大学",
                )
            db.session.add_all(users)
            db.session.flush()
            db.session.add_all(
                ApiToken(user_id=u.id, token_hash=ApiToken.hash(tokens[start + n]))
                for n, u in enumerate(users)
            )
            db.session.commit()
        return World(session.id, posts, tokens, organizer.account, password)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(database_url: str, instance: Path, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(instance),
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "bench-" + secrets.token_hex(8),
        "SESSION_COOKIE_SECURE": "0",  # plain http on loopback
        "MEILI_URL": "",
        # gevent serves many requests per process at once: a larger pool (workers × 30 < max_connections)
        "DB_POOL_SIZE": os.environ.get("DB_POOL_SIZE", "10"),
        "DB_MAX_OVERFLOW": os.environ.get("DB_MAX_OVERFLOW", "20"),
    }
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"),
        "-k", "gevent",
        "-w", str(workers),
        "--worker-connections", "20000",
        "-b", f"127.0.0.1:{port}",
        "--timeout", "120",
        "--graceful-timeout", "3",
        "--log-level", "warning",
        "wsgi:app",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, base
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")


# --- clients --------------------------------------------------------------------------------------


@dataclass
class Viewers:
    connected: int = 0
    failed: int = 0
    received: dict[int, list[float]] = field(default_factory=dict)  # state version → lags (s)
    tasks: list[asyncio.Task] = field(default_factory=list)


async def viewer(http, url: str, hub: Viewers, ready: asyncio.Event, target: int) -> None:
    import aiohttp

    try:
        async with http.get(url, timeout=aiohttp.ClientTimeout(total=None, sock_read=None)) as response:
            if response.status != 200:
                hub.failed += 1
                return
            event = None
            first = True
            async for raw in response.content:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "state":
                    data = json.loads(line[6:])
                    if first:
                        first = False
                        hub.connected += 1
                        if hub.connected >= target:
                            ready.set()
                    else:
                        lag = time.time() - data["ts"]
                        hub.received.setdefault(data["state"]["version"], []).append(lag)
    except (TimeoutError, aiohttp.ClientError):
        hub.failed += 1
    except asyncio.CancelledError:
        pass


class Organizer:
    def __init__(self, http, base: str, session_id: int) -> None:
        self.http, self.base, self.session_id = http, base, session_id
        self.csrf = ""

    async def login(self, account: str, password: str) -> None:
        async with self.http.get(f"{self.base}/login") as r:
            self.csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', await r.text()).group(1)
        data = {"account": account, "password": password, "csrf_token": self.csrf}
        async with self.http.post(f"{self.base}/login", data=data, allow_redirects=False) as r:
            assert r.status == 302, f"organizer login failed: {r.status}"

    async def pin(self, post_id: int) -> int:
        async with self.http.post(
            f"{self.base}/organizer/live/{self.session_id}/pin",
            data={"post_id": str(post_id), "csrf_token": self.csrf},
            headers={"Accept": "application/json"},
        ) as r:
            body = await r.json()
            assert body["ok"], body
            return body["state"]["version"]

    async def online(self) -> int:
        async with self.http.get(f"{self.base}/api/v1/live/{self.session_id}") as r:
            return (await r.json())["counters"]["online"]


async def open_viewers(base: str, session_id: int, n: int, ramp_per_s: int = 800) -> tuple[Viewers, object]:
    import aiohttp

    http = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0, force_close=False), cookie_jar=aiohttp.DummyCookieJar()
    )
    hub, ready = Viewers(), asyncio.Event()
    url = f"{base}/live/{session_id}/events"
    batch = max(1, ramp_per_s // 10)
    for start in range(0, n, batch):
        for _ in range(min(batch, n - start)):
            hub.tasks.append(asyncio.create_task(viewer(http, url, hub, ready, n)))
        await asyncio.sleep(0.1)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(ready.wait(), timeout=60)
    return hub, http


async def close_viewers(hub: Viewers, http) -> None:
    for task in hub.tasks:
        task.cancel()
    await asyncio.gather(*hub.tasks, return_exceptions=True)
    await http.close()


@dataclass
class LagResult:
    viewers: int
    connected: int
    failed: int
    lags: list[float]
    missing: int
    online: int

    @property
    def p95(self) -> float:
        return percentile(self.lags, 0.95) if self.lags else math.inf


async def measure_lag(base: str, world: World, organizer: Organizer, n: int, pins: int) -> LagResult:
    hub, http = await open_viewers(base, world.session_id, n)
    await asyncio.sleep(1.0)
    online = await organizer.online()
    versions = []
    for k in range(pins):
        versions.append(await organizer.pin(world.post_ids[k % 2]))
        await asyncio.sleep(1.0)
    await asyncio.sleep(LAG_TARGET_S + 1)
    lags, missing = [], 0
    for version in versions:
        got = hub.received.get(version, [])
        lags += got
        missing += max(0, hub.connected - len(got))
    lags += [math.inf] * missing
    result = LagResult(n, hub.connected, hub.failed, lags, missing, online)
    await close_viewers(hub, http)
    await asyncio.sleep(2.0)  # let the server notice the closed streams
    return result


# --- the apply burst ------------------------------------------------------------------------------


@dataclass
class ApplyResult:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    ids: dict[tuple[int, int], set[int]] = field(default_factory=dict)  # (seeker, post) → application ids
    errors: int = 0
    elapsed_s: float = 0.0


async def apply_once(http, base: str, world: World, seeker: int, post: int, out: ApplyResult) -> None:
    import aiohttp

    t0 = time.perf_counter()
    try:
        async with http.post(
            f"{base}/api/v1/live/{world.session_id}/applications",
            json={"post_id": post, "consent": True},
            headers={"Authorization": f"Bearer {world.tokens[seeker]}"},
        ) as r:
            body = await r.json()
            out.statuses[r.status] = out.statuses.get(r.status, 0) + 1
            if r.status in (200, 201):
                out.ids.setdefault((seeker, post), set()).add(body["id"])
    except (TimeoutError, aiohttp.ClientError):
        out.errors += 1
    out.latencies_ms.append((time.perf_counter() - t0) * 1000)


async def idle_applies(base: str, world: World, count: int) -> ApplyResult:
    import aiohttp

    out = ApplyResult()
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        t0 = time.perf_counter()
        for i in range(count):
            await apply_once(http, base, world, i, world.post_ids[0], out)
        out.elapsed_s = time.perf_counter() - t0
    return out


async def burst(
    base: str, world: World, first_seeker: int, rate: int, seconds: int
) -> tuple[ApplyResult, int]:
    """Open loop: request i starts at t0 + i / rate whatever the server does; 1 in 20 is sent twice."""
    import aiohttp

    out = ApplyResult()
    total = rate * seconds
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0), cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        tasks = []
        t0 = time.perf_counter()
        for i in range(total):
            delay = t0 + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            seeker, post = first_seeker + i // 2, world.post_ids[i % 2]
            tasks.append(asyncio.create_task(apply_once(http, base, world, seeker, post, out)))
            if i % 20 == 0:  # a double tap
                tasks.append(asyncio.create_task(apply_once(http, base, world, seeker, post, out)))
        await asyncio.gather(*tasks)
        out.elapsed_s = time.perf_counter() - t0
    return out, total


def cpu_seconds(server_pid: int) -> float:
    """User + system CPU time of the gunicorn master's live children (the workers)."""
    ticks = 0
    for child in Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split():
        with contextlib.suppress(FileNotFoundError):
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def check_database(database_url: str, session_id: int) -> tuple[int, int]:
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT count(*), count(DISTINCT (seeker_id, post_id)) FROM applications"
                " WHERE live_session_id = :s"
            ),
            {"s": session_id},
        ).one()
    engine.dispose()
    return rows[0], rows[1]


# --- report ---------------------------------------------------------------------------------------


def ms(values: list[float]) -> str:
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return "n/a"
    return (
        f"p50 {percentile(finite, 0.5):7.1f}  p95 {percentile(values, 0.95):7.1f}  max {max(values):7.1f} ms"
        if all(math.isfinite(v) for v in values)
        else f"p50 {percentile(finite, 0.5):7.1f}  p95 {percentile(values, 0.95):7.1f} ms (some lost)"
    )


async def run(args, base: str, world: World, database_url: str, server_pid: int) -> None:
    import aiohttp

    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:  # cookies for an IP
        organizer = Organizer(http, base, world.session_id)
        await organizer.login(world.organizer, world.password)

        print("\n(a) update lag: organizer pins a post → viewers receive it (SSE via Redis, 2 workers)")
        baseline = await measure_lag(base, world, organizer, 1, args.pins)
        base_p95 = baseline.p95
        print(f"  baseline, 1 viewer: {ms([x * 1000 for x in baseline.lags])}")
        results = []
        for n in args.viewers:
            r = await measure_lag(base, world, organizer, n, args.pins)
            results.append(r)
            print(
                f"  {n:>5} viewers: connected {r.connected:>5}, failed {r.failed}, "
                f"online (server) {r.online:>5}, missed {r.missing} of {r.connected * args.pins} updates; "
                f"lag {ms([x * 1000 for x in r.lags])}"
            )
            if r.p95 > LAG_TARGET_S or r.connected < n * 0.99:
                print(f"  stopping: p95 above {LAG_TARGET_S} s or under 99 % connected")
                break
        passing = [r.viewers for r in results if r.p95 <= LAG_TARGET_S and r.connected >= r.viewers * 0.99]
        largest = max(passing, default=0)

        print(
            f"\n(b) apply burst: {args.rate}/s for {args.seconds} s, {args.burst_viewers} viewers connected"
        )
        idle = await idle_applies(base, world, args.idle)
        print(f"  idle, sequential {args.idle}: {ms(idle.latencies_ms)}")
        hub, viewer_http = await open_viewers(base, world.session_id, args.burst_viewers)
        cpu_before = cpu_seconds(server_pid)
        loaded, sent = await burst(base, world, args.idle, args.rate, args.seconds)
        cpu_burst = cpu_seconds(server_pid) - cpu_before
        await close_viewers(hub, viewer_http)
        rows, distinct = check_database(database_url, world.session_id)
        accepted = dict(loaded.ids)
        expected_rows = args.idle + sent
        double_taps_same_id = all(len(v) == 1 for v in accepted.values())
        print(
            f"  sent {sent} + {len(loaded.latencies_ms) - sent} double taps in {loaded.elapsed_s:.1f} s "
            f"→ {sent / loaded.elapsed_s:.0f} applications/s; "
            f"statuses {dict(sorted(loaded.statuses.items()))}, "
            f"client errors {loaded.errors}"
        )
        print(f"  under load: {ms(loaded.latencies_ms)}")
        print(
            f"  server CPU: {cpu_burst:.1f} s over the burst = {cpu_burst / sent * 1000:.2f} ms per "
            f"application (workers' user + system time; {os.cpu_count()} cores shared with PostgreSQL and "
            "this client)"
        )
        print(
            f"  database: {rows} live applications, {distinct} distinct (seeker, post); "
            f"expected {expected_rows}"
        )
        print(
            f"  lost: {expected_rows - rows}   duplicated: {rows - distinct}   "
            f"double taps answered with the same application: {double_taps_same_id}"
        )

    print("\nratios (against the baseline measured in this run)")
    for r in results:
        print(
            f"  lag p95 at {r.viewers:>5} viewers   "
            f"{r.p95 / base_p95 if base_p95 else math.inf:7.1f} × 1 viewer "
            f"({r.p95 * 1000:.0f} ms vs {base_p95 * 1000:.0f} ms)"
        )
    print(f"  largest viewer count with lag p95 ≤ {LAG_TARGET_S:.0f} s: {largest} (target 2,000)")
    p95_idle, p95_load = percentile(idle.latencies_ms, 0.95), percentile(loaded.latencies_ms, 0.95)
    print(
        f"  apply p95 under load    {p95_load / p95_idle:7.1f} × idle "
        f"({p95_load:.1f} ms vs {p95_idle:.1f} ms)"
    )
    print(f"  apply throughput        {sent / loaded.elapsed_s / args.rate:7.2f} × target {args.rate}/s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--viewers", default="500,1000,2000,3000", help="viewer counts to try, ascending")
    parser.add_argument("--pins", type=int, default=6, help="pins per viewer count")
    parser.add_argument("--rate", type=int, default=200, help="applications per second in the burst")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--idle", type=int, default=200, help="sequential applications for the idle baseline")
    parser.add_argument("--burst-viewers", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    args.viewers = [int(v) for v in args.viewers.split(",")]
    limit = raise_fd_limit()
    print(f"file descriptors: {limit}; cores: {os.cpu_count()}; gunicorn -k gevent -w {args.workers}")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    database_url = fresh_database()
    seekers = args.idle + args.rate * args.seconds // 2 + 10
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        world = seed(database_url, Path(tmp), seekers)
        print(f"seeded {seekers} seekers with tokens in {time.perf_counter() - t0:.1f}s ({database_url})")
        server, base = start_gunicorn(database_url, Path(tmp), args.workers)
        try:
            asyncio.run(run(args, base, world, database_url, server.pid))
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    sys.exit(main())
