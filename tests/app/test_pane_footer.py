"""Discovering keys and glyphs: the footer shows the focused pane's keys, Help says what each
key does per screen, and a legend (Help, and the command palette) explains every glyph."""

from __future__ import annotations

import pytest
from textual.command import CommandList
from textual.widgets import Static

from tests.app.conftest import settle, wait_for
from tests.app.test_keys_footer import drawn_keys
from tui.screens.help import HelpScreen

PANE_FOOTERS = {
    "#incident-feed": ["⏎ Open", "n Note", "/ Search"],
    "#timeline": ["f Filter", "g Date", "a Add", "e Edit", "d Delete"],
    "#note-list": ["⏎ Open", "n Note", "e Edit", "p Pin", "d Delete"],
}
"""What each pane's footer must show first (the app's keys follow)."""

GLYPHS = "● ▲ △ ◆ ? ! ~ ✔ ▶ $ ★ ☻ ⚙ ✖".split()
"""The glyphs the user found unexplained."""


def footer_keys(app) -> list[str]:
    """The footer's keys as drawn (none cut at the right, see ``drawn_keys``), the command
    palette's last when it is drawn."""
    keys, palette = drawn_keys(app)
    return [*keys, "^p Commands"] if palette else keys


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_footer_shows_the_focused_panes_keys(demo_app, size) -> None:
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        seen = {}
        for pane in PANE_FOOTERS:
            demo_app.screen.query_one(pane).focus()
            await pilot.pause()
            keys = footer_keys(demo_app)
            seen[pane] = keys
            assert keys[: len(PANE_FOOTERS[pane])] == PANE_FOOTERS[pane], keys
            assert "? Help" in keys and "q Quit" in keys
        # Each pane's keys are its own: the feed's footer has no timeline editing.
        assert "f Filter" not in seen["#incident-feed"]
        assert "p Pin" not in seen["#timeline"] and "⏎ Open" not in seen["#timeline"]
        assert "f Filter" not in seen["#note-list"]
        if size[0] >= 100:
            assert all("^p Commands" in keys for keys in seen.values())


async def test_the_timelines_footer_keys_work_where_they_are_shown(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "f")
        await pilot.pause()
        assert demo_app.screen.__class__.__name__ == "FilterForm"


async def help_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("#help-body Static"))


async def test_help_says_per_screen_what_an_app_key_does(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = await help_text(demo_app)
    lines = [line.strip() for line in text.splitlines()]
    stats = next(line for line in lines if line.startswith("t ") and "Stats" in line)
    assert "Test once on: Sources screen" in stats
    start = next(n for n, line in enumerate(lines) if line.startswith("q ") and "Quit" in line)
    end = next(n for n in range(start + 1, len(lines)) if lines[n].startswith("? "))
    quit_entry = " ".join(lines[start:end])  # its description wraps under itself at 80 columns
    assert "Back on: " in quit_entry and "Sources screen" in quit_entry
    sources = text[text.index("\nSources screen\n") :]
    assert "Test once" in sources.split("\n\n")[0]
    for pane in ("Incidents pane", "Timeline pane", "Notes pane"):
        assert f"\n{pane}\n" in text
    for words in ("G ", "Ctrl+D", "Ctrl+U", "g g", "Go to date"):
        assert words in text


async def test_help_explains_every_glyph(demo_app) -> None:
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        legend = str(demo_app.screen.query_one("#legend", Static).render())
    rows = [line.split(maxsplit=1) for line in legend.splitlines() if line.startswith("  ")]
    explained = {glyph: meaning for glyph, meaning in (row for row in rows if len(row) == 2)}
    for glyph in GLYPHS:
        assert len(explained.get(glyph, "")) >= 3, f"{glyph} is not explained"
    assert "critical" in explained["◆"] and "investigating" in explained["?"]
    assert "change" in explained["▶"] and "unread" in explained["●"]


async def test_the_palettes_legend_entry_opens_help_at_the_legend(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Legend")
        hits = demo_app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: hits.option_count > 0 and hits.highlighted is not None)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(demo_app.screen, HelpScreen))
        body = demo_app.screen.query_one("#help-body")
        legend = demo_app.screen.query_one("#legend")
        # The legend's title is in view, not below the keys.
        await wait_for(pilot, lambda: body.scroll_offset.y > 0)
        assert body.region.y <= legend.region.y < body.region.bottom
