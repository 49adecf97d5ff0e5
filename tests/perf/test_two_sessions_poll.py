"""Two dashboards on one store: exactly one polls; kill it and the other takes over."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

from bench.terminal import TerminalSession
from tui.store import Store
from tui.store.locks import PollerLock


def dashboard(store: Path) -> list[str]:
    return [sys.executable, "-m", "tui", "--db", str(store)]  # polling on


def _wait_for(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_one_tui_polls_and_the_other_takes_over_when_it_dies(tmp_path: Path) -> None:
    root = tmp_path / "store"
    Store.open(root)
    lock = PollerLock(root / "poller.lock")
    with TerminalSession(dashboard(root)) as first:
        first.settle(quiet=0.5)
        assert _wait_for(lambda: lock.holder_pid() == first.process.pid)
        with TerminalSession(dashboard(root)) as second:
            second.settle(quiet=0.5)
            time.sleep(1)
            assert lock.holder_pid() == first.process.pid  # the second only reads
            first.signal(signal.SIGKILL)
            first.wait()
            # The kernel released the dead holder's flock; the second takes over.
            assert _wait_for(lambda: lock.holder_pid() == second.process.pid, 20)
            second.send(b"q")
            assert second.wait() == 0
