"""A copy of what the first screen shows, so that start-up does not grow with the history.

After each full read of the store the app writes ``first-screen.json``: the recent incidents
and events, the notes and the configuration it showed, as plain store documents, beside the
stat signature (inode, mtime, size) of every data file they were read from. The next start
shows that copy at once when every signature still matches, and skips re-validating the
files it vouches for; the full read follows in the background as always.

It is only ever a cache: a missing, damaged, older or mismatched copy is ignored (start-up
then reads the store itself), nothing is ever written back from it, and a signature only
counts once its mtime was safely in the past when the copy was written (the rule the
DataFile cache follows), since an atomic replace can reuse an inode within one tick of a
coarse clock.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import atomic_write_bytes

FILE_NAME = "first-screen.json"
FORMAT = 1
RACY_NANOSECONDS = 2_000_000_000

Signature = tuple[int, int, int]

DOCUMENT_FILES = {
    "platforms": ("config.json",),
    "sources": ("config.json",),
    "health": ("health.json",),
    "events": ("events.json",),
    "notes": ("notes.json",),
}
"""The file each kind of document is read from; incidents come from every INCIDENT_FILES."""
INCIDENT_FILES = "incidents/"


@dataclass(frozen=True)
class FirstScreen:
    """The copy as read from disk: the signatures it was taken at, and its documents."""

    schema: int
    written_ns: int
    files: dict[str, Signature | None]
    documents: dict[str, Any]

    def trusted(self, label: str, current: Signature | None) -> bool:
        """True when ``label`` is unchanged since a moment it was known to read correctly."""
        if label not in self.files:
            return False
        recorded = self.files[label]
        if recorded is None:  # absent then (health.json before any poll), and absent now
            return current is None
        return recorded == current and self.written_ns - recorded[1] > RACY_NANOSECONDS

    def reusable(self, current: dict[str, Signature | None], schema: int) -> dict[str, Any]:
        """The documents still true of the store: those whose every source file is unchanged.

        When another program wrote to the store (a ``whalewatch poll --once`` from cron, say)
        the incidents and health have changed, but the events and notes usually have not: the
        next start reads only what changed, not the whole events file.
        """
        if schema != self.schema:
            return {}
        incident_files = {x for x in (*current, *self.files) if x.startswith(INCIDENT_FILES)}
        sources = {**DOCUMENT_FILES, "incidents": incident_files}
        return {
            name: self.documents[name]
            for name, labels in sources.items()
            if name in self.documents and all(self.trusted(x, current.get(x)) for x in labels)
        }

    def matches(self, current: dict[str, Signature | None], schema: int) -> bool:
        """True when the store holds exactly the files the copy was taken from, unchanged."""
        return (
            schema == self.schema
            and set(current) == set(self.files)
            and all(self.trusted(label, signature) for label, signature in current.items())
        )


def read_first_screen(root: Path) -> FirstScreen | None:
    """The copy in store ``root``, or ``None`` when there is none that can be used."""
    try:
        data = json.loads((root / FILE_NAME).read_bytes())
        if data.get("format") != FORMAT:
            return None
        files = {
            str(label): None if s is None else (int(s[0]), int(s[1]), int(s[2]))
            for label, s in data["files"].items()
        }
        documents = data["documents"]
        if not isinstance(documents, dict):
            return None
        return FirstScreen(int(data["schema"]), int(data["written_ns"]), files, documents)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def write_first_screen(
    root: Path, schema: int, files: dict[str, Signature | None], documents: dict[str, Any]
) -> None:
    """Replace the copy atomically (``None`` records a file that does not exist)."""
    payload = {
        "format": FORMAT,
        "schema": schema,
        "written_ns": time.time_ns(),
        "files": files,
        "documents": documents,
    }
    atomic_write_bytes(root / FILE_NAME, json.dumps(payload, ensure_ascii=False).encode())


def discard_first_screen(root: Path) -> None:
    try:
        (root / FILE_NAME).unlink()
    except OSError:
        pass
