"""The footer on every screen: whole keys only, the palette's key only where it has room."""

from __future__ import annotations

import pytest

from tests.app.conftest import settle, wait_for
from tui.screens.detail import DetailScreen
from tui.screens.help import HelpScreen
from tui.screens.sources import SourcesScreen
from tui.screens.stats import StatsScreen
from tui.widgets.keys_footer import PALETTE_KEY, KeysFooter


def drawn_keys(app) -> tuple[list[str], bool]:
    """The footer's keys as drawn, asserting none is cut or under the palette's key; and
    whether the palette's key is drawn."""
    footer = app.screen.query_one(KeysFooter)
    keys, palette = [], None
    for key in footer.query("FooterKey"):
        if key.has_class("-command-palette"):
            palette = key
        else:
            keys.append(key)
    right = palette.region.x if palette is not None else app.size.width
    if palette is not None:
        assert palette.region.right <= app.size.width
        assert palette.region.width == PALETTE_KEY, "PALETTE_KEY is not the key's width"
    texts = []
    for key in keys:
        text = str(key.render()).strip()
        assert key.region.width and key.region.right <= right, f"{text!r} is cut or hidden"
        texts.append(text)
    return texts, palette is not None


async def walk(pilot) -> dict[str, tuple[list[str], bool]]:
    """The footer of each screen and pane a user reaches from the main screen."""
    app = pilot.app
    seen = {}
    for pane in ("incident feed", "timeline", "notes"):
        seen[pane] = drawn_keys(app)
        await pilot.press("tab")
        await pilot.pause()
    for key, screen in (("s", SourcesScreen), ("t", StatsScreen), ("question_mark", HelpScreen)):
        await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(app.screen, screen))  # noqa: B023
        await pilot.pause()
        seen[screen.__name__] = drawn_keys(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, screen))  # noqa: B023
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
    await pilot.pause()
    seen["detail"] = drawn_keys(app)
    await pilot.press("escape")
    return seen


@pytest.mark.parametrize("size", [(80, 24), (160, 40)])
async def test_every_screen_shows_whole_keys_and_the_palette_where_it_fits(demo_app, size) -> None:
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        seen = await walk(pilot)
    for where, (keys, palette) in seen.items():
        assert keys, f"{where}: no keys"
        assert "? Help" in keys or where == "HelpScreen", f"{where}: {keys}"
        if size[0] >= 160:
            assert palette, f"{where}: no palette key at {size[0]} columns: {keys}"
    if size[0] == 80:
        # The sources screen has more keys than 80 columns: the last ones are left out
        # whole, and the palette's key with them; the feed's keys leave it room.
        sources, palette = seen["SourcesScreen"]
        assert not palette and "s Sources" not in sources and "r Reload" in sources
        assert seen["incident feed"][1]


async def test_a_resize_shows_the_keys_that_fit_now(demo_app) -> None:
    async with demo_app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(demo_app.screen, SourcesScreen))
        await pilot.pause()
        wide, palette = drawn_keys(demo_app)
        assert palette and wide[-1] == "s Sources", wide
        await pilot.resize_terminal(60, 24)
        await wait_for(pilot, lambda: len(drawn_keys(demo_app)[0]) < len(wide))
        narrow, palette = drawn_keys(demo_app)
        assert not palette and narrow == wide[: len(narrow)]
        await pilot.resize_terminal(160, 40)
        await wait_for(pilot, lambda: drawn_keys(demo_app) == (wide, True))


def footer_keys(app) -> list:
    """The footer's key widgets on the screen shown (the same objects while not rebuilt)."""
    return list(app.screen.query_one(KeysFooter).query("FooterKey"))


async def test_the_keys_are_built_again_only_when_what_they_show_changes(demo_app) -> None:
    """A page opened and closed leaves the main screen's footer as it was (Textual's footer
    built it again twice, and the page's four times, for the same keys); a pane with other
    keys still shows its own, and so does the timeline after a field that showed none."""
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = footer_keys(demo_app)
        texts = drawn_keys(demo_app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(demo_app.screen, DetailScreen))
        await settle(pilot)
        page = footer_keys(demo_app)
        page_texts = drawn_keys(demo_app)
        assert page and page_texts != texts
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(demo_app.screen, DetailScreen))
        await settle(pilot)
        assert footer_keys(demo_app) == before and drawn_keys(demo_app) == texts
        # Another pane, other keys: built again, and what it shows is that pane's.
        await pilot.press("tab")
        await settle(pilot)
        assert footer_keys(demo_app) != before and drawn_keys(demo_app) != texts
        timeline = drawn_keys(demo_app)
        # A field that shows no key but the palette's, then the timeline's keys again.
        await pilot.press("g")
        await settle(pilot)
        assert drawn_keys(demo_app)[0] != timeline[0]
        await pilot.press(*"2023-03-06", "enter")
        await settle(pilot)
        assert drawn_keys(demo_app) == timeline
        await pilot.press("shift+tab")
        await settle(pilot)
        assert drawn_keys(demo_app) == texts
