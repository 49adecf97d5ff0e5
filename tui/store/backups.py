"""Backups of one store file (the recovery of a damaged file from them is :mod:`.recovery`).

A precious file (the user's own data) gets a rolling backup of its last good version before a
write, at most one per interval; any file gets a tagged backup before a migration rewrites
it. A damaged file is never deleted: recovery keeps it aside (``<name>.damaged-<time>``) and
puts the newest backup that still reads correctly in its place, with every record that can
still be read in the damaged file put back into it (:mod:`tui.store.salvage`).

Rolling backups alone lost up to ten minutes of notes. So the precious files and the incident
months also keep their *previous generation*: before a write replaces the file, the version it
replaces gets a second name in the backups folder (``<name>.<time>-previous.json``), a hard
link, which costs no copy however big the month (a copy where links are not possible).
Writes always replace a file, never change it in place, so the link holds that version
unchanged. A damaged file therefore loses at most its last write, and of that write only what
cannot be read in the damaged file; the message says which records those are. This was chosen
over a journal of note writes: one mechanism for every file, nothing to replay or compact,
and a month of polled history gets the same way back as the notes.
"""

from __future__ import annotations

import os
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from .atomic import atomic_write_bytes, read_regular_file

BACKUP_INTERVAL_SECONDS = 600
BACKUPS_KEPT = 10
"""The newest rolling backups kept of each precious file (at most one per interval)."""
DAILY_BACKUPS_KEPT = 7
"""Beyond those, the newest backup of each of this many earlier days is kept too."""
TAGGED_BACKUPS_KEPT = 10
"""Backups taken before a migration are kept apart from the rolling ones, this many."""
PREVIOUS = "previous"
"""The tag of a previous-generation backup."""
PREVIOUS_KEPT = 2
"""Previous generations kept of each file: the one before the last write, and one more in
case that one is damaged too."""
DAMAGED_MARK = ".damaged-"
_STAMP_RE = re.compile(r"\d{8}T\d{12}Z")


def timestamp() -> str:
    """Now, as the UTC stamp in backup and damaged-file names (sorts as text)."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def reason_of(error: OSError) -> str:
    return error.strerror or str(error)


class Backup(NamedTuple):
    """One backup file: ``<name>.<UTC timestamp>[-<tag>].json`` in the store's backups folder."""

    path: Path
    stamp: str
    tag: str

    @property
    def day(self) -> str:
        return self.stamp[:8]


class FileBackups:
    """The backups of one file, named ``name``, in ``folder`` (``None``: never backed up)."""

    def __init__(self, folder: Path | None, name: str, precious: bool) -> None:
        self.folder = folder
        self.name = name
        self.precious = precious

    def list(self) -> list[Backup]:
        """This file's backups, newest first."""
        if self.folder is None:
            return []
        prefix = f"{self.name}."
        found = []
        try:
            names = os.listdir(self.folder)
        except OSError:
            return []
        for name in names:
            if not (name.startswith(prefix) and name.endswith(".json")):
                continue
            middle = name[len(prefix) : -len(".json")]
            stamp, _, tag = middle.partition("-")
            if _STAMP_RE.fullmatch(stamp):
                found.append(Backup(self.folder / name, stamp, tag))
        found.sort(key=lambda b: (b.stamp, b.tag), reverse=True)
        return found

    def take(self, payload: bytes, reason: str = "") -> Path | None:
        """Keep ``payload`` as a new backup (tagged with ``reason``), then prune old ones."""
        if self.folder is None:
            return None
        self.folder.mkdir(mode=0o700, exist_ok=True)
        suffix = f"{timestamp()}{'-' + reason if reason else ''}"
        target = self.folder / f"{self.name}.{suffix}.json"
        atomic_write_bytes(target, payload)
        self._prune()
        return target

    def keep_rolling(self, payload: bytes) -> None:
        """Keep a rolling backup of the last good version, at most one per interval."""
        if not self.precious or self.folder is None:
            return
        newest = next((b for b in self.list() if not b.tag), None)
        if newest is not None:
            try:
                age = time.time() - newest.path.stat().st_mtime
            except OSError:
                age = BACKUP_INTERVAL_SECONDS
            if 0 <= age < BACKUP_INTERVAL_SECONDS:
                return
        try:
            self.take(payload)
        except OSError:
            pass  # a failed backup must not block the user's save; doctor reports stale ones

    def keep_previous(self, path: Path, payload: bytes) -> None:
        """Give the version of ``path`` a write is about to replace (``payload``) a name here.

        Skipped when the newest backup already holds exactly these bytes (a rolling backup
        just taken of it). Like a rolling backup, a failure never blocks the write.
        """
        if self.folder is None:
            return
        backups = self.list()
        if backups and _holds(backups[0].path, payload):
            return
        try:
            self.folder.mkdir(mode=0o700, exist_ok=True)
            target = self.folder / f"{self.name}.{timestamp()}-{PREVIOUS}.json"
            try:
                os.link(path, target)
            except FileExistsError:
                return
            except OSError:
                atomic_write_bytes(target, payload)
            self._prune()
        except OSError:
            pass  # doctor reports a file without backups

    def _prune(self) -> None:
        backups = self.list()
        rolling = [b for b in backups if not b.tag]
        tagged = [b for b in backups if b.tag and b.tag != PREVIOUS]
        previous = [b for b in backups if b.tag == PREVIOUS]
        keep = {
            b.path
            for b in rolling[:BACKUPS_KEPT]
            + tagged[:TAGGED_BACKUPS_KEPT]
            + previous[:PREVIOUS_KEPT]
        }
        recent_days = {b.day for b in rolling[:BACKUPS_KEPT]}
        older_days: set[str] = set()
        for backup in rolling[BACKUPS_KEPT:]:
            if backup.day in recent_days or backup.day in older_days:
                continue
            if len(older_days) >= DAILY_BACKUPS_KEPT:
                break
            older_days.add(backup.day)
            keep.add(backup.path)
        for backup in backups:
            if backup.path not in keep:
                try:
                    backup.path.unlink()
                except OSError:
                    pass


def _holds(path: Path, payload: bytes) -> bool:
    """``path`` holds exactly ``payload`` (read only when the sizes match)."""
    try:
        return path.stat().st_size == len(payload) and read_regular_file(path) == payload
    except OSError:
        return False
