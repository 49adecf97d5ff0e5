"""A modal's footer shows the modal's own keys, not those of the screen underneath.

Before, a modal had no footer: the bottom line still showed the screen below it ("a Add" on
Sources while the add-source form was open), keys the modal does not take.
"""

from __future__ import annotations

from textual.screen import ModalScreen
from textual.widgets import Footer

from tests.app.conftest import settle, wait_for
from tests.app.test_forms_layout import shown_text
from tui.screens.filter_form import FilterForm
from tui.screens.forms import ConfirmScreen, EventForm
from tui.screens.source_form import SourceForm
from tui.widgets.timeline import TimelineView

SIZE = (100, 30)


def bottom_line_footer(modal: ModalScreen) -> str:
    """What the terminal's last line shows, after checking the modal itself draws it there."""
    width, height = modal.app.size
    widget, _ = modal.get_widget_at(width // 2, height - 1)
    footer = next((node for node in widget.ancestors_with_self if isinstance(node, Footer)), None)
    assert footer is not None and footer.screen is modal, (
        f"the last line is {widget!r}, not {type(modal).__name__}'s footer"
    )
    return " ".join(shown_text(key) for key in modal.query("Footer FooterKey"))


async def open_modal(pilot, *keys: str, kind: type[ModalScreen]) -> ModalScreen:
    await pilot.press(*keys)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, kind))
    await pilot.pause()
    return pilot.app.screen


async def test_the_filter_and_event_forms_show_their_own_keys(demo_app) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = bottom_line_footer(await open_modal(pilot, "f", kind=FilterForm))
        for words in ("Apply", "Reset all", "Cancel"):
            assert words in footer, footer
        for below in ("Sources", "Stats", "Quit", "Filter", "Help"):
            assert below not in footer, footer
        await pilot.press("escape")

        footer = bottom_line_footer(await open_modal(pilot, "a", kind=EventForm))
        assert "Save" in footer and "Cancel" in footer, footer
        for below in ("Sources", "Stats", "Quit", "Filter", "Help"):
            assert below not in footer, footer


async def test_the_delete_confirmation_shows_yes_and_no(demo_app) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline = demo_app.screen.query_one(TimelineView)
        timeline.focus()
        while timeline.selected.kind != "event":
            await pilot.press("j")
        footer = bottom_line_footer(await open_modal(pilot, "d", kind=ConfirmScreen))
        assert "Yes" in footer and "No" in footer, footer
        assert "Edit" not in footer and "Quit" not in footer, footer


async def test_the_add_source_form_shows_its_keys_not_the_sources_screens(demo_app) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        footer = bottom_line_footer(await open_modal(pilot, "a", kind=SourceForm))
        assert "Add" in footer and "Cancel" in footer, footer
        for below in ("a Add", "Test once", "Pause/resume", "Remove", "Reload", "Back"):
            assert below not in footer, footer
        await pilot.press("escape")
        await demo_app.workers.wait_for_complete()
