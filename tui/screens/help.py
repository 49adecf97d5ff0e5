"""The help screen: every key binding, read from the bindings themselves so it never drifts,
per pane and per screen, and what the glyphs mean."""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.widgets import Static

from ..widgets.keys_footer import KeysFooter
from ..widgets.legend import glyph_legend
from .page_keys import PageKeysScreen

PANE_KEYS = [
    ("Tab / Shift+Tab", "move between the Incidents, Timeline and Notes panes"),
    ("↑ ↓ / j k", "move in a list (no list wraps round from the last item to the first)"),
    ("PgUp PgDn", "move by a page"),
    ("Ctrl+D / Ctrl+U", "move by half a page"),
    ("Home / g g", "the first item (g alone: Go to date, on the main screen)"),
    ("End / G", "the last item"),
    ("Enter", "open the selected incident, event or note"),
    ("Escape", "go back; clear the timeline filter"),
    ("Ctrl+P", "command palette: every action by name, and the glyph legend"),
]
"""How to move, in words: the same keys in every list (the lists' bindings say it too)."""

ANY_PANE = "The panes' f g a n / work from any pane too; e d p act on the focused one's."

MAIN_SCREEN_GROUP = "Main screen, from any pane"
"""Lists only what the pane groups before it did not: their keys are the screen's, shown."""


Part = tuple[str, str] | str
"""A piece of Help's text: plain, or (text, style)."""

KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "plus": "+",
    "minus": "-",
    "equals_sign": "=",
    "greater_than_sign": ">",
    "less_than_sign": "<",
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "up": "↑",
    "down": "↓",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
}


def key_label(key: str) -> str:
    """A key as printed on the keyboard (``[`` rather than ``left_square_bracket``)."""
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key_label(key[5:]).upper()
    return key


def binding_key(binding: Binding) -> str:
    """A binding's keys as Help prints them: ``↑, k``."""
    return ", ".join(key_label(part.strip()) for part in binding.key.split(","))


def binding_groups(everywhere: list[Binding]) -> list[tuple[str, list[Binding]]]:
    """Every screen's and pane's bindings, by where they work; ``everywhere``: the app's.

    The panes come first, each with the keys its footer shows; the main screen's group then
    holds the keys that are not a pane's.
    """
    from ..widgets.incident_feed import IncidentFeed
    from ..widgets.notes import NoteList
    from ..widgets.option_rows import CursorRowOptionList
    from ..widgets.timeline import TimelineView
    from .detail import DetailScreen
    from .filter_form import FilterForm
    from .forms import ConfirmScreen, EventForm
    from .main import MainScreen
    from .main_keys import FeedFrame, NotesFrame, TimelineFrame
    from .note import NoteScreen
    from .sources import SourceForm, SourcesScreen
    from .stats import StatsScreen
    from .unsaved import UnsavedTextScreen

    groups: list[tuple[str, tuple[type[DOMNode], ...]]] = [
        ("Incidents pane", (IncidentFeed, CursorRowOptionList, FeedFrame)),
        ("Timeline pane", (TimelineView, TimelineFrame)),
        ("Notes pane", (NoteList, CursorRowOptionList, NotesFrame)),
        (MAIN_SCREEN_GROUP, (MainScreen,)),
        ("Detail screens", (DetailScreen,)),
        ("Note editor", (NoteScreen,)),
        ("Event form", (EventForm,)),
        ("Filter form", (FilterForm,)),
        ("Sources screen", (SourcesScreen,)),
        ("Add source form", (SourceForm,)),
        ("Stats screen", (StatsScreen,)),
        ("Confirmation", (ConfirmScreen,)),
        ("Quitting with unsaved note text", (UnsavedTextScreen,)),
        ("This help", (HelpScreen,)),
    ]
    return [("Everywhere", everywhere)] + [
        (name, [b for cls in classes for b in cls.BINDINGS if isinstance(b, Binding)])
        for name, classes in groups
    ]


def binding_rows(
    groups: list[tuple[str, list[Binding]]], once: frozenset[str] = frozenset()
) -> list[tuple[str, str, str]]:
    """(group, key, description) for every binding with a description, once per group.

    A group named in ``once`` leaves out what an earlier group listed (the main screen's
    keys that a pane's footer shows are listed with that pane).
    """
    rows: list[tuple[str, str, str]] = []
    seen_before: set[tuple[str, str]] = set()
    for group, bindings in groups:
        seen = set(seen_before) if group in once else set()
        for binding in bindings:
            key = binding_key(binding)
            if not binding.description or (key, binding.description) in seen:
                continue
            seen.add((key, binding.description))
            rows.append((group, key, binding.description))
        seen_before |= seen
    return rows


def help_text(binding: Binding) -> str:
    """What Help says a key does: its longer tooltip when it has one (a footer label is short)."""
    return binding.tooltip or binding.description


def shadowing(groups: list[tuple[str, list[Binding]]]) -> dict[str, list[str]]:
    """For each key of the first group (the app's), the groups that use it for another thing.

    On the Sources screen ``t`` tests a source: Help must not say ``t`` is Stats there.
    """
    app_group, *others = groups
    found: dict[str, list[str]] = {}
    for app_binding in app_group[1]:
        keys = {part.strip() for part in app_binding.key.split(",")}
        where: dict[str, list[str]] = {}  # what the key does instead -> the groups
        for group, bindings in others:
            for binding in bindings:
                action = binding.action.removeprefix("app.")
                if action != app_binding.action and keys & {
                    part.strip() for part in binding.key.split(",")
                }:
                    where.setdefault(binding.description, []).append(group)
                    break
        if where:
            found[binding_key(app_binding)] = [
                f"{does} on: {', '.join(names)}" for does, names in where.items()
            ]
    return found


class HelpScreen(PageKeysScreen):
    """Lists the keys of the app, the main screen and the panes."""

    PAGE_BODY = "#help-body"

    BINDINGS = [
        Binding("escape,q,question_mark", "app.pop_screen", "Back"),
        # j and k scroll, as the keys above promise ("move in a list"); no footer entry.
        Binding("j", "scroll_body(1)", show=False),
        Binding("k", "scroll_body(-1)", show=False),
    ]

    def __init__(self, groups: list[tuple[str, list[Binding]]], show_legend: bool = False) -> None:
        super().__init__()
        self.groups = groups
        self.show_legend = show_legend
        """Open scrolled to the glyph legend (the palette's "Legend" entry)."""
        self._drawn_width = 0

    def compose(self) -> ComposeResult:
        self._drawn_width = self.app.size.width
        # The width a description has beside its key (borders, padding and the scrollbar off).
        width = max(24, self._drawn_width - KEY_COLUMN - 6)
        with VerticalScroll(id="help-body"):
            yield Static(keys_content(self.groups, width), markup=False)
            yield Static(legend_content(width), id="legend", markup=False)
        yield KeysFooter()

    def on_resize(self) -> None:
        if self.app.size.width != self._drawn_width:
            self.refresh(recompose=True)

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
        if self.show_legend:
            self.call_after_refresh(
                self.query_one("#help-body").scroll_to_widget,
                self.query_one("#legend"),
                animate=False,
                top=True,
            )

    def action_scroll_body(self, lines: int) -> None:
        # immediate: a deferred scroll starts from where the last one began, so keys that
        # come faster than the screen refreshes would be lost
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_relative(y=lines, animate=False, immediate=True)


KEY_COLUMN = 24
"""Cells before a description: two of margin and the key, padded."""


def row(key: str, text: str, width: int, key_column: int = KEY_COLUMN) -> list[Part]:
    """A key and what it does, the text wrapped under itself (not under the key)."""
    wrapped = textwrap.wrap(text, width) or [""]
    indent = " " * key_column
    return [(f"  {key:<{key_column - 2}}", "bold"), "\n".join(wrapped).replace("\n", "\n" + indent)]


def keys_content(groups: list[tuple[str, list[Binding]]], width: int) -> Content:
    """Every key, by where it works: how to move, then the app's, the panes', each screen's."""
    lines: list[Part] = [("whalewatch — keys\n\n", "bold $accent")]
    lines.append(("Moving around (every list)\n", "bold"))
    for key, text in PANE_KEYS:
        lines += [*row(key, text, width), "\n"]
    texts = {(name, binding_key(b), b.description): help_text(b) for name, bs in groups for b in bs}
    elsewhere = shadowing(groups)
    current = None
    for group, key, description in binding_rows(groups, frozenset({MAIN_SCREEN_GROUP})):
        if group != current:
            heading = group
            if group == "Everywhere":
                heading = "Everywhere, unless a screen uses the key for its own"
            lines.append((f"\n{heading}\n", "bold"))
            if group == MAIN_SCREEN_GROUP:
                lines.append((f"  {ANY_PANE}\n", "$text-muted"))
            current = group
        text = texts.get((group, key, description), description)
        if group == "Everywhere" and key in elsewhere:
            text += "; " + "; ".join(elsewhere[key])
        lines += [*row(key, text, width), "\n"]
    return Content.assemble(*lines)


def legend_content(width: int) -> Content:
    """The glyph legend, as Help shows it under the keys."""
    lines: list[Part] = [("\nWhat the glyphs mean\n", "bold $accent")]
    for section, glyphs in glyph_legend():
        lines.append((f"\n{section}\n", "bold"))
        for glyph, meaning in glyphs:
            lines += [*row(glyph, meaning, width + KEY_COLUMN - 8, 8), "\n"]
    return Content.assemble(*lines)
