"""Over SSH, the link key of an incident's page reaches the terminal as an OSC 52 copy.

Run under a real pseudo-terminal: what matters is the escape sequence the terminal receives
(tmux, kitty, iTerm2, Windows Terminal… put it on the user's own clipboard).
"""

from __future__ import annotations

import base64
import os
import sys
from datetime import timedelta
from pathlib import Path

from bench.terminal import TerminalSession
from tests.app.conftest import DEMO_NOW
from tui.demo.dataset import load_demo
from tui.domain import Incident, IncidentUpdate
from tui.store import Store

LINK = "https://status.example.org/incidents/api-outage-6-march"


def store_with_a_linked_incident_on_top(path: Path) -> Path:
    store = Store.open(path)
    load_demo(store, now=DEMO_NOW)
    started = DEMO_NOW - timedelta(hours=1)
    incident = Incident(
        source_id="demo-history",
        external_id="linked-on-top",
        title="API requests fail with error 467",
        status="investigating",
        impact="major",
        started_at=started,
        platform="X/Twitter",
        url=LINK,
        updates=(IncidentUpdate("investigating", "We are looking into it.", started),),
        first_seen_at=started,
        updated_at=started,
    )
    store.bulk_load_incidents([incident])
    return path


def test_over_ssh_the_link_key_sends_osc_52(tmp_path: Path) -> None:
    path = store_with_a_linked_incident_on_top(tmp_path / "store")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["SSH_CONNECTION"] = "10.0.0.2 50000 10.0.0.1 22"
    env["WHALEWATCH_CONFIG"] = str(tmp_path / "settings.json")  # not the user's settings
    argv = [sys.executable, "-m", "tui", "--db", str(path), "--no-poll"]
    copy = b"\x1b]52;c;" + base64.b64encode(LINK.encode())
    with TerminalSession(argv, env=env) as session:
        session.settle(quiet=1.0, marker=b"Incidents")
        session.send(b"\r")  # the feed has the focus, its top row is the linked incident
        session.settle(quiet=0.5, marker=b"Open link")
        assert copy not in session.output
        session.send(b"l")
        session.settle(quiet=0.5, timeout=20, marker=copy)
        assert copy in session.output
        session.send(b"\x1b")
        session.settle(quiet=0.3)
        session.send(b"q")
        session.wait()
