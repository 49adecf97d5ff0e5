"""Keys typed faster than the dashboard draws (a burst over a slow SSH link, a paste) act in
the order typed: a key that moves the focus takes effect before the keys after it.

Textual keeps that order by looking a key's binding up only once the key has bubbled from
the focused widget to the app, behind the keys before it. A shortcut that runs a list's keys
where they arrive (a priority binding, an ``on_key`` on the list) saves a tenth of the CPU of
a cursor-down, and sends the key after a Tab to the pane being left: these tests hold the
order.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import TextArea

from tests.app.conftest import settle
from tui.app import WhalewatchApp
from tui.screens import main_keys
from tui.screens.main import MainScreen
from tui.store import Store
from tui.typeahead import FORGOTTEN_AFTER, REMEMBERED, KeysInFlight
from tui.widgets.arrival_keys import WALKING, arrival_keys
from tui.widgets.incident_feed import IncidentFeed
from tui.widgets.notes import NoteList
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


def test_keys_in_flight_tell_where_a_key_went_and_when_none_is_on_its_way() -> None:
    keys: KeysInFlight[object, str] = KeysInFlight()
    assert keys.idle(at=10.0)
    first, second = object(), object()
    keys.sent(first, "pane", at=10.0)
    keys.sent(second, "field", at=10.1)
    assert not keys.idle(at=10.2)  # a key that arrives now must not overtake them
    assert keys.returned(first) == (True, "pane")
    assert keys.returned(first) == (False, None)  # told once
    assert not keys.idle(at=10.2)
    assert keys.returned(second) == (True, "field")
    assert keys.idle(at=10.2)
    assert keys.returned(object()) == (False, None)  # never seen arriving (made by the app)
    stopped = object()  # a key some widget stopped: it never comes back
    keys.sent(stopped, "pane", at=20.0)
    assert not keys.idle(at=20.0 + FORGOTTEN_AFTER - 1)
    assert keys.idle(at=20.0 + FORGOTTEN_AFTER + 1)  # taken as gone: forgotten
    many = [object() for _ in range(REMEMBERED + 10)]
    for n, key in enumerate(many):
        keys.sent(key, "pane", at=30.0 + n / 1000)
    assert keys.returned(many[0]) == (False, None)  # the oldest, forgotten
    assert keys.returned(many[-1]) == (True, "pane")


def test_no_app_or_screen_binding_runs_before_a_lists_arrival_keys() -> None:
    """The app runs a list's walking key where it arrives, before Textual would look for a
    priority binding of the app's or a screen's for it: there must be none."""
    walking = set(WALKING)
    for cls in [WhalewatchApp, *all_subclasses(Screen)]:
        for binding in Binding.make_bindings(vars(cls).get("BINDINGS", [])):
            assert not (binding.priority and binding.key in walking), (cls, binding)
    for cls in (TimelineView, IncidentFeed, NoteList):
        assert cls.RUNS_KEYS_ON_ARRIVAL
        assert set(arrival_keys(cls)) == walking, cls


def all_subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *all_subclasses(sub)]
    return found


@pytest.mark.parametrize("pane", [TimelineView, IncidentFeed])
async def test_a_walking_key_with_none_on_its_way_runs_where_it_arrives(
    demo_app: WhalewatchApp, monkeypatch: pytest.MonkeyPatch, pane: type
) -> None:
    reached: list[str] = []

    def spy(self, event: events.Key) -> None:
        reached.append(event.key)

    # The pane's frame is the first ancestor a travelling key reaches.
    for frame in (main_keys.FeedFrame, main_keys.TimelineFrame, MainScreen):
        monkeypatch.setattr(frame, "on_key", spy, raising=False)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if pane is TimelineView:
            await pilot.press("tab")
        widget = demo_app.screen.query_one(pane)
        assert widget.has_focus
        reached.clear()
        before = widget.selected
        await pilot.press("j", "down")
        await settle(pilot)
        assert widget.selected != before
        await pilot.press("k", "up")
        await settle(pilot)
        assert widget.selected == before
        assert reached == []  # run where they arrived
        await pilot.press("x")  # nobody's: it travels, as every key did
        await settle(pilot)
        assert reached[-1:] == ["x"]


async def test_a_burst_of_walking_keys_moves_as_far_as_the_keys_one_by_one(
    demo_store: Store,
) -> None:
    keys = ["j"] * 10 + ["k"] * 4 + ["down", "pagedown", "up"]
    landed = []
    for one_by_one in (True, False):
        app = WhalewatchApp(demo_store, poll=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("tab")
            if one_by_one:
                await pilot.press(*keys)
            else:
                burst(app, *keys)
            await settle(pilot)
            landed.append(app.screen.query_one(TimelineView).cursor)
    assert landed[0] == landed[1] > 0
