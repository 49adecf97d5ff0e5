"""Note text the store refused: kept in memory, and handed back to the user when quitting.

A full disk or a read-only store makes a note save fail. The text must outlive the editor
that held it (the user may press Escape) and the session (the user may quit): the writer
keeps each refused text as an :class:`UnsavedNote` and retries it, and on quit whatever is
still refused is written to a file in the user's state directory (not in the store, which is
what refused it) or printed, never dropped. Nothing here knows of Textual.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from .domain import Note
from .domain.values import utcnow
from .text import clean_text, counted


class UnsavedNote(NamedTuple):
    """One note's text that did not reach the store, and why."""

    text: str
    note: Note | None  # None: a new note, created by the save that succeeds
    target: tuple[str, str]
    target_label: str
    error: str

    @property
    def description(self) -> str:
        """``note #4 on incident: API outage``, ``new note``: which note this text is."""
        what = f"note #{self.note.id}" if self.note else "new note"
        return f"{what} on {self.target_label}" if self.target[0] else what


def rescue_directory() -> Path:
    """Where refused note text goes on quit: the user's state directory, beside no store.

    ``WHALEWATCH_RESCUE_DIR`` overrides it (the tests, or a user whose home is the full disk).
    """
    override = os.environ.get("WHALEWATCH_RESCUE_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_state_dir

    return Path(user_state_dir("whalewatch", appauthor=False)) / "unsaved-notes"


def rescue_document(unsaved: Sequence[UnsavedNote]) -> str:
    """The refused texts as one Markdown document, each under a heading naming its item."""
    parts = []
    for item in unsaved:
        parts.append(
            f"<!-- {item.description}; not saved: {item.error} -->\n\n{item.text.rstrip()}\n"
        )
    return "\n---\n\n".join(parts)


def write_rescue_file(unsaved: Sequence[UnsavedNote], now: datetime | None = None) -> Path:
    """Write the refused texts to a new file in :func:`rescue_directory`; OSError if it can't.

    The file is created exclusively (never over an earlier rescue) and fsynced: it is the
    only copy of the text.
    """
    directory = rescue_directory()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = (now or utcnow()).strftime("%Y%m%dT%H%M%SZ")
    data = rescue_document(unsaved).encode("utf-8")
    for attempt in range(100):
        path = directory / f"notes-{stamp}{f'-{attempt}' if attempt else ''}.md"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        return path
    raise OSError(f"no free file name in {directory}")


def unsaved_summary(unsaved: Sequence[UnsavedNote]) -> str:
    """One line: how many texts the store refused, and its (first) reason."""
    return f"{counted(len(unsaved), 'note')} could not be saved in the store: {unsaved[0].error}"


def exit_report(
    unsaved: Sequence[UnsavedNote], rescued: Path | None, tried_file: bool = True
) -> str:
    """What the terminal shows after the dashboard quit with refused text.

    Where the text was written; or, when no file could be written either (or the user chose
    to have it printed, ``tried_file=False``), the text itself (cleaned of control
    sequences: it goes to the terminal).
    """
    head = f"whalewatch: {unsaved_summary(unsaved)}."
    if rescued is not None:
        return f"{head}\nTheir text is in {rescued}"
    body = clean_text(rescue_document(unsaved), limit=10_000_000)
    why = "No file could be written either; here" if tried_file else "Here"
    return f"{head}\n{why} is their text:\n\n{body}"
