"""The header's whale is left out on the Linux console, which draws no emoji."""

from __future__ import annotations

import pytest

from tui.app import WhalewatchApp
from tui.store import Store
from tui.widgets.status_line import StatusLine, brand


@pytest.mark.parametrize(
    ("term", "expected"), [("linux", "whalewatch"), ("xterm-256color", "🐋 whalewatch")]
)
def test_brand(term: str, expected: str) -> None:
    assert brand(term) == expected


async def test_the_linux_console_header_has_no_whale(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TERM", "linux")
    app = WhalewatchApp(Store.open(tmp_path / "store"), poll=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        text = str(app.screen.query_one(StatusLine).render())
        assert text.startswith("whalewatch") and "🐋" not in text
