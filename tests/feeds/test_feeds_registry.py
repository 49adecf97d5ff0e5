"""The table of kinds: what it offers, the rules it carries, and a kind it does not know."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.domain import MIN_INTERVAL_SECONDS, Source, checked_interval, poll_interval
from tui.feeds.poller import interval_of, next_poll_time
from tui.kinds import addable_kind_names, all_kinds, fallback_kind, kind_named, register

T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


def test_the_built_in_kinds_are_registered_in_the_order_users_see() -> None:
    assert addable_kind_names()[:3] == ("statuspage", "feed", "probe")
    assert fallback_kind().name == "probe"
    assert {kind.name for kind in all_kinds() if kind.is_status_page} >= {"statuspage"}
    assert kind_named("no-such-kind") is None


def test_a_taken_name_cannot_be_registered_by_another_kind() -> None:
    statuspage = kind_named("statuspage")
    assert statuspage is not None

    class Impostor(type(statuspage)):  # type: ignore[misc]
        pass

    with pytest.raises(ValueError, match="already registered"):
        register(Impostor())


def test_the_minimum_interval_is_one_rule() -> None:
    assert checked_interval("60") == 60 and checked_interval(MIN_INTERVAL_SECONDS) == 15
    with pytest.raises(ValueError, match="must be at least 15 seconds"):
        checked_interval(14)
    with pytest.raises(ValueError, match="whole seconds, at least 15"):
        checked_interval("soon")
    assert poll_interval(5) == 15 and poll_interval(None) == 60 and poll_interval(90) == 90


def test_polling_rules_come_from_the_kind() -> None:
    feed = Source(id="s1", url="https://x.example/f", kind="feed", every=60)
    probe = Source(id="s2", url="https://x.example/", kind="probe", every=60)
    unknown = Source(id="s3", url="https://x.example/", kind="no-such-kind", every=5)
    assert interval_of(feed) == 60 and interval_of(unknown) == 15
    # A feed backs off while failing (with jitter of at most 10 %); a probe keeps looking.
    backed_off = (next_poll_time(feed, 3, T0) - T0).total_seconds()
    assert 240 <= backed_off <= 264
    assert (next_poll_time(probe, 3, T0) - T0).total_seconds() <= 66


def test_source_add_refuses_a_short_interval(tmp_path, capsys) -> None:
    from tui.__main__ import main

    argv = ["--db", str(tmp_path / "db"), "source", "add", "https://x.example", "--kind", "feed"]
    assert main([*argv, "--every", "5"]) == 1
    assert "--every must be at least 15 seconds" in capsys.readouterr().err


def test_a_process_that_never_imported_the_demo_reports_its_source(tmp_path) -> None:
    """A demo store polled by `whalewatch poll`: the replay source fails by name, no crash."""
    script = f"""
import asyncio, json, sys
from datetime import datetime, UTC
from tui.domain import Source
from tui.feeds.http import make_client
from tui.feeds.poller import poll_once
from tui.store import Store

store = Store.open({str(tmp_path / "store")!r})
store.save_source(Source(id="demo-replay", url="replay:demo", kind="replay"))

async def once():
    async with make_client() as client:
        return await poll_once(store, client, now=datetime(2026, 11, 30, tzinfo=UTC))

report = asyncio.run(once())
print(json.dumps([[o.ok, o.error] for o in report.outcomes] + ["tui.demo" in sys.modules]))
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [[False, "unknown source kind 'replay'"], False]


def test_registering_a_kind_loads_no_http_stack() -> None:
    """The demo registers its kind at start-up: that must not import httpx or the parsers."""
    script = (
        "import sys, tui.demo, tui.kinds\n"
        "print(sorted(m for m in ('httpx', 'feedparser') if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
