"""The search and matching benchmarks in CI size: they run end to end in the shipped mode (hybrid search,
the title model with both encoders) and print the ratios they exist for. Their figures are not asserted
here (a shared CI machine is no place to time things); the full-size runs are in the README."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.bench, pytest.mark.slow]


def run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def test_matching_benchmark_small():
    out = run("bench.matching", "--posts", "1500", "--seekers", "1500", "--queries", "20")
    assert "ratio seeker→posts p95 ours/plain" in out and "load the packaged encoders" in out
    assert "peak memory" in out


def test_search_benchmark_small():
    out = run("bench.search", "--posts", "1500", "--queries", "30")
    assert "hybrid: 1152-dimension title vectors" in out
    assert "API p95 latency" in out and "engine p95" in out


def test_backup_benchmark_small():
    out = run("bench.backup", "--posts", "600", "--seekers", "100")
    assert "drift after: 0" in out and "RTO (restore + search rebuild)" in out


def test_targets_benchmark_small():
    """Its own check that the dashboard and the hand-written aggregate count the same rows runs too."""
    out = run("bench.targets", "--posts", "2000", "--hires", "2000", "--requests", "3")
    assert "ratio ours / plain (p50)" in out and "dashboard page" in out
