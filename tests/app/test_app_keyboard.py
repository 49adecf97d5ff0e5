"""The keyboard paths of the main screen, at 80x24 and 120x40, as a user would drive them."""

from __future__ import annotations

import pytest
from textual.command import CommandList
from textual.widgets import Input, Static

from tests.app.conftest import settle, wait_for
from tui.app import WhalewatchApp
from tui.commands import palette_commands
from tui.demo.dataset import ACQUISITION_TITLE
from tui.screens.detail import DetailScreen
from tui.screens.help import HelpScreen, binding_rows, key_label
from tui.screens.main import MainScreen
from tui.screens.note import NoteScreen
from tui.store import Store
from tui.widgets.incident_feed import IncidentFeed
from tui.widgets.notes import NotesPane
from tui.widgets.timeline import TimelineView

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES)
async def test_three_panes_and_header_are_visible(demo_app: WhalewatchApp, size) -> None:
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        assert isinstance(screen, MainScreen)
        for pane in ("#incidents-pane", "#timeline-pane", "#notes-pane"):
            region = screen.query_one(pane).region
            assert region.width > 20 and region.height >= 4, pane
        header = str(screen.query_one("#status-line", Static).render())
        assert "X/Twitter" in header
        assert "3 sources" in header  # the history, the replay and its probe (issue 14 §4)
        feed = screen.query_one(IncidentFeed)
        assert feed.option_count > 10
        timeline = screen.query_one(TimelineView)
        assert timeline.visible_count > 40
        wide = size[0] >= 120
        incidents = screen.query_one("#incidents-pane").region
        notes = screen.query_one("#notes-pane").region
        # Side by side when wide, stacked when narrow.
        assert (notes.x > incidents.x) is wide
        assert (notes.y > incidents.y) is not wide


@pytest.mark.parametrize("size", SIZES)
async def test_tab_moves_between_panes_and_focus_is_visible(demo_app, size) -> None:
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        assert isinstance(screen.focused, IncidentFeed)
        await pilot.press("tab")
        assert isinstance(screen.focused, TimelineView)
        assert screen.query_one("#timeline-pane").has_focus_within
        await pilot.press("tab")
        assert screen.focused.id == "note-list"
        await pilot.press("shift+tab")
        assert isinstance(screen.focused, TimelineView)
        # The focused pane has a heavy border; the others keep a round one.
        focused_border = screen.query_one("#timeline-pane").styles.border_top[0]
        other_border = screen.query_one("#incidents-pane").styles.border_top[0]
        assert focused_border == "heavy" and other_border == "round"


async def test_arrows_and_jk_move_in_lists(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        feed = demo_app.screen.query_one(IncidentFeed)
        assert feed.highlighted == 0
        await pilot.press("j", "j", "down")
        assert feed.highlighted == 3
        await pilot.press("k", "up")
        assert feed.highlighted == 1
        await pilot.press("tab")
        timeline = demo_app.screen.query_one(TimelineView)
        first = timeline.selected
        await pilot.press("j")
        assert timeline.cursor == 1 and timeline.selected != first
        await pilot.press("k")
        assert timeline.selected == first
        await pilot.press("end")
        assert timeline.cursor == timeline.visible_count - 1
        await pilot.press("home")
        assert timeline.cursor == 0


async def test_enter_opens_incident_detail_with_updates_and_escape_goes_back(demo_store) -> None:
    app = WhalewatchApp(demo_store, demo=True, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        feed = app.screen.query_one(IncidentFeed)
        march6 = next(
            i for i in feed.incidents if i.started_at.strftime("%Y-%m-%d") == "2023-03-06"
        )
        feed.select_key(march6.id)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        text = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "INVESTIGATING" in text and "RESOLVED" in text
        assert "unintended consequences" in text
        assert "Notes (2)" in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_enter_on_a_timeline_event_shows_description_and_link(demo_app) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        timeline = demo_app.screen.query_one(TimelineView)
        while timeline.selected.kind != "event":
            await pilot.press("j")
        title = timeline.selected.title
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(demo_app.screen, DetailScreen)
        text = " ".join(str(w.render()) for w in demo_app.screen.query(Static))
        assert title in text
        assert "https://en.wikipedia.org/wiki/" in text
        await pilot.press("escape")
        assert isinstance(demo_app.screen, MainScreen)


async def test_selecting_an_item_shows_its_notes(demo_app) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = demo_app.screen
        feed = screen.query_one(IncidentFeed)
        march6 = next(
            i for i in feed.incidents if i.started_at.strftime("%Y-%m-%d") == "2023-03-06"
        )
        feed.select_key(march6.id)
        await pilot.pause()
        pane = screen.query_one(NotesPane)
        assert len(pane.notes) == 2
        assert all(n.target == f"incident:{march6.id}" for n in pane.notes)
        # An incident without notes shows none.
        feed.highlighted = 0
        await pilot.pause()
        assert pane.notes == [] or all(n.target_id == feed.selected.id for n in pane.notes)
        # An event with a note: the acquisition.
        await pilot.press("tab")
        timeline = screen.query_one(TimelineView)
        acquisition = next(e for e in demo_app.snapshot.events if e.title == ACQUISITION_TITLE)
        assert timeline.select_ref("event", str(acquisition.id))
        await pilot.pause()
        assert len(pane.notes) == 1 and "#acquisition" in pane.notes[0].text


async def test_help_lists_bindings_and_palette_and_quit(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(demo_app.screen, HelpScreen)
        text = str(demo_app.screen.query_one("#help-body Static").render())
        for words in ("Search", "Go to date", "Note", "Add event", "Quit", "Sources", "Undo"):
            assert words in text
        await pilot.press("escape")
        assert isinstance(demo_app.screen, MainScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert demo_app.screen.__class__.__name__ == "CommandPalette"
        await pilot.press("escape")
        await pilot.press("q")
        await pilot.pause()
    assert demo_app.return_code == 0


async def test_search_filters_the_timeline_and_escape_clears(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        timeline = demo_app.screen.query_one(TimelineView)
        total = timeline.visible_count
        await pilot.press("slash")
        assert isinstance(demo_app.screen.focused, Input)
        await pilot.press(*"tweetdeck")
        assert 0 < timeline.visible_count < total
        assert all("tweetdeck" in i.haystack for i in timeline._visible)
        line = str(demo_app.screen.query_one("#filter-line", Static).render())
        assert 'text "tweetdeck"' in line
        await pilot.press("enter")
        assert isinstance(demo_app.screen.focused, TimelineView)
        await pilot.press("escape")
        assert timeline.visible_count == total


async def test_jump_to_a_date(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "g", *"2023-03-06", "enter")
        timeline = demo_app.screen.query_one(TimelineView)
        assert timeline.selected.moment.date().isoformat() == "2023-03-06"
        await pilot.press("g", *"2022-11", "enter")
        assert timeline.selected.moment.date().isoformat() <= "2022-11-01"
        assert timeline.selected.moment.date().isoformat() >= "2022-10-01"


async def test_enter_in_an_empty_date_field_closes_it_without_an_error(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("tab", "j", "j")
        timeline = demo_app.screen.query_one(TimelineView)
        before = timeline.selected
        await pilot.press("g")
        field = demo_app.screen.query_one("#timeline-input")
        assert field.display and field.has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert not field.display
        assert timeline.has_focus and timeline.selected == before
        assert not any("not a date" in n.message for n in demo_app._notifications)
        await pilot.press("g", *"2023-13", "enter")
        await pilot.pause()
        assert field.display  # a wrong date keeps the field open, with its message
        assert any("not a date" in n.message for n in demo_app._notifications)


async def test_empty_store_opens_on_first_run_view(tmp_path) -> None:
    app = WhalewatchApp(Store.open(tmp_path / "empty"), poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first_run = app.screen.query_one("#first-run")
        assert first_run.display and not any(pane.display for pane in app.screen.query(".pane"))
        text = str(first_run.render())
        assert "whalewatch source add" in text and "whalewatch --demo" in text


async def test_new_note_on_selected_incident_is_autosaved(demo_app, demo_store) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        feed = demo_app.screen.query_one(IncidentFeed)
        key = feed.selected.id
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(demo_app.screen, NoteScreen)
        await pilot.press(*"hello #probe")
        await pilot.pause(1.5)
        await demo_app.workers.wait_for_complete()
        notes = demo_store.notes_for("incident", key)
        assert [n.text for n in notes] == ["hello #probe"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(demo_app.screen, MainScreen)
        assert [n.text for n in demo_app.screen.query_one(NotesPane).notes] == ["hello #probe"]


def _classes_with_bindings() -> list[type]:
    """Every screen and widget class of whalewatch that declares key bindings of its own."""
    import importlib
    import inspect
    import pkgutil

    import tui.screens
    import tui.widgets

    found = []
    for package in (tui.screens, tui.widgets):
        for module_info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{module_info.name}")
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__ and "BINDINGS" in vars(cls):
                    found.append(cls)
    return found


async def test_every_binding_is_listed_in_help(demo_app) -> None:
    """Keyboard only: no key of any screen or pane is missing from the help screen."""
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        listed = {
            (key, description) for _, key, description in binding_rows(demo_app.screen.groups)
        }
    missing = []
    for cls in [WhalewatchApp, *_classes_with_bindings()]:
        for binding in cls.BINDINGS:
            key = ", ".join(key_label(part.strip()) for part in binding.key.split(","))
            if binding.description and (key, binding.description) not in listed:
                missing.append(f"{cls.__name__}: {key} {binding.description}")
    assert not missing, missing


async def test_every_main_screen_action_is_in_the_command_palette(demo_app) -> None:
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        commands = {
            getattr(command.callback, "__name__", "") for command in palette_commands(demo_app)
        }
    wanted = {
        f"action_{binding.action.split('(')[0]}"
        for binding in [*MainScreen.BINDINGS, *WhalewatchApp.BINDINGS]
        if not binding.action.startswith("app.") and binding.action != "command_palette"
    }
    assert wanted - commands == set()


async def test_a_command_found_by_name_in_the_palette_runs(demo_app) -> None:
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Stats")
        hits = demo_app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: hits.option_count > 0 and hits.highlighted is not None)
        await pilot.press("enter")
        await pilot.pause()
        assert demo_app.screen.__class__.__name__ == "StatsScreen"
