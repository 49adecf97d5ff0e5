"""``poll --once`` from cron leaves a store it has nothing to do in before loading the HTTP stack.

A cron job polling every minute beside a dashboard (which holds the poller lock) is refused
each time; it used to import httpx, feedparser, lxml and every kind first (most of half a
second) to say so. A store without sources is the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import tui
from tui.domain import Source
from tui.store import Store

ROOT = Path(tui.__file__).resolve().parent.parent

PROGRAM = """\
import sys
from tui.__main__ import main
status = main(sys.argv[1:])
print(sorted(sys.modules), file=sys.stderr)
sys.exit(status)
"""

HTTP_AND_KINDS = ("httpx", "feedparser", "lxml", "asyncio", "tui.kinds", "tui.feeds.poller")


def _poll_once(root: Path) -> tuple[int, str, str, set[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, "--db", str(root), "poll", "--once"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    *said, modules = done.stderr.strip().splitlines()
    return done.returncode, done.stdout, "\n".join(said), set(eval(modules))


def test_a_store_another_process_polls_is_refused_without_the_http_stack(tmp_path) -> None:
    root = tmp_path / "store"
    store = Store.open(root)
    store.save_source(Source(id="", url="https://status.example.com/", kind="statuspage"))
    assert store.poller_lock.try_acquire()  # as the dashboard holds it while it polls
    try:
        status, out, err, loaded = _poll_once(root)
    finally:
        store.poller_lock.release()
    assert status == 75
    assert "is already polling this store; not polling" in err
    assert not loaded & set(HTTP_AND_KINDS)


def test_a_store_without_sources_says_so_without_the_http_stack(tmp_path) -> None:
    status, out, err, loaded = _poll_once(tmp_path / "store")
    assert (status, out) == (0, "no sources (add one with `whalewatch source add URL`)\n")
    assert not loaded & set(HTTP_AND_KINDS)
