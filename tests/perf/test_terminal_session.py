"""What the PTY tests wait for: a quiet spell counted from the last byte the program wrote."""

from __future__ import annotations

import sys
import time

from bench.terminal import TerminalSession

WRITER = """
import sys, time
for part, pause in zip(sys.argv[1::2], sys.argv[2::2]):
    sys.stdout.write(part)
    sys.stdout.flush()
    time.sleep(float(pause))
"""


def session_writing(*parts_and_pauses: str) -> TerminalSession:
    return TerminalSession([sys.executable, "-c", WRITER, *parts_and_pauses])


def test_a_pause_shorter_than_the_quiet_does_not_end_it() -> None:
    with session_writing("first", "0.3", "second", "30") as session:
        session.settle(quiet=1.5)
        assert b"first" in session.output and b"second" in session.output


def test_a_spell_of_quiet_ends_it_before_what_comes_later() -> None:
    with session_writing("first", "4", "late", "30") as session:
        session.settle(quiet=0.5)
        assert b"first" in session.output and b"late" not in session.output


def test_the_quiet_is_counted_from_the_last_byte() -> None:
    """Windows of the quiet's length waited until one passed in silence: up to two spells
    after the last byte. The spell starts at the last byte, so one is enough."""
    with session_writing("first", "0.2", "second", "30") as session:
        session.read_for(0.1)  # "first" arrived; "second" comes in ~0.1 s
        started = time.monotonic()
        session.settle(quiet=2.0)
        waited = time.monotonic() - started
        assert b"second" in session.output
        assert 2.0 <= waited < 3.5, waited


def test_a_marker_is_waited_for_before_the_quiet() -> None:
    with session_writing("loading", "1", "ready", "30") as session:
        session.settle(quiet=0.3, marker=b"ready")
        assert b"ready" in session.output
