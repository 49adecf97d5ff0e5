"""The writer adds sources of known kinds only: detecting a kind is the add-source form's job.

The writer once had its own detection for kind "auto", a second copy of the form's that
nothing reached any more; a source handed over with a kind no installation has is refused
rather than stored (``poll`` could not poll it).
"""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import wait_for
from tests.app.test_sources_screen import local_url, open_sources  # noqa: F401 (a fixture)
from tui.app import WhalewatchApp
from tui.domain import Source
from tui.store import Store


def result_text(app: WhalewatchApp) -> str:
    return str(app.screen.query_one("#sources-result").render())


async def test_a_kind_left_on_auto_is_refused_not_detected_again(
    tmp_path: Path,
    local_url: str,  # noqa: F811
) -> None:
    store = Store.open(tmp_path)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_sources(app, pilot)
        app.writer.add_source(screen, Source(id="", url=local_url, kind="auto"))
        await wait_for(pilot, lambda: "Not added" in result_text(app))
        await app.workers.wait_for_complete()
        assert "unknown source kind 'auto'" in result_text(app)
    assert store.sources() == []


async def test_a_known_kind_is_added_as_given(tmp_path: Path, local_url: str) -> None:  # noqa: F811
    store = Store.open(tmp_path)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_sources(app, pilot)
        app.writer.add_source(screen, Source(id="", url=local_url, kind="probe"))
        await wait_for(pilot, lambda: len(store.sources()) == 1)
    assert store.sources()[0].kind == "probe"
