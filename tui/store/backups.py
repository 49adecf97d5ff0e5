"""Backups of one store file, and recovery of a damaged file from them.

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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..text import counted
from .atomic import atomic_write_bytes, dump_json, read_regular_file
from .errors import StoreDamaged, StoreError, StoreTooNew, StoreWriteError
from .records import RECORD_KINDS
from .salvage import Loss, Salvage, describe_loss, merge_salvage, salvage
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


def recover(datafile: DataFile) -> str | None:
    """Move a damaged file aside and restore its newest good backup; returns what was done.

    The damaged bytes are kept next to the file (``<name>.damaged-<time>``), never deleted;
    the records still readable in them are put back into the restored version, and the
    message says how many, and which records could not be brought back. The check is
    repeated under the lock, so a file another session has just repaired is left alone
    (``None``). A file of a newer schema raises :class:`StoreTooNew`, one that cannot be read
    raises :class:`StoreUnreadable`, and if the damaged file cannot be kept aside,
    :class:`StoreWriteError`: in each case nothing was changed.
    """
    path = datafile.path
    with datafile.lock.held():
        found = datafile.read_payload()
        if found is None:
            return None
        damaged = found[0]
        try:
            datafile.parse(damaged)
            return None
        except StoreTooNew:
            raise
        except StoreDamaged as error:
            reason = error.reason
        datafile.forget()
        aside = path.with_name(f"{path.name}{DAMAGED_MARK}{timestamp()}")
        backup = _newest_good_backup(datafile)
        readable = salvage(damaged, datafile.kind)
        data = datafile.empty() if backup is None else backup[1]
        losses = merge_salvage(datafile.kind, data, readable)
        nothing_kept = backup is None and not any(loss.brought_back for loss in losses)
        try:
            if nothing_kept:
                os.replace(path, aside)
            else:
                _keep_aside(path, aside)
                meta = data.setdefault(META, {}).setdefault("1", {})
                meta["generation"] = max(_generation(meta), _generation(readable.meta)) + 1
                atomic_write_bytes(path, dump_json(data))
        except OSError as error:
            action = "moved aside" if nothing_kept else "restored"
            raise StoreWriteError(
                f"{path} is damaged ({reason}) and could not be {action}: "
                f"{reason_of(error)}; nothing was changed, the damaged file is still in place"
            ) from error
        return _recovery_message(datafile, reason, aside, backup, readable, data, losses)


def _recovery_message(
    datafile: DataFile,
    reason: str,
    aside: Path,
    backup: tuple[Path, dict, object, str] | None,
    readable: Salvage,
    data: dict,
    losses: list[Loss],
) -> str:
    """What a recovery did, for the user: what was set aside, restored, read back and lost."""
    held = _set_aside(readable, datafile.kind)
    parts = [
        f"{datafile.label} was damaged ({reason})",
        f"it {'held ' + held + ' and ' if held else ''}was kept as {aside.name}",
    ]
    if backup is not None:
        path, _, generation, records = backup
        parts.append(f"the backup {path.name} (generation {generation}, {records}) was restored")
    else:
        brought_back = any(loss.brought_back for loss in losses)
        start = f"with {_records(data, datafile.kind)}" if brought_back else "empty"
        rebuilt = "" if datafile.precious else " and is rebuilt by the next poll"
        parts.append(f"as no good backup was found, it starts {start}{rebuilt}")
    loss = describe_loss(losses, datafile.precious, backup is not None)
    if loss:
        parts.append(loss)
    elif backup is not None and not held:
        nouns = [r.noun + "s" for (kind, _), r in RECORD_KINDS.items() if kind == datafile.kind]
        parts.append(  # nothing in the damaged file says what it held: it may have held more
            f"the damaged file tells nothing of what it held: {' and '.join(nouns) or 'changes'} "
            f"written after that backup may be lost (look in {aside.name})"
        )
    if not datafile.precious and any(item.unreadable for item in losses):
        parts.append("the next poll fetches them again while their source still serves them")
    return "; ".join(parts)


def _generation(meta: dict) -> int:
    value = meta.get("generation", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _records(data: dict, kind: str) -> str:
    """``12 notes`` / ``1,000 incidents``: what a file holds, by its record tables."""
    counts = [
        counted(len(data.get(table, {})), record.noun)
        for (file_kind, table), record in RECORD_KINDS.items()
        if file_kind == kind
    ]
    return ", ".join(counts) or "nothing"


def _set_aside(readable: Salvage, kind: str) -> str:
    """How many records the damaged file held, as far as can be told (its ``_meta``)."""
    parts = []
    for (file_kind, table), record in RECORD_KINDS.items():
        if file_kind != kind:
            continue
        held = max(readable.mark(table), len(readable.tables.get(table, {})))
        if held:
            parts.append(f"up to {counted(held, record.noun)}")
    return ", ".join(parts)


def _newest_good_backup(datafile: DataFile) -> tuple[Path, dict, object, str] | None:
    """The newest backup that reads correctly: its path, data, generation and what it holds."""
    for backup in datafile.backups.list():
        try:
            data = datafile.parse(read_regular_file(backup.path), backup.path)
        except (OSError, StoreError):
            continue
        if datafile.schema_of(data) < datafile.schema:
            data = datafile.migrate(data)
        generation = data.get(META, {}).get("1", {}).get("generation", "?")
        return backup.path, data, generation, _records(data, datafile.kind)
    return None


def _holds(path: Path, payload: bytes) -> bool:
    """``path`` holds exactly ``payload`` (read only when the sizes match)."""
    try:
        return path.stat().st_size == len(payload) and read_regular_file(path) == payload
    except OSError:
        return False


def _keep_aside(path: Path, aside: Path) -> None:
    """Make ``aside`` a second name of ``path`` (a copy where hard links are not possible)."""
    try:
        os.link(path, aside)
    except FileExistsError:
        raise
    except OSError:
        atomic_write_bytes(aside, path.read_bytes())
