"""``poll --once`` from cron leaves a store it has nothing to do in before loading the HTTP stack.

A cron job polling every minute beside a dashboard (which holds the poller lock) is refused
each time; it used to import httpx, feedparser, lxml and every kind first (most of half a
second) to say so. A store without sources is the same.
"""

from __future__ import annotations

from pathlib import Path

from tui.domain import Source
from tui.store import Store

HTTP_AND_KINDS = ("httpx", "feedparser", "lxml", "asyncio", "tui.kinds", "tui.feeds.poller")


def test_a_store_another_process_polls_is_refused_without_the_http_stack(
    tmp_path: Path, fresh_whalewatch
) -> None:
    root = tmp_path / "store"
    store = Store.open(root)
    store.save_source(Source(id="", url="https://status.example.com/", kind="statuspage"))
    assert store.poller_lock.try_acquire()  # as the dashboard holds it while it polls
    try:
        run = fresh_whalewatch("--db", str(root), "poll", "--once")
    finally:
        store.poller_lock.release()
    assert run.status == 75
    assert "is already polling this store; not polling" in run.err
    assert not run.modules & set(HTTP_AND_KINDS)


def test_a_store_without_sources_says_so_without_the_http_stack(
    tmp_path: Path, fresh_whalewatch
) -> None:
    run = fresh_whalewatch("--db", str(tmp_path / "store"), "poll", "--once")
    assert (run.status, run.out) == (0, "no sources (add one with `whalewatch source add URL`)\n")
    assert not run.modules & set(HTTP_AND_KINDS)
