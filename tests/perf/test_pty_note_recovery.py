"""Never lose a keystroke: a note being typed survives SIGKILL (autosave) and SIGHUP (flush)."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

from bench.terminal import TerminalSession
from tui.store import Store

EDITOR_OPEN = b"editing (Ctrl+R views)"
"""The note header once the editor has opened. Waited for rather than a quiet spell: the
editor's cursor blinks every half second, so half a second of quiet may never come."""


def dashboard(store: Path) -> list[str]:
    return [sys.executable, "-m", "tui", "--db", str(store), "--no-poll"]


def _store_with_event(path: Path) -> Store:
    from tui.domain import Event, parse_day

    store = Store.open(path)
    store.add_event(Event(0, parse_day("2023-03-06"), "API outage", "outage", "X/Twitter"))
    return store


def _wait_for(condition, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_sigkill_mid_edit_keeps_the_autosaved_text_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "store"
    store = _store_with_event(root)
    with TerminalSession(dashboard(root)) as session:
        session.settle(quiet=0.5, marker=b"1 items")
        session.send(b"n")
        session.settle(quiet=0.2, marker=EDITOR_OPEN)
        session.send(b"first words #draft")
        # Autosave runs about a second after the last key.
        assert _wait_for(lambda: any("first words" in n.text for n in store.notes()))
        session.signal(signal.SIGKILL)
        session.wait()
    notes = [n for n in Store.open(root).notes() if "first words" in n.text]
    assert [n.text for n in notes] == ["first words #draft"]
    # The next start says that an edit was interrupted.
    with TerminalSession(dashboard(root)) as session:
        session.settle(quiet=0.5, marker=b"Interrupted edit")
        screen = bytes(session.output)
        session.send(b"q")
        session.wait()
    assert b"Interrupted edit" in screen


def test_sighup_saves_text_typed_just_before_the_hangup(tmp_path: Path) -> None:
    root = tmp_path / "store"
    store = _store_with_event(root)
    with TerminalSession(dashboard(root)) as session:
        session.settle(quiet=0.5, marker=b"1 items")
        session.send(b"n")
        session.settle(quiet=0.2, marker=EDITOR_OPEN)
        session.send(b"typed then the line dropped")
        session.settle(quiet=0.2)
        session.signal(signal.SIGHUP)  # before the one-second autosave
        status = session.wait()
        output = bytes(session.output)
    assert b"Traceback" not in output
    assert status in (0, -signal.SIGHUP, 128 + signal.SIGHUP)
    assert [n.text for n in store.notes()] == ["typed then the line dropped"]
