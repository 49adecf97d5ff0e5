"""Every widget on every screen, fed the hostile corpus, shows only harmless text.

The store holds the corpus twice over: as polled from a local Statuspage and RSS feed
(cleaned at ingestion) and as raw user/imported data (cleaned only when drawn). For each
screen the test walks every widget, takes what it would draw (its ``render()`` result, the
strips it renders, option prompts, table cells, titles) and asserts that no string holds ESC,
a C1 control, a bidi control or a lone surrogate; that markup in the corpus is shown as
literal text (``[@click=app.quit]`` is text, not an action); and that ``javascript:`` and
``file:`` URLs are never shown, let alone as links.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, OptionList

from tui.app import WhalewatchApp
from tui.screens.detail import DetailScreen, event_screen, incident_screen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.note import NoteScreen
from tui.screens.sources import SourcesScreen
from tui.screens.stats import StatsScreen
from tui.store import Store
from tui.widgets.incident_feed import IncidentFeed
from tui.widgets.notes import NotesPane
from tui.widgets.timeline import TimelineView

SIZE = (200, 120)
"""Wide and tall: three panes side by side, every row of the corpus on screen at once."""

REFUSED_LINK = "(link not shown"


async def wait_for(pilot, condition: Callable[[], bool], tries: int = 1500) -> None:
    """Let workers and callbacks run until ``condition`` holds (up to ~30 s)."""
    for _ in range(tries):
        await pilot.pause(0.02)
        if condition():
            return
    raise AssertionError("condition never became true")


async def show_page(pilot, page: DetailScreen | None) -> None:
    """Put ``page`` in place of the detail page on top, once it has drawn."""
    assert page is not None, "an item of the corpus is not in the snapshot"
    assert isinstance(pilot.app.screen, DetailScreen)
    pilot.app.switch_screen(page)
    await wait_for(pilot, lambda: pilot.app.screen is page)
    await pilot.pause()


def _plain(visual: object) -> str | None:
    plain = getattr(visual, "plain", None)
    if isinstance(plain, str):
        return plain
    if isinstance(visual, str):
        return visual
    return None


def shown(screen: Screen) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(where, text) for everything the screen's widgets show; and (where, link) of styles."""
    texts: list[tuple[str, str]] = []
    links: list[tuple[str, str]] = []
    for widget in [screen, *screen.query("*")]:
        where = f"{type(widget).__name__}#{widget.id or '?'}"
        for attribute in ("border_title", "border_subtitle", "tooltip"):
            value = _plain(getattr(widget, attribute, None))
            if value:
                texts.append((f"{where}.{attribute}", value))
        try:
            rendered = _plain(widget.render())
        except Exception:  # containers and line-API widgets have nothing to render() here
            rendered = None
        if rendered:
            texts.append((f"{where}.render()", rendered))
        if isinstance(widget, OptionList):
            for index in range(widget.option_count):
                prompt = _plain(widget.get_option_at_index(index).prompt)
                texts.append((f"{where}.option[{index}]", prompt or ""))
        if isinstance(widget, DataTable):
            for row_key in widget.rows:
                for cell in widget.get_row(row_key):
                    texts.append((f"{where}.cell", _plain(cell) or str(cell)))
        if widget.display and widget.size.area:
            width, height = widget.size
            for y, strip in enumerate(widget.render_lines(Region(0, 0, width, height))):
                line = []
                for segment in strip:
                    line.append(segment.text)
                    style = segment.style
                    if style is not None and style.link:
                        links.append((where, style.link))
                    if style is not None and style.meta and "@click" in style.meta:
                        links.append((where, f"@click={style.meta['@click']}"))
                    if segment.control:
                        texts.append((f"{where}.control", repr(segment.control)))
                texts.append((f"{where}.line[{y}]", "".join(line)))
    app = screen.app
    texts += [("app.title", app.title), ("app.sub_title", app.sub_title)]
    texts += [("screen.title", screen.title or ""), ("screen.sub_title", screen.sub_title or "")]
    return texts, links


def assert_harmless(screen: Screen, forbidden, what: str) -> str:
    """Assert nothing shown is dangerous; returns all the shown text for further checks."""
    texts, links = shown(screen)
    bad = [(where, kinds, text[:80]) for where, text in texts if (kinds := forbidden(text))]
    assert not bad, f"{what}: dangerous characters on screen: {bad[:5]}"
    risky = [
        (where, link)
        for where, link in links
        if not link.startswith(("http://", "https://")) and "app.quit" not in link
    ]
    risky += [(where, link) for where, link in links if "evil" in link or "quit" in link]
    assert not risky, f"{what}: links or click actions on screen: {risky[:5]}"
    everything = "\n".join(text for _, text in texts)
    lowered = everything.lower()
    assert "javascript:" not in lowered, f"{what}: a javascript: URL is shown"
    assert "file:/" not in lowered, f"{what}: a file: URL is shown"
    screenshot = screen.app.export_screenshot()
    assert not forbidden(screenshot.replace("\n", "")), f"{what}: screenshot holds controls"
    return everything


async def test_every_screen_shows_the_hostile_corpus_harmlessly(
    hostile_store, hostile, forbidden
) -> None:
    store = Store.open(hostile_store.path)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.snapshot.full_history)
        feed = app.screen.query_one(IncidentFeed)
        await wait_for(pilot, lambda: feed.option_count == len(hostile_store.incident_keys))
        await pilot.pause()

        main_text = assert_harmless(app.screen, forbidden, "main screen")
        # Markup in the corpus is shown as what it is: text.
        for literal in ("[@click=app.quit]x[/]", "[link=https://evil.example]x[/link]"):
            assert literal in main_text, f"{literal!r} is not shown literally"
        for literal in ("[/bold]", "[00]", "unclosed [/"):
            assert literal in main_text

        # The first page is opened as Enter opens it; each next one replaces the page before
        # (``switch_screen``), as popping back would draw the whole main screen again between
        # two pages: ~0.13 s a page at this size, a third of this test's time.
        for index, key in enumerate(hostile_store.incident_keys):
            if index == 0:
                app.main_screen.open_incident(key)
                await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
                await pilot.pause()
            else:
                await show_page(pilot, incident_screen(app.snapshot, key))
            text = assert_harmless(app.screen, forbidden, f"incident {key}")
            if key in hostile_store.imported_keys:
                assert REFUSED_LINK in text, f"incident {key}: its hostile link is not refused"

        for event_id in hostile_store.event_ids:
            await show_page(pilot, event_screen(app.snapshot, str(event_id)))
            text = assert_harmless(app.screen, forbidden, f"event {event_id}")
            assert REFUSED_LINK in text, f"event {event_id}: its hostile link is not refused"
        app.pop_screen()
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))

        for note in list(app.snapshot.notes)[:6]:
            app.main_screen.open_note(note)
            await wait_for(pilot, lambda: isinstance(app.screen, NoteScreen))
            await pilot.pause()
            assert_harmless(app.screen, forbidden, f"note #{note.id} (viewing)")
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))

        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert_harmless(app.screen, forbidden, "help screen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))

        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == len(store.sources()))
        await pilot.pause()
        assert_harmless(app.screen, forbidden, "sources screen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))

        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen))
        await pilot.pause()
        assert_harmless(app.screen, forbidden, "stats screen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert app.is_running


def _row_of(widget: OptionList, needle: str) -> int:
    for index in range(widget.option_count):
        if needle in (_plain(widget.get_option_at_index(index).prompt) or ""):
            return index
    raise AssertionError(f"{needle!r} is not in {widget.id}")


async def test_clicking_the_click_markup_does_not_quit(hostile_store, hostile) -> None:
    """``[@click=app.quit]`` in a title is inert wherever it is shown and clicked."""
    store = Store.open(hostile_store.path)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.snapshot.full_history)
        feed = app.screen.query_one(IncidentFeed)
        await wait_for(pilot, lambda: feed.option_count == len(hostile_store.incident_keys))
        await pilot.pause()
        row = _row_of(feed, hostile["click"])
        feed.scroll_to(y=max(0, row - 2), animate=False, immediate=True)
        await pilot.pause()
        y = row - int(feed.scroll_offset.y)
        assert 0 <= y < feed.size.height
        # Every column of the row: the literal "[@click=app.quit]x[/]" sits somewhere in it.
        for x in range(2, min(feed.size.width, 120), 3):
            await pilot.click(feed, offset=(x, y))
            if not isinstance(app.screen, MainScreen):
                break
        assert app.is_running and app.return_code is None
        if not isinstance(app.screen, DetailScreen):  # a click selects; Enter surely opens
            await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        title: Widget = app.screen.query_one(".detail-title")
        assert hostile["click"] in str(title.render())
        for x in range(0, min(title.size.width, 40)):
            await pilot.click(title, offset=(x, 0))
        for key in ("j", "k", "enter", "space", "tab"):
            await pilot.press(key)
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, DetailScreen)


async def test_notes_subject_of_every_selected_item_is_harmless(hostile_store, forbidden):
    """Moving the cursor over each incident and each timeline item keeps the screen clean."""
    store = Store.open(hostile_store.path)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.snapshot.full_history)
        screen = app.screen
        feed = screen.query_one(IncidentFeed)
        await wait_for(pilot, lambda: feed.option_count == len(hostile_store.incident_keys))
        subject = screen.query_one("#notes", NotesPane)
        bad: list[tuple[str, list[str], str]] = []
        for index in range(feed.option_count):
            feed.highlighted = index
            await pilot.pause()
            text = subject.header_text
            if kinds := forbidden(text):
                bad.append((f"feed row {index}", kinds, text[:80]))
        timeline = screen.query_one(TimelineView)
        timeline.focus()
        await pilot.pause()
        for position in range(timeline.visible_count):
            timeline.cursor = position
            await pilot.pause()
            text = subject.header_text
            if kinds := forbidden(text):
                bad.append((f"timeline item {position}", kinds, text[:80]))
        assert not bad, f"{len(bad)} selections put controls on screen, e.g. {bad[:4]}"
        assert_harmless(screen, forbidden, "main screen after walking every item")
