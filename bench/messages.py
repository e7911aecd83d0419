"""Benchmark: messages inside applications on a production-style server, on loopback.

gunicorn with gevent workers (two by default), PostgreSQL and the Redis broker, as ``bench.live`` runs it.
N seekers each sign in and hold the notice stream (/notices/stream, Server-Sent Events) open — N concurrent
conversations, one application each. Measured in the same run:

  (a) message delivery lag: the firm posts a message into a random conversation (the real form POST: CSRF,
      rate limit lifted for the bench, safety check, the message row, the notice, the commit, the Redis
      publish); lag = arrival of the seeker's "unread" event − the moment the POST was sent;
  (b) baseline: a plain Redis PUBLISH to the same seeker's channel from this process; lag = arrival of the
      event at the same kind of stream − the moment of the publish. Target: (a) p95 ≤ 1.5 × (b) p95 + 50 ms;
  (c) nothing lost across a worker restart: one worker is killed (the master starts another), messages are
      sent to seekers whose stream was on it, they reconnect, and their first event must count them.

Run: .venv/bin/python -m bench.messages [--conversations 1000] [--messages 300] [--workers 2]. Needs
     PostgreSQL (TEST_POSTGRES_URL) and Redis (TEST_REDIS_URL).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import secrets
import signal
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import percentile
from bench.live import REDIS_URL, fresh_database, raise_fd_limit, start_gunicorn

PASSWORD = "bench-" + secrets.token_hex(6)


@dataclass
class World:
    firm_account: str
    applications: list[int]  # application id per conversation
    seekers: list[tuple[int, str]]  # (user id, account) per conversation


def seed(database_url: str, instance: Path, n: int) -> World:
    """One firm with one post; N seekers, each with an application. Cheap password hashes (bench only)."""
    from werkzeug.security import generate_password_hash

    from webapp import create_app
    from webapp.extensions import db
    from webapp.models import Application, Education, Role, SeekerProfile, User

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": instance, "MEILI_URL": ""})
    cheap = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")
    with app.app_context():
        db.create_all()
        from tests.conftest import Factory

        make = Factory(app)
        firm = make.enterprise(name="天津海河智能装备有限公司")
        post = make.post(firm.id, title="数控编程工程师").id
        owner = User(account="13600000000", display_name="HR", role=Role.ENTERPRISE, password_hash=cheap)
        owner.enterprise_id, owner.is_enterprise_owner = firm.id, True
        db.session.add(owner)
        users = []
        for i in range(n):
            u = User(
                account=f"1370000{i:04d}", display_name=f"压测{i}", role=Role.SEEKER, password_hash=cheap
            )
            u.profile = SeekerProfile(
                name=u.display_name, phone=u.account, education=Education.BACHELOR, school="天津大学"
            )
            users.append(u)
        db.session.add_all(users)
        db.session.flush()
        applications = [Application(seeker_id=u.profile.id, post_id=post) for u in users]
        db.session.add_all(applications)
        db.session.commit()
        return World(owner.account, [a.id for a in applications], [(u.id, u.account) for u in users])


@dataclass
class Streams:
    connected: int = 0
    failed: int = 0
    events: dict[int, asyncio.Queue] = field(default_factory=dict)  # user id → arrival times of events
    first_unread: dict[int, int] = field(default_factory=dict)  # user id → unread count of its last connect
    tasks: list[asyncio.Task] = field(default_factory=list)


async def csrf_of(http, url: str) -> str:
    async with http.get(url) as r:
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', await r.text()).group(1)


async def sign_in(base: str, account: str):
    import aiohttp

    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    token = await csrf_of(http, f"{base}/login")
    async with http.post(
        f"{base}/login",
        data={"account": account, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
    ) as r:
        assert r.status == 302, f"login failed for {account}: {r.status}"
    return http


async def stream(http, base: str, user_id: int, hub: Streams, ready: asyncio.Event, target: int) -> None:
    """Hold /notices/stream open, reconnecting as a browser's EventSource does."""
    import aiohttp

    queue = hub.events.setdefault(user_id, asyncio.Queue())
    counted = False
    while True:
        try:
            async with http.get(
                f"{base}/notices/stream", timeout=aiohttp.ClientTimeout(total=None, sock_read=None)
            ) as response:
                if response.status != 200:
                    hub.failed += 1
                    return
                first = True
                async for raw in response.content:
                    line = raw.decode().rstrip("\n")
                    if not line.startswith("data: "):
                        continue
                    data = json.loads(line[6:])
                    if first:
                        first = False
                        hub.first_unread[user_id] = data["unread"]
                        if not counted:
                            counted = True
                            hub.connected += 1
                            if hub.connected >= target:
                                ready.set()
                    else:
                        queue.put_nowait(time.time())
        except asyncio.CancelledError:
            return
        except (aiohttp.ClientError, TimeoutError):
            pass
        await asyncio.sleep(0.5)  # the stream ended (a worker went away): reconnect


async def send_message(http, base: str, application_id: int, csrf: str) -> None:
    async with http.post(
        f"{base}/enterprise/applications/{application_id}/messages",
        data={"body": "您好，周三下午方便来面试吗？", "csrf_token": csrf},
        allow_redirects=False,
    ) as r:
        assert r.status == 302, r.status


async def next_event(hub: Streams, user_id: int, timeout: float = 10.0) -> float | None:
    with contextlib.suppress(TimeoutError):
        return await asyncio.wait_for(hub.events[user_id].get(), timeout)
    return None


def drain(hub: Streams) -> None:
    for queue in hub.events.values():
        while not queue.empty():
            queue.get_nowait()


async def run(args, base: str, world: World, gunicorn_pid: int) -> None:
    import redis.asyncio as aioredis

    rng = random.Random(5)
    hub, ready = Streams(), asyncio.Event()
    t0 = time.perf_counter()
    sessions = []
    for start in range(0, len(world.seekers), 50):
        sessions += await asyncio.gather(
            *(sign_in(base, account) for _, account in world.seekers[start : start + 50])
        )
    for http, (user_id, _) in zip(sessions, world.seekers, strict=True):
        hub.tasks.append(asyncio.create_task(stream(http, base, user_id, hub, ready, len(world.seekers))))
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(ready.wait(), timeout=120)
    took = time.perf_counter() - t0
    print(f"{hub.connected} seekers signed in and streaming in {took:.1f}s ({hub.failed} failed)")

    firm = await sign_in(base, world.firm_account)
    csrf = await csrf_of(firm, f"{base}/enterprise/applications/{world.applications[0]}/messages")
    redis = aioredis.Redis.from_url(REDIS_URL)
    conversations = list(range(len(world.seekers)))
    ours, plain, lost, used = [], [], 0, set()
    for _ in range(args.messages):
        i = rng.choice(conversations)
        used.add(i)
        user_id = world.seekers[i][0]
        drain(hub)
        sent = time.time()
        await send_message(firm, base, world.applications[i], csrf)
        arrived = await next_event(hub, user_id)
        if arrived is None:
            lost += 1
        else:
            ours.append(arrived - sent)
        j = rng.choice(conversations)
        other = world.seekers[j][0]
        drain(hub)
        published = time.time()
        await redis.publish(f"zone:live:user:{other}", json.dumps({"type": "notice", "ts": published}))
        arrived = await next_event(hub, other)
        if arrived is not None:
            plain.append(arrived - published)

    # (c) a worker dies: messages sent meanwhile are there when their seekers' streams come back
    children = Path(f"/proc/{gunicorn_pid}/task/{gunicorn_pid}/children").read_text().split()
    os.kill(int(children[0]), signal.SIGKILL)
    quiet = [i for i in conversations if i not in used]
    chosen = rng.sample(quiet, min(20, len(quiet)))
    for i in chosen:
        for _attempt in range(3):  # a request that met the dying worker is sent again, as a user would
            try:
                await send_message(firm, base, world.applications[i], csrf)
                break
            except Exception:
                await asyncio.sleep(0.5)
    await asyncio.sleep(2)
    kept = 0
    for i in chosen:
        async with sessions[i].get(f"{base}/notices/stream") as response:
            async for raw in response.content:
                line = raw.decode()
                if line.startswith("data: "):
                    kept += json.loads(line[6:])["unread"] >= 1
                    break

    for task in hub.tasks:
        task.cancel()
    await asyncio.gather(*hub.tasks, return_exceptions=True)
    for http in [*sessions, firm]:
        await http.close()
    await redis.aclose()

    def ms(values: list[float]) -> str:
        return (
            f"p50 {percentile(values, 0.5) * 1000:7.1f} ms  p95 {percentile(values, 0.95) * 1000:7.1f} ms  "
            f"max {max(values) * 1000:7.1f} ms"
        )

    print(f"\n{len(world.seekers)} concurrent conversations, {args.workers} gunicorn workers, Redis broker")
    print(f"  (a) message → seeker's stream    {ms(ours)}  ({len(ours)} delivered, {lost} not within 10 s)")
    print(f"  (b) plain Redis publish → stream {ms(plain)}  ({len(plain)})")
    print(f"  (c) worker killed: {kept}/{len(chosen)} seekers find the message sent meanwhile on reconnect")
    p95_ours, p95_plain = percentile(ours, 0.95), percentile(plain, 0.95)
    print("\nratio (ours / baseline)")
    print(
        f"  delivery p95           {p95_ours / p95_plain:5.2f} × plain publish  "
        f"(target ≤ 1.5 × plain + 50 ms = {(1.5 * p95_plain + 0.05) * 1000:.1f} ms; "
        f"ours {p95_ours * 1000:.1f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--conversations", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    raise_fd_limit()
    os.environ.update(
        RATELIMIT_LOGIN="1000000 per minute",
        RATELIMIT_LOGIN_PER_ADDRESS="1000000 per minute",
        RATELIMIT_MESSAGES="1000000 per minute",
    )
    database_url = fresh_database()
    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp) / "instance"
        world = seed(database_url, instance, args.conversations)
        proc, base = start_gunicorn(database_url, instance, args.workers)
        try:
            asyncio.run(run(args, base, world, proc.pid))
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(15)


if __name__ == "__main__":
    main()
