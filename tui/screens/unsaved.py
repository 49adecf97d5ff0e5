"""Asked on quit when the store refused some note text: where should that text go?

The dashboard never quits silently over text it could not save. This modal says how many
notes are unsaved and why, and offers what keeps the text: write it to a file in the user's
state directory, print it when the dashboard has quit, retry now, or go back (the writer
keeps retrying). Its answer is one of :data:`CHOICES`; the app acts on it.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..text import clean_line
from ..unsaved import UnsavedNote, rescue_directory, unsaved_summary
from ..widgets.keys_footer import KeysFooter

CHOICES = ("write", "print", "retry", "back")


class UnsavedTextScreen(ModalScreen[str]):
    """The refused notes, and the four ways out; dismissed with one of :data:`CHOICES`."""

    BINDINGS = [
        Binding("w", "choose('write')", "Write to a file & quit"),
        Binding("p", "choose('print')", "Quit & print"),
        Binding("r", "choose('retry')", "Retry now"),
        Binding("escape", "choose('back')", "Back"),
    ]

    DEFAULT_CSS = """
    UnsavedTextScreen { align: center middle; }
    UnsavedTextScreen > Vertical {
        width: 90%; max-width: 100; height: auto; max-height: 90%;
        border: thick $error; background: $surface; padding: 0 1;
    }
    UnsavedTextScreen .unsaved-title { text-style: bold; color: $error; }
    """

    def __init__(self, unsaved: Sequence[UnsavedNote]) -> None:
        super().__init__()
        self.unsaved = tuple(unsaved)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content(clean_line(unsaved_summary(self.unsaved), 400)), classes="unsaved-title"
            )
            for item in self.unsaved[:8]:
                first = item.text.strip().splitlines()[0] if item.text.strip() else ""
                yield Static(Content(clean_line(f"• {item.description}: {first}", 200)))
            if len(self.unsaved) > 8:
                yield Static(Content(f"… and {len(self.unsaved) - 8} more"))
            yield Static(
                Content(
                    clean_line(
                        "Their text is kept in memory and retried. w writes it to a file in "
                        f"{rescue_directory()} and quits; p quits and prints it; r retries "
                        "now; Esc goes back.",
                        600,
                    )
                )
            )
        yield KeysFooter()

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
