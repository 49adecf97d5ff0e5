"""The notes pane: the notes attached to the selected item, or every note."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..domain import Note
from .line_runs import line_strip
from .option_rows import CursorRowOptionList
from .text import clean_line, fit_cells


def notes_matching(notes: Iterable[Note], query: str) -> list[Note]:
    """Notes whose text holds every word of ``query``; ``#tag`` words must be tags of the note."""
    words = query.lower().split()
    found = []
    for note in notes:
        text = note.text.lower()
        tags = set(note.tags)
        if all(
            (word[1:] in tags) if word.startswith("#") and len(word) > 1 else (word in text)
            for word in words
        ):
            found.append(note)
    return found


SEARCH_PREFIX = "matching "
"""A subject that starts so is a search, not an item: "Notes matching "#api"", not "on"."""


def notes_header(subject: str) -> str:
    """The pane's first line: "Notes on <the selected item>" or "Notes matching <a search>"."""
    subject = clean_line(subject, 200)
    if subject == "all notes":
        return "All notes"
    return f"Notes {subject}" if subject.startswith(SEARCH_PREFIX) else f"Notes on {subject}"


HEADER_LEAD = len("Notes on incident: ")
"""The header's first cells, drawn apart from the rest (see :class:`SubjectPart`)."""


def notes_header_parts(subject: str) -> tuple[str, str]:
    """The header cut after :data:`HEADER_LEAD` cells: the words that stay while the cursor
    moves ("Notes on incident: "), and the rest, which follows it."""
    header = notes_header(subject)
    cells = 0
    for position, character in enumerate(header):
        cells += cell_len(character)
        if cells > HEADER_LEAD:
            return header[:position], header[position:]
    return header, ""


def note_prompt(note: Note, show_target: bool, target_name: str = "") -> Content:
    """A note row: pin, title, tags, what it is attached to, when it was last changed.

    ``target_name`` says what the note is on in words ("incident: API outage"); without it
    the row names it by its id.
    """
    when = note.updated_at.strftime("%Y-%m-%d %H:%M") if note.updated_at else ""
    parts: list[tuple[str, str] | str] = [
        ("📌 " if note.pinned else "  ", ""),
        (clean_line(note.title, 120), "bold"),
    ]
    # Tags the title already shows (a note whose first line is "#outage #api") are not repeated.
    if tags := note.tags_beside_title:
        parts.append(("  " + " ".join(f"#{tag}" for tag in tags), "$accent"))
    if show_target and note.target:
        parts.append((f"  → {clean_line(target_name or note.target, 60)}", "$text-muted"))
    parts.append((f"  {when}", "$text-muted"))
    return Content.assemble(*parts)


class SubjectPart(Widget):
    """One part of the pane's header line, which changes on every cursor move elsewhere.

    The header is two of these side by side, read as one line: its first
    :data:`HEADER_LEAD` cells ("Notes on incident: ", as wide whatever it says: no layout
    pass) and the rest. A terminal is sent a changed line from the left edge of the widget
    that changed, so a new title does not resend the words before it; and a part repaints
    only up to the end of the longer of its old and new text, not the blank rest of the
    line. Each part draws its one line itself (the line API): it is repainted on every key,
    and a Static's text took three times as long to draw.
    """

    DEFAULT_CSS = "SubjectPart { height: 1; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self._style: Style | None = None
        """The resolved style, kept until the styles change (``rich_style`` walks every
        ancestor, on every key)."""

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None

    def show(self, text: str) -> None:
        if text == self.text:
            return
        changed = max(cell_len(self.text), cell_len(text))
        self.text = text
        width = self.size.width
        if width and changed:
            self.refresh(Region(0, 0, min(changed, width), 1))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self._style is None:
            self._style = self.rich_style
        style = self._style
        text = fit_cells("" if y else self.text, width)  # cut as the lists' rows are
        return line_strip([(text, style)], width, style)  # text and blanks: one run


class NoteList(CursorRowOptionList):
    BINDINGS = [
        Binding("k", "cursor_up", "Up", show=False),
        Binding("j", "cursor_down", "Down", show=False),
    ]


class NotesPane(Vertical, can_focus=False):
    """Shows ``notes`` (already chosen by the screen) under a line saying whose notes they are."""

    DEFAULT_CSS = f"""
    NotesPane {{
        layout: grid;
        grid-size: 2;
        grid-columns: {HEADER_LEAD + 1} 1fr;
        grid-rows: 1 1fr;
    }}
    NotesPane > #notes-subject-lead {{ padding-left: 1; }}
    NotesPane > #notes-subject-name {{ padding-right: 1; }}
    NotesPane > #note-list {{ column-span: 2; }}
    """
    """The header's two parts side by side (the lead as wide as :data:`HEADER_LEAD` and its
    padding), the list below them across both columns."""

    # repaint=False: the watchers update the children, which repaint themselves; a repaint of
    # the whole pane would resend its every line on each cursor move in another pane.
    notes: reactive[list[Note]] = reactive(list, always_update=True, repaint=False)
    subject: reactive[str] = reactive("all notes", repaint=False)

    class Opened(Message):
        def __init__(self, note: Note) -> None:
            super().__init__()
            self.note = note

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[bool, tuple[Note, ...]] | None = None
        """What the list shows now: whether targets are shown, and the notes."""
        self.target_names: dict[str, str] = {}
        """What each ``Note.target`` is, in words, for the rows that say it (set before notes)."""

    def compose(self) -> ComposeResult:
        # A grid (DEFAULT_CSS): the header's two parts side by side above the list, with no
        # container of their own (each widget on the screen costs every frame a visit).
        yield SubjectPart(id="notes-subject-lead")
        yield SubjectPart(id="notes-subject-name")
        yield NoteList(id="note-list")

    @property
    def header_text(self) -> str:
        """The header line, as it reads."""
        return "".join(part.text for part in self.query(SubjectPart))

    def on_mount(self) -> None:
        self.watch_subject(self.subject)
        self.watch_notes(self.notes)

    @property
    def selected(self) -> Note | None:
        option_list = self.query_one(NoteList)
        option = option_list.highlighted_option
        if option is None or option.id is None:
            return None
        return next((n for n in self.notes if str(n.id) == option.id), None)

    def watch_subject(self, subject: str) -> None:
        if not self.is_mounted:
            return  # on_mount shows it once the children exist
        # The subject names an item whose title may come from anywhere: clean it.
        lead, name = notes_header_parts(subject)
        self.query_one("#notes-subject-lead", SubjectPart).show(lead)
        self.query_one("#notes-subject-name", SubjectPart).show(name)

    def watch_notes(self, notes: list[Note]) -> None:
        if not self.is_mounted:
            return
        # Most cursor moves go from an item without notes to another one: the list would be
        # rebuilt and redrawn to show the same lines, bytes sent over SSH for nothing.
        # Notes from anywhere (all of them, a search's) say what they are on.
        show_target = self.subject == "all notes" or self.subject.startswith(SEARCH_PREFIX)
        shown = (show_target, tuple(notes))
        if shown == self._shown:
            return
        self._shown = shown
        option_list = self.query_one(NoteList)
        keep = option_list.highlighted_option.id if option_list.highlighted_option else None
        if notes:
            option_list.set_options(
                option_list.row(
                    note_prompt(note, show_target, self.target_names.get(note.target, "")),
                    str(note.id),
                )
                for note in notes
            )
            ids = [str(n.id) for n in notes]
            option_list.highlighted = ids.index(keep) if keep in ids else 0
        else:
            option_list.set_options(
                [Option(Content("No notes here yet: press n to write one."), disabled=True)]
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        note = self.selected
        if note is not None:
            self.post_message(self.Opened(note))
