"""Under a real pseudo-terminal: the sequence written through Textual's driver reaches the
terminal whole, between frames, for the terminals the issue names.

The harness app reaches its driver through Textual's public hook (``get_driver_class``),
the way the dashboard is meant to: Textual 8 has no public ``App.driver``.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.alerts.terminal import BEL, ESC, ST

from .conftest import TERMINAL_VARIABLES

ROOT = Path(__file__).resolve().parents[2]

HARNESS = r"""
from textual.app import App
from textual.widgets import Static

from tui.alerts.alert import Alert
from tui.alerts.terminal import notification_for

ALERT = Alert(kind="new", key="new:s1:a", title="API errors", platform="GitHub", impact="major")


class Harness(App):
    terminal_out = None

    def get_driver_class(self):
        harness = self

        class Recording(super().get_driver_class()):
            def __init__(self, app, **kwargs):
                super().__init__(app, **kwargs)
                harness.terminal_out = self

        return Recording

    def compose(self):
        yield Static("harness")

    def on_mount(self):
        self.set_timer(0.3, self.announce)

    def announce(self):
        self.terminal_out.write("<<" + notification_for(ALERT) + ">>")
        self.terminal_out.flush()
        self.set_timer(0.3, self.exit)


Harness().run()
"""

INNER_OSC9 = f"{ESC}]9;whalewatch · New incident · GitHub: API errors (major){BEL}"


def written_by_harness(env: dict[str, str]) -> str:
    master, slave = os.openpty()
    clean = {k: v for k, v in os.environ.items() if k not in TERMINAL_VARIABLES}
    process = subprocess.Popen(
        [sys.executable, "-c", HARNESS],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**clean, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", **env},
        start_new_session=True,
    )
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        process.kill()
        process.wait()
        os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace")
    start, end = text.find("<<"), text.find(">>")
    assert start >= 0 and end > start, text[-500:]
    return text[start + 2 : end]


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")
@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TERM_PROGRAM": "iTerm.app"}, INNER_OSC9),
        (
            {"KITTY_WINDOW_ID": "1"},
            f"{ESC}]99;i=new-s1-a:d=0:u=1:p=title;whalewatch · New incident · GitHub{ST}"
            f"{ESC}]99;i=new-s1-a:d=1:p=body;API errors (major){ST}",
        ),
        (
            {"TERM_PROGRAM": "tmux", "LC_TERMINAL": "iTerm2", "TMUX": "/tmp/tmux-0/default,1,0"},
            f"{ESC}Ptmux;{ESC}{INNER_OSC9}{ST}",
        ),
        ({}, BEL),
    ],
    ids=["iTerm2", "kitty", "tmux", "unknown"],
)
def test_the_dashboard_bytes_carry_the_right_sequence(env, expected):
    assert written_by_harness(env) == expected
