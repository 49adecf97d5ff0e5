"""The dashboard's own poller on an offline machine: the header says so, no incident opens.

Two probes on two hosts (127.0.0.1 and 127.0.0.2) whose ports refuse connections stand in
for a laptop without a network; the session polls them as it would any source.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

import tui.app
from tests.app.conftest import wait_for
from tui.app import WhalewatchApp
from tui.domain import Source
from tui.store import Store
from tui.widgets.status_line import StatusLine


def dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_an_offline_session_says_offline_and_opens_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WHALEWATCH_CONFIG", str(tmp_path / "config" / "settings.json"))
    monkeypatch.setattr(tui.app, "POLL_TICK", 0.2)
    store = Store.open(tmp_path / "store")
    port = dead_port()
    for host in ("127.0.0.1", "127.0.0.2"):
        url = f"http://{host}:{port}/"
        store.save_source(Source(id="", url=url, kind="probe", fail_threshold=1, every=15))
    app = WhalewatchApp(store, poll=True)
    async with app.run_test(size=(80, 24)) as pilot:
        try:
            header = app.screen.query_one(StatusLine)
            await wait_for(pilot, lambda: "offline — cannot tell" in str(header.render()), 2500)
            text = str(header.render())
            assert text.index("offline") < text.index("2 sources") and "failing" not in text
        finally:
            app._stop.set()
        await pilot.press("q")
    assert store.incidents() == []
