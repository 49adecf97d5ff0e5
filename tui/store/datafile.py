"""One TinyDB file of the store: schema version, generation, validation, transactions, backups.

Every file carries a ``_meta`` table with its ``kind``, ``schema`` version and ``generation``
(bumped on every write). Reads go by path and are cached by the file's stat signature (the
inode changes on every atomic replace), so an unchanged file is parsed once. Writes happen in
:meth:`DataFile.transaction`, which holds the store lock, re-reads the latest file on disk,
hands TinyDB an in-memory copy and writes it back once, atomically.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from .atomic import MemoryTransactionStorage, atomic_write_bytes, dump_json
from .locks import FileLock

META = "_meta"
BACKUP_INTERVAL_SECONDS = 600
BACKUPS_KEPT = 10

Migration = Callable[[dict[str, Any]], dict[str, Any]]


class StoreError(Exception):
    """A store problem with a message meant for the user."""


class StoreDamaged(StoreError):
    """A store file that cannot be read as what it should be; it is never overwritten."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreTooNew(StoreDamaged):
    """A file written by a newer whalewatch; opening it read-write could lose its data."""


class StoreWriteError(StoreError):
    """A write that failed (full disk, quota, read-only directory); the old file is intact."""


def _stat_signature(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


class DataFile:
    """A single JSON document store file owned by :class:`tui.store.Store`."""

    def __init__(
        self,
        path: Path,
        kind: str,
        schema: int,
        lock: FileLock,
        backups: Path | None = None,
        migrations: dict[int, Migration] | None = None,
    ) -> None:
        self.path = path
        self.kind = kind
        self.schema = schema
        self.lock = lock
        self.backups = backups
        self.migrations = migrations or {}
        self._cache: tuple[tuple[int, int, int] | None, dict[str, Any]] | None = None

    # --- reading ----------------------------------------------------------------------------

    def empty(self) -> dict[str, Any]:
        return {META: {"1": {"kind": self.kind, "schema": self.schema, "generation": 0}}}

    def parse(self, payload: bytes, path: Path | None = None) -> dict[str, Any]:
        """Validate raw bytes as this kind of file, raising :class:`StoreDamaged` with a reason."""
        path = path or self.path
        if not payload.strip():
            raise StoreDamaged(path, "the file is empty (a write was probably interrupted)")
        if b"\x00" in payload:
            raise StoreDamaged(path, "the file contains NUL bytes (damaged on disk)")
        try:
            data = json.loads(payload.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise StoreDamaged(path, f"the file is not UTF-8 text ({error.reason})") from error
        except json.JSONDecodeError as error:
            raise StoreDamaged(
                path,
                f"the file is not valid JSON (line {error.lineno}, column {error.colno}: "
                f"{error.msg}); it may be truncated",
            ) from error
        except RecursionError as error:
            raise StoreDamaged(path, "the file is nested too deeply to be a store file") from error
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise StoreDamaged(path, "the file is JSON but not a whalewatch store file")
        meta = data.get(META, {}).get("1")
        version = 0 if meta is None else meta.get("schema", 0)
        if not isinstance(version, int):
            raise StoreDamaged(path, f"unreadable schema version {version!r}")
        if meta is not None and meta.get("kind", self.kind) != self.kind:
            raise StoreDamaged(path, f"this is a {meta.get('kind')!r} file, expected {self.kind!r}")
        if version > self.schema:
            raise StoreTooNew(
                path,
                f"written by a newer whalewatch (schema {version}, this version reads up to "
                f"{self.schema}); upgrade whalewatch to open it",
            )
        return data

    def schema_of(self, data: dict[str, Any]) -> int:
        meta = data.get(META, {}).get("1")
        return 0 if meta is None else int(meta.get("schema", 0))

    def read_disk(self) -> dict[str, Any]:
        """The file as it is on disk now, validated (an absent file reads as empty)."""
        try:
            payload = self.path.read_bytes()
        except FileNotFoundError:
            return self.empty()
        except PermissionError as error:
            raise StoreError(f"{self.path}: cannot be read ({error.strerror})") from error
        return self.parse(payload)

    def load(self) -> dict[str, Any]:
        """The latest data, parsed once per version of the file on disk."""
        signature = _stat_signature(self.path)
        if self._cache is not None and self._cache[0] == signature and signature is not None:
            return self._cache[1]
        data = self.read_disk()
        if self.schema_of(data) < self.schema:
            data = self.migrate(data)
        self._cache = (signature, data)
        return data

    def table(self, name: str) -> dict[str, dict[str, Any]]:
        """Documents of one table by their TinyDB id (as strings), read-only by convention."""
        return self.load().get(name, {})

    def generation(self) -> int:
        return int(self.load().get(META, {}).get("1", {}).get("generation", 0))

    def signature(self) -> tuple[int, int, int] | None:
        return _stat_signature(self.path)

    # --- migration --------------------------------------------------------------------------

    def migrate(self, data: dict[str, Any]) -> dict[str, Any]:
        """Bring older data up to the current schema in memory (the caller decides to save)."""
        version = self.schema_of(data)
        while version < self.schema:
            step = self.migrations.get(version)
            if step is None:
                raise StoreDamaged(self.path, f"no migration from schema {version}")
            data = step(data)
            version += 1
            data.setdefault(META, {})["1"] = {
                "kind": self.kind,
                "schema": version,
                "generation": int(data.get(META, {}).get("1", {}).get("generation", 0)),
            }
        return data

    def migrate_on_disk(self) -> str | None:
        """Migrate the file on disk if it is older, keeping a backup of what was migrated."""
        with self.lock.held():
            if not self.path.exists():
                return None
            data = self.read_disk()
            old = self.schema_of(data)
            if old >= self.schema:
                return None
            backup = self.backup_now(reason=f"schema{old}")
            data = self.migrate(data)
            self._write(data)
        return f"{self.path.name}: migrated from schema {old} to {self.schema} (backup: {backup})"

    # --- writing ----------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """Read-modify-write under the store lock; one atomic write at the end if anything changed."""
        with self.lock.held():
            data = self.read_disk()
            if self.schema_of(data) < self.schema:
                data = self.migrate(data)
            storage_holder: list[MemoryTransactionStorage] = []

            def make_storage(initial: dict[str, Any]) -> MemoryTransactionStorage:
                storage = MemoryTransactionStorage(initial)
                storage_holder.append(storage)
                return storage

            db = TinyDB(data, storage=make_storage)
            yield db
            storage = storage_holder[0]
            if storage.dirty:
                new_data = storage.data
                meta = new_data.setdefault(META, {}).setdefault("1", {})
                meta.update(
                    kind=self.kind,
                    schema=self.schema,
                    generation=int(meta.get("generation", 0)) + 1,
                )
                self._maybe_backup()
                self._write(new_data)

    def _write(self, data: dict[str, Any]) -> None:
        payload = dump_json(data)
        try:
            atomic_write_bytes(self.path, payload)
        except OSError as error:
            reason = error.strerror or str(error)
            raise StoreWriteError(f"could not save {self.path.name}: {reason}") from error
        self._cache = (_stat_signature(self.path), data)

    # --- backups ----------------------------------------------------------------------------

    def backup_files(self) -> list[Path]:
        """This file's backups, newest first."""
        if self.backups is None or not self.backups.is_dir():
            return []
        return sorted(self.backups.glob(f"{self.path.stem}.*.json"), reverse=True)

    def backup_now(self, reason: str = "") -> Path | None:
        """Copy the current file into the backups folder (precious files only)."""
        if self.backups is None or not self.path.exists():
            return None
        self.backups.mkdir(mode=0o700, exist_ok=True)
        suffix = f"{_timestamp()}{'-' + reason if reason else ''}"
        target = self.backups / f"{self.path.stem}.{suffix}.json"
        atomic_write_bytes(target, self.path.read_bytes())
        for old in self.backup_files()[BACKUPS_KEPT:]:
            try:
                old.unlink()
            except OSError:
                pass
        return target

    def _maybe_backup(self) -> None:
        """Keep a rolling backup of the last good version, at most one per interval."""
        if self.backups is None or not self.path.exists():
            return
        newest = self.backup_files()[:1]
        if newest:
            age = datetime.now().timestamp() - newest[0].stat().st_mtime
            if age < BACKUP_INTERVAL_SECONDS:
                return
        try:
            self.backup_now()
        except OSError:
            pass  # a failed backup must not block the user's save

    def recover(self) -> str:
        """Move a damaged file aside and restore its newest good backup; returns what was done.

        The damaged bytes are kept next to the file (``.damaged-<time>``), never deleted.
        """
        with self.lock.held():
            aside = self.path.with_name(f"{self.path.name}.damaged-{_timestamp()}")
            os.replace(self.path, aside)
            for backup in self.backup_files():
                try:
                    data = self.parse(backup.read_bytes(), backup)
                except StoreError:
                    continue
                shutil.copyfile(backup, self.path)
                os.chmod(self.path, 0o600)
                self._cache = None
                generation = data.get(META, {}).get("1", {}).get("generation", "?")
                return (
                    f"{self.path.name} was damaged and was moved to {aside.name}; restored the "
                    f"backup {backup.name} (generation {generation})"
                )
            self._cache = None
            if self.backups is None:
                return (
                    f"{self.path.name} was damaged and was moved to {aside.name}; its data is "
                    "rebuilt by the next poll"
                )
            return (
                f"{self.path.name} was damaged and was moved to {aside.name}; no good backup "
                "was found, so it starts empty (the damaged file is kept)"
            )
