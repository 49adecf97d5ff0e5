"""Writing several store files as one: all of them or none, even across a SIGKILL.

Each store file is replaced atomically on its own (:mod:`tui.store.atomic`), but an import
changes several (configuration, events, notes, incident months, the index) and a process
killed between two of them left half an import behind. Inside a :class:`WriteBatch` the
transactions of :class:`~tui.store.datafile.DataFile` do not write: each file's new version
is kept in memory (later transactions on the same file build on it, so each file is written
once however many records are added, and TinyDB rebuilds each table once). At the end:

1. every new version is written, fsynced, as a staged file next to its target
   (``.whalewatch-staged-…``);
2. the commit record (``commit.json``, itself written atomically) names each staged file and
   its target — from this instant the batch has happened;
3. the staged files are renamed over their targets, and the record is removed.

Killed before step 2, the staged files are leftovers and nothing changed; killed after it,
the renames still to do are done by the next process to take the store lock
(:func:`finish_interrupted_commit`, run by the lock itself before anything else happens
under it), so no later write or read under the lock sees half a batch.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .atomic import (
    atomic_write_bytes,
    dump_json,
    fsync_directory,
    read_regular_file,
    write_temp_file,
)
from .backups import reason_of
from .commit_names import COMMIT_RECORD, STAGED_PREFIX
from .errors import StoreWriteError

if TYPE_CHECKING:
    from .datafile import DataFile


class _Staged(NamedTuple):
    """One file's new version in a batch, and what it held before (what is backed up)."""

    datafile: DataFile
    data: dict[str, Any]
    old_payload: bytes | None
    old_schema: int


class WriteBatch:
    """The new versions of the files one batch changes, written together at :meth:`commit`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._thread: int | None = None
        self._staged: dict[Path, _Staged] = {}

    @property
    def active(self) -> bool:
        """A batch is open in this thread (another thread's reads and writes are its own: it
        waits for the store lock the batch holds, and never sees what is not committed)."""
        return self._thread is not None and self._thread == threading.get_ident()

    def begin(self) -> None:
        if self._thread is not None:
            raise RuntimeError("a write batch is already open")
        self._thread = threading.get_ident()
        self._staged = {}

    def staged_data(self, datafile: DataFile) -> dict[str, Any] | None:
        """The version of ``datafile`` this batch will write (``None``: not changed yet)."""
        staged = self._staged.get(datafile.path) if self.active else None
        return None if staged is None else staged.data

    def stage(
        self, datafile: DataFile, data: dict[str, Any], old_payload: bytes | None, old_schema: int
    ) -> None:
        """Keep ``data`` as the file's new version; the first version read is what is backed up."""
        earlier = self._staged.get(datafile.path)
        if earlier is not None:
            self._staged[datafile.path] = earlier._replace(data=data)
        else:
            self._staged[datafile.path] = _Staged(datafile, data, old_payload, old_schema)

    def discard(self) -> None:
        self._thread = None
        self._staged = {}

    def commit(self) -> None:
        """Write every staged file, all or none (see the module's docstring)."""
        staged = list(self._staged.values())
        self.discard()
        if not staged:
            return
        pairs: list[tuple[Path, Path]] = []
        payloads: list[bytes] = []
        try:
            for entry in staged:
                entry.datafile.keep_backups(entry.old_payload, entry.old_schema)
                payload = dump_json(entry.data)
                entry.datafile.about_to_write(entry.data, payload)
                pairs.append(
                    (
                        write_temp_file(entry.datafile.path.parent, payload, STAGED_PREFIX),
                        entry.datafile.path,
                    )
                )
                payloads.append(payload)
            for directory in {target.parent for _, target in pairs}:
                fsync_directory(directory)
            # relpath, not relative_to: mkstemp names the staged file absolutely even when the
            # store's root (``--db store``) is relative
            record = [
                [os.path.relpath(s, self.root), os.path.relpath(t, self.root)] for s, t in pairs
            ]
            atomic_write_bytes(self.root / COMMIT_RECORD, json.dumps(record).encode())
        except (OSError, StoreWriteError) as error:
            for temp, _ in pairs:
                _unlink(temp)
            why = reason_of(error) if isinstance(error, OSError) else str(error)
            names = ", ".join(entry.datafile.label for entry in staged)
            raise StoreWriteError(f"could not save {names}: {why}; nothing was changed") from error
        _apply(self.root, pairs)
        for entry, payload in zip(staged, payloads, strict=True):
            entry.datafile.remember_written(entry.data, payload)


def _apply(root: Path, pairs: Iterable[tuple[Path, Path]]) -> None:
    """Move the staged files of a committed batch into place, then drop the record."""
    directories = set()
    try:
        for staged, target in pairs:
            if staged.exists():
                os.replace(staged, target)
            directories.add(target.parent)
        for directory in directories:
            fsync_directory(directory)
        (root / COMMIT_RECORD).unlink(missing_ok=True)
        fsync_directory(root)
    except OSError as error:
        raise StoreWriteError(
            f"a write of several store files was committed but could not be put in place "
            f"({reason_of(error)}); it is completed the next time the store is used"
        ) from error


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def finish_interrupted_commit(root: Path) -> bool:
    """Complete a batch a killed process committed; returns whether there was one.

    Runs under the store lock (the lock calls it each time it is taken): one ``open`` that
    fails when there is nothing to do. Staged files of a batch that never committed are
    harmless (nothing reads them) and removed when the store is opened
    (:func:`remove_staged_leftovers`).
    """
    record_path = root / COMMIT_RECORD
    completed = False
    try:
        record = json.loads(read_regular_file(record_path))
    except FileNotFoundError:
        record = None
    except (OSError, ValueError):
        record = []  # a record is written atomically: one that does not read was never one
        _unlink(record_path)
    if record:
        pairs = [(root / staged, root / target) for staged, target in record]
        _apply(root, pairs)
        completed = True
    return completed


def remove_staged_leftovers(directory: Path) -> None:
    """Delete staged files of a batch killed before it committed (under the store lock)."""
    if directory.is_dir():
        for leftover in directory.glob(f"{STAGED_PREFIX}*"):
            _unlink(leftover)


def pending_commit(root: Path) -> bool:
    """A committed batch is waiting to be put in place (``whalewatch doctor``)."""
    return (root / COMMIT_RECORD).exists()
