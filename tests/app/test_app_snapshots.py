"""SVG snapshots of the main screens on the demo data (pytest-textual-snapshot).

Regenerate after an intended change of look with ``pytest tests/app --snapshot-update`` and
look at the report before committing.
"""

from __future__ import annotations

from tests.app.conftest import settle


async def _wait(pilot) -> None:
    await settle(pilot)


def test_main_screen_80x24(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=_wait)


def test_main_screen_120x40(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=(120, 40), run_before=_wait)


def test_timeline_focused_80x24(snap_compare, demo_app) -> None:
    async def focus_timeline(pilot) -> None:
        await settle(pilot)
        await pilot.press("tab", "j", "j")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=focus_timeline)


def test_help_screen(snap_compare, demo_app) -> None:
    async def open_help(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=open_help)


def test_incident_detail(snap_compare, demo_app) -> None:
    async def open_march_6(pilot) -> None:
        await settle(pilot)
        await pilot.press("tab", "g", *"2023-03-06", "enter")
        timeline = pilot.app.screen.query_one("TimelineView")
        while timeline.selected.kind != "incident":
            await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(100, 30), run_before=open_march_6)
