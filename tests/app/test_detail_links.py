"""The incident page: its status said once, a key that opens or copies its link, and clicks
that select before they open, in the feed as in the timeline."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from tests.app.conftest import settle, wait_for
from tests.app.test_forms_layout import shown_text
from tui.screens.detail import DetailScreen, can_open_links, incident_parts
from tui.screens.main import MainScreen
from tui.widgets.incident_feed import IncidentFeed
from tui.widgets.timeline import TimelineView

SSH = ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")


def meta_text(incident) -> str:
    return str(incident_parts(incident)[1][1])


def test_the_status_is_said_once(demo_store) -> None:
    resolved = next(i for i in demo_store.incidents() if i.status == "resolved")
    assert "status resolved · " in meta_text(resolved)
    assert "(resolved)" not in meta_text(resolved)
    investigating = replace(resolved, status="investigating", resolved_at=None)
    assert "status investigating (open) · " in meta_text(investigating)
    postmortem = replace(resolved, status="postmortem")
    assert "status postmortem (resolved) · " in meta_text(postmortem)


def test_a_browser_opens_only_in_a_local_session_with_a_display() -> None:
    assert can_open_links({"DISPLAY": ":0"}, "linux")
    assert can_open_links({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not can_open_links({}, "linux")  # a console or a container: no browser to show
    for name in SSH:
        assert not can_open_links({"DISPLAY": "localhost:10.0", name: "x"}, "linux")
        assert not can_open_links({name: "x"}, "darwin")
    assert can_open_links({}, "darwin") and can_open_links({}, "win32")


async def open_linked_incident(app, pilot) -> str:
    """Open the page of an incident that has a link, by the keyboard; returns the link."""
    await settle(pilot)
    feed = app.screen.query_one(IncidentFeed)
    # The feed holds summaries (no links, see tui/store/incident_index.py): the store has them.
    linked = next(i for i in app.store.incidents() if i.url.startswith("https://"))
    feed.select_key(linked.id)
    feed.focus()
    await pilot.pause()
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
    return linked.url


@pytest.fixture
def no_session(monkeypatch):
    for name in (*SSH, "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


async def test_over_ssh_the_link_key_copies_through_the_terminal(demo_app, no_session) -> None:
    no_session.setenv("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22")
    no_session.setenv("DISPLAY", "localhost:10.0")  # X forwarding: still not the user's screen
    async with demo_app.run_test(size=(100, 30), notifications=True) as pilot:
        url = await open_linked_incident(demo_app, pilot)
        await pilot.press("l")
        assert demo_app.clipboard == url
        assert any("OSC 52" in n.message and url in n.message for n in demo_app._notifications)


async def test_locally_the_link_key_runs_the_system_opener(
    demo_app, no_session, tmp_path: Path
) -> None:
    opened = tmp_path / "opened.txt"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    opener = bin_dir / "xdg-open"
    opener.write_text(f'#!/bin/sh\nprintf %s "$1" > {opened}\necho noise; echo noise >&2\n')
    opener.chmod(opener.stat().st_mode | stat.S_IXUSR)
    no_session.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    no_session.setenv("DISPLAY", ":0")
    async with demo_app.run_test(size=(100, 30)) as pilot:
        url = await open_linked_incident(demo_app, pilot)
        await pilot.press("l")
        await wait_for(pilot, lambda: opened.exists() and opened.read_text() == url)
        assert demo_app.clipboard == ""  # opened, not copied
        await pilot.press("c")  # c copies in any case
        assert demo_app.clipboard == url


async def test_the_link_keys_fit_an_80_column_footer(demo_app, no_session) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await open_linked_incident(demo_app, pilot)
        await pilot.pause()
        keys = list(demo_app.screen.query("Footer FooterKey"))
        shown = [shown_text(key) for key in keys]  # each whole and on the screen
        assert "l Open link" in shown and "c Copy" in shown
        palette = next(key for key in keys if shown_text(key).endswith("Commands"))
        assert all(key.region.right <= palette.region.x for key in keys if key is not palette)


async def test_without_a_display_the_link_key_copies(demo_app, no_session) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        url = await open_linked_incident(demo_app, pilot)
        await pilot.press("l")
        assert demo_app.clipboard == url


async def test_a_page_without_a_link_offers_no_link_keys(demo_app, no_session) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        feed = demo_app.screen.query_one(IncidentFeed)
        unlinked = next(i for i in feed.incidents if not i.url)
        demo_app.main_screen.open_incident(unlinked.id)
        await wait_for(pilot, lambda: isinstance(demo_app.screen, DetailScreen))
        await pilot.pause()
        footer = " ".join(shown_text(key) for key in demo_app.screen.query("Footer FooterKey"))
        assert "Note" in footer and "Open link" not in footer and "Copy" not in footer
        await pilot.press("l", "c")
        assert demo_app.clipboard == ""


async def test_a_click_selects_and_a_second_click_opens_in_both_lists(demo_app) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        feed = demo_app.screen.query_one(IncidentFeed)
        await pilot.click(IncidentFeed, offset=(12, 2))
        await pilot.pause()
        assert isinstance(demo_app.screen, MainScreen)  # selected, not opened
        assert feed.highlighted == 2
        await pilot.click(IncidentFeed, offset=(12, 2))
        await wait_for(pilot, lambda: isinstance(demo_app.screen, DetailScreen))
        assert demo_app.screen.target == ("incident", feed.selected.id)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(demo_app.screen, MainScreen))

        timeline = demo_app.screen.query_one(TimelineView)
        position = 2
        y = timeline._rows.item_rows[position] - timeline.scroll_offset.y
        await pilot.click(TimelineView, offset=(12, y))
        await pilot.pause()
        assert isinstance(demo_app.screen, MainScreen)
        assert timeline.cursor == position
        await pilot.click(TimelineView, offset=(12, y))
        await wait_for(pilot, lambda: isinstance(demo_app.screen, DetailScreen))
        selected = timeline.selected
        assert demo_app.screen.target == (selected.kind, selected.ref)
        # A click on a day's header selects nothing.
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(demo_app.screen, MainScreen))
        header = timeline._rows.item_rows[0] - 1 - timeline.scroll_offset.y
        if header >= 0:
            await pilot.click(TimelineView, offset=(12, header))
            await pilot.pause()
            assert timeline.cursor == position and isinstance(demo_app.screen, MainScreen)
