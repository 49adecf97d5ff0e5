"""Backups of one store file, and recovery of a damaged file from them.

A precious file (the user's own data) gets a rolling backup of its last good version before a
write, at most one per interval; any file gets a tagged backup before a migration rewrites
it. A damaged file is never deleted: recovery keeps it aside (``<name>.damaged-<time>``) and
puts the newest backup that still reads correctly in its place.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import atomic_write_bytes
from .errors import StoreDamaged, StoreError, StoreTooNew, StoreWriteError
from .tables import META

if TYPE_CHECKING:
    from .datafile import DataFile

BACKUP_INTERVAL_SECONDS = 600
BACKUPS_KEPT = 10
"""The newest rolling backups kept of each precious file (at most one per interval)."""
DAILY_BACKUPS_KEPT = 7
"""Beyond those, the newest backup of each of this many earlier days is kept too."""
TAGGED_BACKUPS_KEPT = 10
"""Backups taken before a migration are kept apart from the rolling ones, this many."""
DAMAGED_MARK = ".damaged-"
_STAMP_RE = re.compile(r"\d{8}T\d{12}Z")


def timestamp() -> str:
    """Now, as the UTC stamp in backup and damaged-file names (sorts as text)."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def reason_of(error: OSError) -> str:
    return error.strerror or str(error)


@dataclass(frozen=True)
class Backup:
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

    def _prune(self) -> None:
        backups = self.list()
        rolling = [b for b in backups if not b.tag]
        tagged = [b for b in backups if b.tag]
        keep = {b.path for b in rolling[:BACKUPS_KEPT] + tagged[:TAGGED_BACKUPS_KEPT]}
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


def recover(datafile: DataFile) -> str | None:
    """Move a damaged file aside and restore its newest good backup; returns what was done.

    The damaged bytes are kept next to the file (``<name>.damaged-<time>``), never deleted.
    The check is repeated under the lock, so a file another session has just repaired is
    left alone (``None``). A file of a newer schema raises :class:`StoreTooNew`, one that
    cannot be read raises :class:`StoreUnreadable`, and if the damaged file cannot be kept
    aside, :class:`StoreWriteError`: in each case nothing was changed.
    """
    path = datafile.path
    with datafile.lock.held():
        found = datafile.read_payload()
        if found is None:
            return None
        try:
            datafile.parse(found[0])
            return None
        except StoreTooNew:
            raise
        except StoreDamaged as error:
            reason = error.reason
        datafile.forget()
        aside = path.with_name(f"{path.name}{DAMAGED_MARK}{timestamp()}")
        restored = _restore_newest_backup(datafile, aside, reason)
        if restored is not None:
            backup, generation = restored
            return (
                f"{datafile.label} was damaged ({reason}); it was kept as {aside.name} and the "
                f"backup {backup.name} (generation {generation}) was restored"
            )
        try:
            os.replace(path, aside)
        except OSError as error:
            raise StoreWriteError(
                f"{path} is damaged ({reason}) and could not be moved aside: "
                f"{reason_of(error)}; nothing was changed"
            ) from error
        if not datafile.backups.precious:
            return (
                f"{datafile.label} was damaged ({reason}); it was moved to {aside.name} and "
                "is rebuilt by the next poll"
            )
        return (
            f"{datafile.label} was damaged ({reason}); it was moved to {aside.name}, and as no "
            "good backup was found it starts empty (the damaged file is kept)"
        )


def _restore_newest_backup(
    datafile: DataFile, aside: Path, reason: str
) -> tuple[Path, object] | None:
    """Keep the damaged file as ``aside`` and put the newest good backup in its place.

    The damaged file is hard-linked aside first and only then replaced atomically, so a
    crash at any point leaves either the damaged file (to be recovered again) or the
    restored one at the path, never nothing.
    """
    for backup in datafile.backups.list():
        try:
            payload = backup.path.read_bytes()
            data = datafile.parse(payload, backup.path)
        except (OSError, StoreError):
            continue
        try:
            _keep_aside(datafile.path, aside)
            atomic_write_bytes(datafile.path, payload)
        except OSError as error:
            raise StoreWriteError(
                f"{datafile.path} is damaged ({reason}) and the backup {backup.path.name} "
                f"could not be restored: {reason_of(error)}; the damaged file is still in place"
            ) from error
        generation = data.get(META, {}).get("1", {}).get("generation", "?")
        return backup.path, generation
    return None


def _keep_aside(path: Path, aside: Path) -> None:
    """Make ``aside`` a second name of ``path`` (a copy where hard links are not possible)."""
    try:
        os.link(path, aside)
    except FileExistsError:
        raise
    except OSError:
        atomic_write_bytes(aside, path.read_bytes())
