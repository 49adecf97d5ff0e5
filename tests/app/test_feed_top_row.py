"""The feed's cursor stays on the top row, where a new outage lands, until the user moves it.

At start the demo's replay adds its outage within a second: the cursor stayed on the incident
that had been on top, so Enter opened last month's incident instead of the live one. Once the
user has moved the cursor, a new incident no longer takes it from the one they chose.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tests.app.conftest import settle, wait_for
from tui.widgets.incident_feed import IncidentFeed


def newer(feed: IncidentFeed, name: str):
    top = feed.incidents[0]
    return replace(
        top,
        external_id=name,
        title=f"New outage {name}",
        status="investigating",
        resolved_at=None,
        started_at=top.started_at + timedelta(hours=1),
    )


async def test_a_new_incident_takes_the_cursor_until_the_user_moves_it(demo_app) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        feed = demo_app.screen.query_one(IncidentFeed)
        first = newer(feed, "one")
        feed.show_incidents([first, *feed.incidents])
        await pilot.pause()
        assert feed.selected is not None and feed.selected.id == first.id  # the new one, on top
        feed.focus()
        await pilot.press("j")
        chosen = feed.selected
        assert chosen is not None and chosen.id != first.id
        second = newer(feed, "two")
        feed.show_incidents([second, *feed.incidents])
        await wait_for(pilot, lambda: feed.option_count == len(feed.incidents))
        assert feed.selected is not None and feed.selected.id == chosen.id  # theirs, kept


async def test_the_row_the_feed_put_the_cursor_on_stays_unread_until_looked_at(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        feed = demo_app.screen.query_one(IncidentFeed)
        first = newer(feed, "one")
        feed.show_incidents([first, *feed.incidents], mark_unread=[first.id])
        await pilot.pause()
        assert feed.selected.id == first.id and first.id in feed.unread
        feed.focus()
        await pilot.press("enter")  # opened: now it is read
        await pilot.pause()
        assert first.id not in feed.unread
