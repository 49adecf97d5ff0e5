"""The dashboard under a real pseudo-terminal: quiet when idle, clean on q and on SIGHUP.

Byte budgets here are generous on purpose: they catch a screen that redraws continuously,
not a few bytes more or less (``python -m bench`` measures the real figures).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.terminal import LEAVE_ALTERNATE_SCREEN, TerminalSession

ENTER_ALTERNATE_SCREEN = b"\x1b[?1049h"
IDLE_SECONDS = 5
IDLE_BUDGET = 2048


def dashboard(store: Path) -> list[str]:
    return [sys.executable, "-m", "tui", "--db", str(store), "--no-poll"]


def ended(session: TerminalSession, after: str, timeout: float = 20.0) -> tuple[int, bytes]:
    """The exit status and everything written, once the dashboard ended (fails if it runs on)."""
    try:
        status = session.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the dashboard still runs {timeout:g} s after {after}")
    return status, bytes(session.output)


def test_idle_dashboard_writes_almost_nothing(synthetic_store: Path, settled_marker: bytes):
    with TerminalSession(dashboard(synthetic_store)) as session:
        session.settle(marker=settled_marker)
        idle = session.read_for(IDLE_SECONDS)
        session.send(b"q")
        session.wait()
    assert len(idle) < IDLE_BUDGET, f"{len(idle)} bytes in {IDLE_SECONDS} s of idle"


def test_q_quits_and_restores_the_terminal(synthetic_store: Path, settled_marker: bytes):
    with TerminalSession(dashboard(synthetic_store)) as session:
        session.settle(marker=settled_marker)
        session.send(b"q")
        status, output = ended(session, "q")
    assert status == 0
    assert b"Traceback" not in output
    assert LEAVE_ALTERNATE_SCREEN in output[-300:]


def test_sighup_exits_cleanly(synthetic_store: Path, settled_marker: bytes):
    with TerminalSession(dashboard(synthetic_store)) as session:
        session.settle(marker=settled_marker)
        session.signal(signal.SIGHUP)
        status, output = ended(session, "SIGHUP")
    assert status in (0, -signal.SIGHUP, 128 + signal.SIGHUP)
    assert b"Traceback" not in output


CONTINUE_SPELL = 3.0
"""Seconds of SIGCONT after ``q``: the dashboard quits in well under a second."""


def test_a_continue_signal_while_quitting_does_not_keep_it_running(
    synthetic_store: Path, settled_marker: bytes
):
    """A terminal that hangs up sends SIGHUP and SIGCONT; one that lands as the dashboard quits
    must not start its terminal input again (a thread left reading kept the process alive,
    spinning a core, after tmux's ``kill-server`` during a ``q``)."""
    with TerminalSession(dashboard(synthetic_store)) as session:
        session.settle(marker=settled_marker)
        session.send(b"q")
        deadline = time.monotonic() + CONTINUE_SPELL
        while session.process.poll() is None and time.monotonic() < deadline:
            session.signal(signal.SIGCONT)
            session.read_for(0.01)
        status, output = ended(session, "q and the SIGCONTs", timeout=10)
    assert status == 0
    assert b"Traceback" not in output


def test_the_terminal_closing_as_it_quits_ends_it(synthetic_store: Path, settled_marker: bytes):
    """The terminal emulator goes away just after ``q`` (the kernel hangs the terminal up)."""
    with TerminalSession(dashboard(synthetic_store)) as session:
        session.settle(marker=settled_marker)
        session.send(b"q")
        session.read_for(0.1)
        session.hang_up()
        ended(session, "its terminal closed", timeout=10)


def _stopped(pid: int) -> bool:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return fields[0] == "T"


def test_a_suspend_still_resumes(synthetic_store: Path, settled_marker: bytes):
    """Ctrl+Z's SIGTSTP, then ``fg``'s SIGCONT: the dashboard comes back and still answers."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to see the process stopped")
    with TerminalSession(dashboard(synthetic_store)) as session:
        session.settle(marker=settled_marker)
        session.signal(signal.SIGTSTP)
        deadline = time.monotonic() + 10
        while not _stopped(session.process.pid) and time.monotonic() < deadline:
            session.read_for(0.05)
        assert _stopped(session.process.pid), "SIGTSTP did not suspend the dashboard"
        suspended_at = len(session.output)
        assert LEAVE_ALTERNATE_SCREEN in session.output[-300:]
        session.signal(signal.SIGCONT)
        session.settle(quiet=0.5)
        resumed = bytes(session.output[suspended_at:])
        assert ENTER_ALTERNATE_SCREEN in resumed
        # The terminal showed the shell meanwhile: every pane is drawn again, not only
        # the cells that changed since the suspend.
        for title in (b"Incidents", b"Timeline", b"Notes on", b"items"):
            assert title in resumed, title
        session.send(b"q")
        status, output = ended(session, "q")
    assert status == 0
    assert b"Traceback" not in output


def test_cursor_down_redraws_little(synthetic_store: Path, settled_marker: bytes):
    """Moving the timeline cursor redraws a few lines, not the whole 80x24 screen."""
    with TerminalSession(dashboard(synthetic_store)) as session:
        session.settle(marker=settled_marker)
        full_screen = len(session.output)
        session.send(b"\t")
        session.read_for(0.5)
        written = 0
        for _ in range(10):
            session.send(b"j")
            written += len(session.read_for(0.2))
        session.send(b"q")
        assert session.wait() == 0
    assert written / 10 < max(8192, full_screen)


KEY_BUDGET = 300
"""Bytes for a cursor-down that stays in view: the two rows whose look changes and the notes
header's new text (263–267 here, on an xterm). Resending the header's blank tail and the
scrollbar beside each row, with every part of a row in its own colour codes, took 645 bytes
or more; with every style change said in full, as Textual writes it (tui/terminal_output.py),
354; with the blanks between a row's title and its duration drawn, not erased, 284."""


def test_cursor_down_resends_only_what_changed(synthetic_store: Path, settled_marker: bytes):
    """A cursor-down in view sends its two rows and the header's text, and the screen is right."""
    from tests.perf.terminal_screen import TerminalScreen

    with TerminalSession(dashboard(synthetic_store)) as session:
        session.settle(marker=settled_marker)
        session.send(b"\t")
        session.settle(quiet=0.5)
        session.send(b"j")  # the first move may still carry the focus change's redraw
        session.settle(quiet=0.3)
        presses = [len(session.output)]
        for _ in range(2):  # both stay in view (the view turns a page further down)
            session.send(b"j")
            session.settle(quiet=0.3)
            presses.append(len(session.output))
        screen = TerminalScreen()
        screen.feed(bytes(session.output))
        session.send(b"q")
        assert session.wait() == 0
    sizes = [after - before for before, after in zip(presses, presses[1:], strict=False)]
    assert max(sizes) <= KEY_BUDGET, sizes
    lines = screen.text.splitlines()
    header = next(line for line in lines if "Notes on" in line)
    # The header was repainted only up to the end of the longer text: no stale tail is left.
    subject = header.split("Notes on ", 1)[1].rstrip(" │┃")
    assert subject.startswith(("incident: ", "event: ")), header
    title = subject.split(": ", 1)[1]
    selected = [line for line in lines if title in line and "Notes on" not in line]
    assert selected, screen.text
