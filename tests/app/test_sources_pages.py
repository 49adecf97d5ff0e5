"""Watched pages on the Sources screen: added through the form, refused with a reason, and the
Changes column (versions, last change, NOISY) after real polls of a page on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import Input, Select

from tests.app.conftest import wait_for
from tests.app.test_sources_screen import open_sources, table_text
from tests.pagewatch.conftest import pages  # noqa: F401  (the page server fixture)
from tests.pagewatch.test_pagewatch_poller import terms
from tui.app import WhalewatchApp
from tui.feeds.http import make_client
from tui.feeds.poller import poll_once
from tui.screens.sources import SourceForm
from tui.store import Store

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def result_text(app: WhalewatchApp) -> str:
    return str(app.screen.query_one("#sources-result").render())


async def fill_page_form(app: WhalewatchApp, pilot, url: str, select: str) -> SourceForm:
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(app.screen, SourceForm))
    form = app.screen
    assert isinstance(form, SourceForm)
    form.query_one("#url", Input).value = url
    form.query_one("#kind", Select).value = "page"
    form.query_one("#platform", Input).value = "X/Twitter"
    form.query_one("#name", Input).value = "X Terms"
    form.query_one("#select", Input).value = select
    return form


async def test_a_page_is_added_through_the_form_and_a_pdf_is_refused(
    tmp_path: Path,
    pages,  # noqa: F811
) -> None:
    pages.publish("/tos", terms())
    pages.publish("/tos.pdf", b"%PDF-1.7 ...", Content_Type="application/pdf")
    store = Store.open(tmp_path)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_sources(app, pilot)
        form = await fill_page_form(app, pilot, pages.url("/tos.pdf"), "")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "PDF document" in result_text(app))
        assert "Not added" in result_text(app) and store.sources() == []

        form = await fill_page_form(app, pilot, pages.url("/tos"), "main[")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SourceForm)
        assert "invalid CSS selector" in str(form.query_one("#select-error").render())
        form.query_one("#select", Input).value = "main"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(store.sources()) == 1)
        (source,) = store.sources()
        assert (source.kind, source.select, source.category) == ("page", ("main",), "policy")


async def test_the_changes_column_shows_versions_last_change_and_noisy(
    tmp_path: Path,
    pages,  # noqa: F811
) -> None:
    from tui.domain import Source

    store = Store.open(tmp_path)
    source = store.save_source(
        Source(id="", url=pages.url("/tos"), kind="page", name="X Terms", select=("main",))
    )
    async with make_client() as client:
        for minute in (0, 10, 20, 30):
            pages.publish("/tos", terms(f"09:{minute:02d}:00"))
            await poll_once(store, client, now=T0 + timedelta(minutes=minute), force=True)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(160, 30)) as pilot:
        await open_sources(app, pilot)
        await wait_for(pilot, lambda: "NOISY" in table_text(app))
        row = table_text(app)
        assert f"NOISY · 4 versions · changed {T0.date()} 09:30" in row
        assert "noisy: 3 changes within an hour" in row
        assert source.id in row
