"""The forms as a user reads them at 80x24 and 120x40: whole hints, whole values.

Before, modals were 80 columns wide with ~36-column inputs and a 22-column hint cell of one
line: "not a date: use", "only http:// or" and "https://en.wikipedia.org/wiki/Twitte" were
all a user saw.
"""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input, Label

from tests.app.conftest import settle, wait_for
from tui.demo.dataset import ACQUISITION_URL
from tui.demo.incidents import UNDER_MUSK_URL
from tui.screens.forms import EventForm
from tui.screens.source_form import SourceForm
from tui.screens.sources import SourcesScreen

SIZES = [(80, 24), (120, 40)]


def shown_text(widget: Widget) -> str:
    """The words ``widget`` draws, after checking that every line of it is on the screen."""
    region = widget.region
    assert region.area, f"{widget!r} is not drawn"
    assert widget.screen.region.contains_region(region), f"{widget!r} is partly off screen"
    for ancestor in widget.ancestors_with_self:
        if isinstance(ancestor, Widget) and ancestor.is_scrollable:
            assert ancestor.region.contains_region(region), f"{widget!r} is scrolled away"
    strips = widget.render_lines(Region(0, 0, region.width, region.height))
    return " ".join(" ".join(strip.text.split()) for strip in strips).strip()


@pytest.mark.parametrize("size", SIZES)
async def test_event_form_hints_wrap_and_values_show_whole(demo_app, size) -> None:
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(demo_app.screen, EventForm))
        form = demo_app.screen
        await pilot.press(*"2023-02-30")
        form.query_one("#url", Input).value = "ftp://example.org/file"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: str(form.query_one("#day-error", Label).render()) != "")
        await pilot.pause()
        assert shown_text(form.query_one("#day-error")) == "not a date: use YYYY-MM-DD"
        assert shown_text(form.query_one("#url-error")) == "only http:// or https:// links"
        assert shown_text(form.query_one("#title-error")) == "a title is required"
        # A field without a message takes no line.
        assert form.query_one("#time-error").region.height == 0
        url = form.query_one("#url", Input)
        for value in (UNDER_MUSK_URL, ACQUISITION_URL):  # 52 and 66 characters
            url.value = value
            url.focus()
            await pilot.pause()
            assert value in shown_text(url)
            form.query_one("#day", Input).focus()  # and when the field is not focused
            await pilot.pause()
            assert value in shown_text(url)
        # The buttons stay on screen.
        assert "Save (Ctrl+S)" in shown_text(form.query_one("#save"))


@pytest.mark.parametrize("size", SIZES)
async def test_source_form_messages_wrap_and_buttons_stay_on_screen(demo_app, size) -> None:
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(demo_app.screen, SourcesScreen))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(demo_app.screen, SourceForm))
        form = demo_app.screen
        form.query_one("#url", Input).value = "https://example.org/status"
        form.query_one("#json_check", Input).value = "data.status is ok"
        await pilot.press("ctrl+s")
        error = form.query_one("#json_check-error", Label)
        await wait_for(pilot, lambda: str(error.render()) != "")
        error.scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        assert shown_text(error) == (
            "not a JSON check (PATH == VALUE or PATH contains VALUE): 'data.status is ok'"
        )
        assert error.region.height >= (2 if size[0] == 80 else 1)
        assert "Add (Ctrl+S)" in shown_text(form.query_one("#save"))
        assert form.query_one("#source-form").region.width >= size[0] - 10


@pytest.mark.parametrize("size", [(60, 20), *SIZES])
async def test_an_events_long_description_shows_whole_and_saves_as_it_was(demo_app, size) -> None:
    """The 6 March event's description read ``… had some unintended co`` in a one-line input."""
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        event = max(demo_app.snapshot.events, key=lambda e: len(e.description))
        assert len(event.description) > 80, "a description longer than the form is wide"
        saved: list = []
        demo_app.push_screen(EventForm(event, ["X/Twitter"]), saved.append)
        await wait_for(pilot, lambda: isinstance(demo_app.screen, EventForm))
        await pilot.pause()
        box = demo_app.screen.query_one("#description")
        box.focus()  # scrolled into view when the form is taller than the screen
        await pilot.pause()
        assert " ".join(event.description.split()) in shown_text(box)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: bool(saved))
        assert saved[0].description == event.description


async def test_the_event_forms_buttons_stay_on_a_60x20_screen_with_every_message(demo_app):
    """At 60x20 three messages pushed Save and Cancel below the screen's edge."""
    async with demo_app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(demo_app.screen, EventForm))
        form = demo_app.screen
        await pilot.press(*"2023-02-30", "ctrl+s")
        await wait_for(pilot, lambda: str(form.query_one("#day-error", Label).render()) != "")
        await pilot.pause()
        assert "Save (Ctrl+S)" in shown_text(form.query_one("#save"))
        assert "Cancel (Esc)" in shown_text(form.query_one("#cancel"))
