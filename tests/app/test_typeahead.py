"""Keys typed faster than the dashboard draws (a burst over a slow SSH link, a paste) act in
the order typed: a key that moves the focus takes effect before the keys after it.

Textual keeps that order by looking a key's binding up only once the key has bubbled from
the focused widget to the app, behind the keys before it. A shortcut that runs a list's keys
where they arrive (a priority binding, an ``on_key`` on the list) saves a tenth of the CPU of
a cursor-down, and sends the key after a Tab to the pane being left: these tests hold the
order.
"""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from tests.app.conftest import settle
from tui.app import WhalewatchApp
from tui.typeahead import REMEMBERED, KeysInFlight
from tui.widgets.incident_feed import IncidentFeed
from tui.widgets.timeline import TimelineView


async def burst_in_timeline(app: WhalewatchApp, pilot, *keys: str) -> TimelineView:
    """The timeline focused (keys typed one by one), then ``keys`` in one burst, settled."""
    await settle(pilot)
    await pilot.press("tab")
    burst(app, *keys)
    await settle(pilot)
    return app.screen.query_one(TimelineView)


def burst(app: WhalewatchApp, *keys: str) -> None:
    """Queue the keys all at once, as a terminal delivers a burst (Pilot waits after each)."""
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


async def test_the_key_after_tab_goes_to_the_pane_tab_moved_to(demo_app: WhalewatchApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        feed = demo_app.screen.query_one(IncidentFeed)
        timeline = demo_app.screen.query_one(TimelineView)
        feed_before, timeline_before = feed.selected, timeline.selected
        burst(demo_app, "tab", "G")
        await settle(pilot)
        assert timeline.has_focus
        assert feed.selected == feed_before
        assert timeline.selected != timeline_before
        # G took the timeline to its last row, the oldest item (newest first).
        assert timeline.selected.moment == min(item.moment for item in timeline.items)


async def test_letters_after_slash_are_typed_into_the_search(demo_app: WhalewatchApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        timeline = await burst_in_timeline(demo_app, pilot, "slash", "j", "k")
        field = demo_app.screen.query_one("#timeline-input")
        assert field.has_focus and field.value == "jk"
        assert not timeline.has_focus


async def test_a_date_typed_with_its_enter_in_one_burst_is_gone_to(demo_app: WhalewatchApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        timeline = await burst_in_timeline(demo_app, pilot, "g", *"2023-03-06", "enter")
        assert timeline.has_focus  # the field closed on its Enter, with the date in it
        assert timeline.selected.moment.date().isoformat() == "2023-03-06"


async def test_a_search_typed_with_its_enter_in_one_burst_is_kept(demo_app: WhalewatchApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        timeline = await burst_in_timeline(demo_app, pilot, "slash", *"tweetdeck", "enter")
        assert timeline.has_focus
        assert timeline.filter.text == "tweetdeck"
        assert 1 <= timeline.visible_count < len(timeline.items)
        await pilot.press("j")
        assert "tweetdeck" in timeline.selected.haystack  # j moves among the results


async def test_letters_after_n_are_the_new_notes(demo_app: WhalewatchApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(demo_app, "n", *"ats")  # a, t and s are the main screen's keys too
        await settle(pilot)
        editor = demo_app.screen.query_one(TextArea)
        assert editor.has_focus and editor.text == "ats"


def test_keys_in_flight_tell_a_key_sent_elsewhere_and_forget_the_ones_taken() -> None:
    keys: KeysInFlight[object, str] = KeysInFlight()
    pane_key, field_key, new_key = object(), object(), object()
    keys.sent(pane_key, "pane")
    keys.sent(field_key, "field")
    assert keys.typed_before(pane_key, "field")
    assert not keys.typed_before(pane_key, "field")  # told once: it goes on as a new key
    assert not keys.typed_before(field_key, "field")
    assert not keys.typed_before(new_key, "field")  # never seen arriving (made by the app)
    taken = [object() for _ in range(REMEMBERED + 10)]  # letters the field took: never back
    for key in taken:
        keys.sent(key, "pane")
    assert not keys.typed_before(taken[0], "field")  # forgotten, not kept for ever
    assert keys.typed_before(taken[-1], "field")
