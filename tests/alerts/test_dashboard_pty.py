"""The real dashboard under a real pseudo-terminal: a new incident reaches the desktop.

``python -m tui`` runs on a store whose one source, a Statuspage on 127.0.0.1, was already
polled once (so what it lists now is news, not history). Its first cycle finds a new
incident; the bytes the dashboard writes to the terminal must then hold the notification
the terminal reads: OSC 9 for iTerm2, OSC 99 for kitty, the tmux passthrough inside tmux,
and only the bell for a terminal nobody recognises. The demo's own replay is run the same
way: its outage reaches the terminal too.
"""

from __future__ import annotations

import os
import re
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from tui.alerts.terminal import BEL, ESC, ST
from tui.domain import Source, SourceHealth, utcnow
from tui.store import Store

from .conftest import (
    TERMINAL_VARIABLES,
    WebhookServer,
    publish_statuspage,
    statuspage_incident,
)

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ lives beside tui/ and is not installed
    sys.path.insert(0, str(ROOT))

from bench.terminal import TerminalSession  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")

WAIT = 45.0

HEADLINE = "whalewatch · New incident · Live"
BODY = "Incident fresh (investigating, major)"
OSC9 = f"{ESC}]9;{HEADLINE}: {BODY}{BEL}"
OSC99 = (
    f"{ESC}]99;i=new-s1-fresh:d=0:u=1:p=title;{HEADLINE}{ST}"
    f"{ESC}]99;i=new-s1-fresh:d=1:p=body;{BODY}{ST}"
)
TMUX_OSC9 = f"{ESC}Ptmux;{OSC9.replace(ESC, ESC + ESC)}{ST}"
OSC_ANY = re.compile(rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


@pytest.fixture
def polled_store(tmp_path: Path, webhook: WebhookServer) -> Path:
    """A store whose Statuspage answered a minute ago and is due now; it lists a new incident."""
    store = Store.open(tmp_path / "store")
    source = store.save_source(
        Source(id="", url=webhook.url(""), kind="statuspage", platform="Live", every=60)
    )
    now = utcnow()
    minute_ago = now - timedelta(minutes=1)
    store.save_health(
        [SourceHealth(source.id, last_poll=minute_ago, last_ok=minute_ago, next_poll=now)]
    )
    publish_statuspage(webhook, [statuspage_incident("fresh")])
    return tmp_path / "store"


def environment(tmp_path: Path, variables: dict[str, str]) -> dict[str, str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in TERMINAL_VARIABLES and k != "TEXTUAL_DRIVER"
    }
    config = tmp_path / "config" / "settings.json"  # no alert file: the terminal mode is auto
    return {**clean, "PYTHONPATH": str(ROOT), "WHALEWATCH_CONFIG": str(config), **variables}


def written_until(session: TerminalSession, found, seconds: float = WAIT) -> bytes:
    """Everything the dashboard wrote until ``found(output)`` holds (or ``seconds`` passed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not session.closed:
        session.read_for(0.3)
        if found(bytes(session.output)):
            session.read_for(0.5)  # anything written right after it
            break
    output = bytes(session.output)
    session.send(b"q")
    session.wait()
    return output


def bare_bells(output: bytes) -> int:
    """BELs that do not end an OSC sequence (Textual ends some of its own with BEL)."""
    return OSC_ANY.sub(b"", output).count(BEL.encode())


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"TERM_PROGRAM": "iTerm.app"}, OSC9),
        ({"KITTY_WINDOW_ID": "1"}, OSC99),
        (
            {"TERM_PROGRAM": "tmux", "LC_TERMINAL": "iTerm2", "TMUX": "/tmp/tmux-0/default,1,0"},
            TMUX_OSC9,
        ),
    ],
    ids=["iTerm2", "kitty", "tmux"],
)
def test_a_new_incident_reaches_the_terminal_as_its_notification(
    tmp_path, polled_store, variables, expected
):
    argv = [sys.executable, "-m", "tui", "--db", str(polled_store)]
    with TerminalSession(argv, env=environment(tmp_path, variables)) as session:
        output = written_until(session, lambda out: expected.encode() in out)
    assert expected.encode() in output, output[-800:]
    assert b"Traceback" not in output
    if "TMUX" in variables:
        # Only ever wrapped inside tmux, never also bare.
        assert OSC9.encode() not in output.replace(expected.encode(), b"")


@pytest.mark.parametrize(
    ("variables", "options"),
    [({}, []), ({"TERM_PROGRAM": "iTerm.app"}, ["--bell"])],
    ids=["unknown terminal", "iTerm2 with --bell"],
)
def test_only_the_bell_for_an_unknown_terminal_or_with_bell(
    tmp_path, polled_store, variables, options
):
    argv = [sys.executable, "-m", "tui", "--db", str(polled_store), *options]
    with TerminalSession(argv, env=environment(tmp_path, variables)) as session:
        output = written_until(session, bare_bells)
    assert bare_bells(output) == 1, output[-800:]  # one alert, one bell
    for start in (b"\x1b]9;", b"\x1b]99;", b"\x1b]777;"):
        assert start not in output


def test_the_demo_replay_announces_its_outage_on_the_desktop(tmp_path):
    """``--demo``: the replayed outage begins a few seconds in and reaches the terminal."""
    argv = [sys.executable, "-m", "tui", "--demo"]
    wanted = f"{ESC}]9;whalewatch · New incident · X/Twitter: Replay: API errors".encode()
    env = environment(tmp_path, {"TERM_PROGRAM": "iTerm.app"})
    with TerminalSession(argv, env=env) as session:
        output = written_until(session, lambda out: wanted in out)
    assert wanted in output, output[-800:]
