"""The project's own Meilisearch: start, reuse, keys that look like flags, clean stop."""

import pytest

from search.local_server import discover, ensure_local, is_healthy, start

pytestmark = pytest.mark.meili


def test_a_key_starting_with_a_dash_still_starts(tmp_path):
    server = start(tmp_path / "data", "-gD8loFunXjneQN75YyJtqZrpwWxKjlf5")
    try:
        assert is_healthy(server.url)
        assert server.master_key.startswith("-")
    finally:
        server.stop()
    assert not is_healthy(server.url)


def test_second_caller_reuses_the_running_server(tmp_path):
    first = ensure_local(tmp_path / "meili", preferred_port=0)
    try:
        assert first.owned
        second = ensure_local(tmp_path / "meili")
        assert second.url == first.url and not second.owned
        assert discover(tmp_path / "meili").url == first.url
        key_file = tmp_path / "meili" / "master_key"
        assert key_file.stat().st_mode & 0o077 == 0 and len(key_file.read_text()) == 64
    finally:
        first.stop()
    assert discover(tmp_path / "meili") is None
