"""No modal lets a key through to the screen below, and Reset in the filter form resets only.

The user's report: Ctrl+R (Reset) closed the filter form, and the next keys fell through to
the main screen's one-letter commands (an ``e`` opened Edit event and saved it).
"""

from __future__ import annotations

from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Select

from tests.app.conftest import settle
from tui.chronicle import TimelineFilter
from tui.screens.filter_form import FilterForm
from tui.screens.forms import ConfirmScreen, EventForm
from tui.screens.main import MainScreen
from tui.screens.source_form import SourceForm
from tui.widgets.timeline import TimelineView

MAIN_SCREEN_LETTERS = ("e", "d", "a", "n", "f", "g", "o", "i", "s", "t", "u", "slash")
"""One-letter commands of the main screen and the app, none of which a modal may pass on."""


async def press_letters_on(pilot, modal: ModalScreen, letters=MAIN_SCREEN_LETTERS) -> None:
    """Press ``letters`` with a button of ``modal`` focused (not a text field that eats them)."""
    modal.query(Button).last().focus()
    await pilot.pause()
    stack = list(pilot.app.screen_stack)
    for letter in letters:
        await pilot.press(letter)
        await pilot.pause()
        assert pilot.app.screen is modal, f"{letter} left {type(modal).__name__}"
        assert pilot.app.screen_stack == stack, f"{letter} opened {pilot.app.screen!r}"


async def test_ctrl_r_resets_the_filter_form_and_leaves_it_open(demo_app) -> None:
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        timeline = demo_app.screen.query_one(TimelineView)
        timeline.filter = TimelineFilter(category="api", text="tweet")
        await pilot.press("f")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, FilterForm)
        assert form.query_one("#category", Select).value == "api"
        form.query_one("#start", Input).value = "2023-01-01"
        form.query_one("#changes_only", Checkbox).value = True
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert demo_app.screen is form
        assert form.query_one("#category", Select).value == ""
        assert form.query_one("#start", Input).value == ""
        assert not form.query_one("#changes_only", Checkbox).value
        # The keys after a reset are the form's: nothing opens on the main screen.
        await press_letters_on(pilot, form)
        assert timeline.filter == TimelineFilter(category="api", text="tweet")  # not yet applied
        form.query_one("#start", Input).focus()
        await pilot.press("enter")  # Enter applies the reset fields, and closes
        await pilot.pause()
        assert isinstance(demo_app.screen, MainScreen)
        assert not timeline.filter.active


async def test_the_filter_forms_reset_button_resets_without_closing(demo_app) -> None:
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        timeline = demo_app.screen.query_one(TimelineView)
        timeline.filter = TimelineFilter(category="api")
        await pilot.press("f")
        await pilot.pause()
        form = demo_app.screen
        await pilot.click("#reset")
        await pilot.pause()
        assert demo_app.screen is form and form.query_one("#category", Select).value == ""
        await pilot.press("escape")  # Escape cancels: the filter stays as it was
        await pilot.pause()
        assert isinstance(demo_app.screen, MainScreen)
        assert timeline.filter == TimelineFilter(category="api")


async def test_no_modal_passes_main_screen_keys_below(demo_app, demo_store) -> None:
    events = len(demo_store.events())
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(demo_app.screen, FilterForm)
        await press_letters_on(pilot, demo_app.screen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(demo_app.screen, EventForm)
        await press_letters_on(pilot, demo_app.screen)
        await pilot.press("escape")
        await pilot.pause()
        timeline = demo_app.screen.query_one(TimelineView)
        timeline.focus()
        while timeline.selected.kind != "event":
            await pilot.press("j")
        await pilot.press("d")
        await pilot.pause()
        confirm = demo_app.screen
        assert isinstance(confirm, ConfirmScreen)
        # n answers No here: every other letter must do nothing, above or below.
        letters = [key for key in MAIN_SCREEN_LETTERS if key != "n"]
        stack = list(demo_app.screen_stack)
        for letter in letters:
            await pilot.press(letter)
            await pilot.pause()
            assert demo_app.screen is confirm and demo_app.screen_stack == stack, letter
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(demo_app.screen, SourceForm)
        await press_letters_on(pilot, demo_app.screen)
        await pilot.press("escape")
        await pilot.pause()
        await demo_app.workers.wait_for_complete()
    # Nothing was added, saved or deleted behind the modals.
    assert len(demo_store.events()) == events
