"""The help screen: every key binding, read from the bindings themselves so it never drifts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Footer, Static

PANE_KEYS = [
    ("Tab / Shift+Tab", "move between the Incidents, Timeline and Notes panes"),
    ("↑ ↓ / j k", "move in a list"),
    ("PgUp PgDn Home End", "move by page, to the first or last item"),
    ("Enter", "open the selected incident, event or note"),
    ("Escape", "go back; clear the timeline filter"),
    ("Ctrl+P", "command palette: every action by name"),
]


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


def binding_groups(everywhere: list[Binding]) -> list[tuple[str, list[Binding]]]:
    """Every screen's and pane's bindings, by where they work; ``everywhere``: the app's."""
    from ..widgets.incident_feed import IncidentFeed
    from ..widgets.notes import NoteList
    from ..widgets.timeline import TimelineView
    from .detail import DetailScreen
    from .filter_form import FilterForm
    from .forms import ConfirmScreen, EventForm
    from .main import MainScreen
    from .note import NoteScreen
    from .sources import SourceForm, SourcesScreen
    from .stats import StatsScreen

    groups: list[tuple[str, type[DOMNode]]] = [
        ("Main screen", MainScreen),
        ("Timeline", TimelineView),
        ("Incident feed", IncidentFeed),
        ("Notes pane", NoteList),
        ("Detail screens", DetailScreen),
        ("Note editor", NoteScreen),
        ("Event form", EventForm),
        ("Filter form", FilterForm),
        ("Sources screen", SourcesScreen),
        ("Add source form", SourceForm),
        ("Stats screen", StatsScreen),
        ("Confirmation", ConfirmScreen),
        ("This help", HelpScreen),
    ]
    return [("Everywhere", everywhere)] + [
        (name, [b for b in cls.BINDINGS if isinstance(b, Binding)]) for name, cls in groups
    ]


def binding_rows(groups: list[tuple[str, list[Binding]]]) -> list[tuple[str, str, str]]:
    """(group, key, description) for every binding with a description, deduplicated."""
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for group, bindings in groups:
        for binding in bindings:
            if not binding.description:
                continue
            key = ", ".join(key_label(part.strip()) for part in binding.key.split(","))
            if (key, binding.description) in seen:
                continue
            seen.add((key, binding.description))
            rows.append((group, key, binding.description))
    return rows


class HelpScreen(Screen):
    """Lists the keys of the app, the main screen and the panes."""

    BINDINGS = [
        Binding("escape,q,question_mark", "app.pop_screen", "Back"),
        # j and k scroll, as the keys above promise ("move in a list"); no footer entry.
        Binding("j", "scroll_body(1)", show=False),
        Binding("k", "scroll_body(-1)", show=False),
    ]

    def __init__(self, groups: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        lines: list[tuple[str, str] | str] = [("whalewatch — keys\n\n", "bold $accent")]
        lines.append(("Moving around\n", "bold"))
        for key, text in PANE_KEYS:
            lines.append((f"  {key:<22}", "bold"))
            lines.append(f"{text}\n")
        current = None
        for group, key, description in binding_rows(self.groups):
            if group != current:
                lines.append((f"\n{group}\n", "bold"))
                current = group
            lines.append((f"  {key:<22}", "bold"))
            lines.append(f"{description}\n")
        with VerticalScroll(id="help-body"):
            yield Static(Content.assemble(*lines), markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_scroll_body(self, lines: int) -> None:
        # immediate: a deferred scroll starts from where the last one began, so keys that
        # come faster than the screen refreshes would be lost
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_relative(y=lines, animate=False, immediate=True)
