"""One TinyDB file of the store: schema version, generation, validation, transactions.

Every file carries a ``_meta`` table with its ``kind``, ``schema`` version, ``generation``
(bumped on every write) and the highest document id each table ever handed out (see
:class:`tui.store.tables.TransactionStorage`).

Reads go by path and are cached: a file is parsed once per version on disk. The cache trusts
the file's stat signature only once its mtime is safely in the past (see
:mod:`tui.store.signature`); until then an unchanged digest of the bytes proves it.

Writes happen in :meth:`DataFile.transaction`, which holds the store lock, re-reads the
latest file on disk, hands TinyDB an in-memory copy and writes it back once, atomically. A
damaged file met there raises :class:`StoreDamaged` and is left exactly as it is. Backups and
the recovery of a damaged file are in :mod:`tui.store.backups`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .atomic import atomic_write_bytes, dump_json, read_regular_file_and_stat
from .backups import Backup, FileBackups, reason_of
from .errors import StoreDamaged, StoreError, StoreTooNew, StoreUnreadable, StoreWriteError
from .file_format import parse_store_file, schema_of
from .locks import FileLock
from .meta import META
from .signature import Signature, settled, stat_signature

if TYPE_CHECKING:  # TinyDB and the write batch load with the first write, not for a read
    from .commit import WriteBatch
    from .tables import TransactionDB

__all__ = [
    "META",
    "DataFile",
    "StoreDamaged",
    "StoreError",
    "StoreTooNew",
    "StoreUnreadable",
    "StoreWriteError",
]

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def payload_digest(payload: bytes) -> bytes:
    """What proves two versions of a file equal, byte for byte, when their stat cannot."""
    import hashlib  # 2 ms (OpenSSL): only for a file written in the last seconds (see _remember)

    return hashlib.blake2b(payload, digest_size=16).digest()


def _generation_of(data: dict[str, Any]) -> int:
    return int(data.get(META, {}).get("1", {}).get("generation", 0))


class _Cached(NamedTuple):
    """The file's last parsed content, and the signature it was read at."""

    signature: Signature | None
    digest: bytes | None
    """Of the bytes, kept only while the signature cannot be trusted (see :meth:`_remember`)."""
    data: dict[str, Any]
    trusted: bool


class DataFile:
    """A single JSON document store file owned by :class:`tui.store.Store`.

    ``backups`` is the store's backups folder. A ``precious`` file (the user's own data) gets
    rolling backups on every write; any file gets a backup before a migration rewrites it.
    ``label`` names the file in messages and backups (``incidents/2024-05.json``).
    """

    def __init__(
        self,
        path: Path,
        kind: str,
        schema: int,
        lock: FileLock,
        backups: Path | None = None,
        migrations: Mapping[int, Migration] | None = None,
        *,
        precious: bool | None = None,
        label: str | None = None,
        batch: WriteBatch | None = None,
        keep_previous: bool | None = None,
    ) -> None:
        self.path = path
        self.kind = kind
        self.schema = schema
        self.lock = lock
        self.migrations = migrations or {}
        self.precious = backups is not None if precious is None else precious
        self.label = label or path.name
        self.backups = FileBackups(
            backups, self.label.removesuffix(".json").replace("/", "-"), self.precious
        )
        self.keep_previous = self.precious if keep_previous is None else keep_previous
        """Keep the version each write replaces (see :mod:`tui.store.backups`)."""
        self.batch = batch
        """While the store's batch is open, writes are staged there (see tui.store.commit)."""
        self._cache: _Cached | None = None
        self._derived: tuple[Signature, Any, int] | None = None  # see load_derived
        self.on_write: Callable[[dict[str, Any], bytes], None] | None = None
        """Told each version's data and bytes before they are written (see recent_events)."""

    # --- reading ----------------------------------------------------------------------------

    def empty(self) -> dict[str, Any]:
        return {META: {"1": {"kind": self.kind, "schema": self.schema, "generation": 0}}}

    def parse(self, payload: bytes, path: Path | None = None) -> dict[str, Any]:
        """Validate raw bytes as this kind of file, raising :class:`StoreDamaged` with a reason."""
        return parse_store_file(payload, path or self.path, self.kind, self.schema)

    def schema_of(self, data: dict[str, Any]) -> int:
        return schema_of(data)

    def read_payload(self) -> tuple[bytes, Signature] | None:
        """The file's bytes and the stat signature of exactly those bytes (``None``: absent).

        Raises :class:`StoreUnreadable` when the file exists but cannot be read.
        """
        try:
            payload, info = read_regular_file_and_stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreUnreadable(self.path, reason_of(error)) from error
        return payload, (info.st_ino, info.st_mtime_ns, info.st_size)

    def read_disk(self) -> dict[str, Any]:
        """The file as it is on disk now, validated (an absent file reads as empty)."""
        found = self.read_payload()
        return self.empty() if found is None else self.parse(found[0])

    def read_checked(self) -> dict[str, Any]:
        """Like :meth:`read_disk`, keeping a current-schema file for :meth:`load` (one parse)."""
        found = self.read_payload()
        if found is None:
            return self.empty()
        payload, signature = found
        data = self.parse(payload)
        if self.schema_of(data) == self.schema:
            self._remember(signature, payload, data)
        return data

    def stat_signature(self) -> Signature | None:
        """Inode, mtime and size now (``None``: absent); any atomic rewrite changes it."""
        return stat_signature(self.path)

    @property
    def staged(self) -> bool:
        """True while the store's write batch holds a version of this file not yet written."""
        return self.batch is not None and self.batch.staged_data(self) is not None

    def load(self) -> dict[str, Any]:
        """The latest data, parsed once per version of the file on disk.

        While a write batch is open, a file it changed reads as the version it will write.
        """
        staged = None if self.batch is None else self.batch.staged_data(self)
        if staged is not None:
            return staged
        cache = self._cache
        if cache is not None and cache.trusted and cache.signature == stat_signature(self.path):
            return cache.data
        found = self.read_payload()
        if found is None:
            if cache is None or cache.signature is not None:
                cache = self._cache = _Cached(None, None, self.empty(), False)
            return cache.data
        payload, signature = found
        digest = None if cache is None or cache.digest is None else payload_digest(payload)
        if digest is not None and cache is not None and digest == cache.digest:
            data = cache.data
        else:
            data = self.parse(payload)
            if self.schema_of(data) < self.schema:
                data = self.migrate(data)
        self._remember(signature, payload, data, digest)
        return data

    def load_derived(self, build: Callable[[dict[str, Any]], Any]) -> Any:
        """``build(data)`` for the file as it is now, kept in place of the parsed data.

        For big files that are only ever read whole into objects (the months of the incident
        history): the parsed JSON is dropped once the objects are built, and the objects are
        reused while the file is unchanged (by the same rule as :meth:`load`'s cache), so a
        read of the whole history neither holds every incident twice nor rebuilds them all.
        """
        derived = self._derived
        if self.staged:
            return build(self.load())
        if derived is not None and derived[0] == stat_signature(self.path):
            return derived[1]
        data = self.load()
        value = build(data)
        cache = self._cache
        if cache is not None and cache.trusted and cache.signature is not None:
            self._derived = (cache.signature, value, _generation_of(data))
        self._cache = None
        return value

    def _remember(
        self,
        signature: Signature,
        payload: bytes,
        data: dict[str, Any],
        digest: bytes | None = None,
    ) -> None:
        """Cache ``data`` as the version of the file with this signature and these bytes.

        A settled signature is proof enough; only a file written in the last seconds keeps
        a digest of its bytes to prove it unchanged (most reads never hash anything).
        """
        trusted = settled(signature, time.time_ns())
        if not trusted and digest is None:
            digest = payload_digest(payload)
        self._cache = _Cached(signature, None if trusted else digest, data, trusted)

    def table(self, name: str) -> dict[str, dict[str, Any]]:
        """Documents of one table by their TinyDB id (as strings), read-only by convention."""
        return self.load().get(name, {})

    def generation(self) -> int:
        """The file's write counter; while the objects built from it hold (see
        :meth:`load_derived`), the one they were built from, not a parse of the file again."""
        derived = self._derived
        if derived is not None and derived[0] == stat_signature(self.path):
            return derived[2]
        return _generation_of(self.load())

    def signature(self) -> tuple[Signature | None, int | None]:
        """Changes on every write to the file, by any session (stat signature and generation)."""
        try:
            generation = self.generation()
        except StoreError:
            generation = None
        return (stat_signature(self.path), generation)

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
            meta = data.get(META, {}).get("1", {})
            data.setdefault(META, {})["1"] = {
                **meta,
                "kind": self.kind,
                "schema": version,
                "generation": int(meta.get("generation", 0)),
            }
        return data

    def migrate_on_disk(self) -> str | None:
        """Migrate the file on disk if it is older, keeping a backup of what was migrated."""
        with self.lock.held():
            found = self.read_payload()
            if found is None:
                return None
            payload = found[0]
            data = self.parse(payload)
            old = self.schema_of(data)
            if old >= self.schema:
                return None
            backup = self._backup_before_migration(payload, old)
            data = self.migrate(data)
            self._write(data)
        return f"{self.label}: migrated from schema {old} to {self.schema} (backup: {backup.name})"

    def _backup_before_migration(self, payload: bytes, old: int) -> Path:
        try:
            backup = self.backup_now(reason=f"schema{old}", payload=payload)
        except OSError as error:
            raise StoreWriteError(
                f"could not back up {self.path} before migrating it from schema {old}: "
                f"{reason_of(error)}; the file was left as it is"
            ) from error
        if backup is None:
            raise StoreWriteError(f"could not back up {self.path} before migrating it")
        return backup

    # --- writing ----------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[TransactionDB]:
        """Read-modify-write under the store lock; one atomic write at the end if anything changed.

        The file is read afresh under the lock, so a write never undoes another session's.
        A damaged or unreadable file raises before the block runs and is never overwritten.
        Inside a write batch (:mod:`tui.store.commit`) the block works on the version the
        batch holds, and the result is staged there instead of written: one write (and one
        generation) per file per batch.
        """
        with self.lock.held():
            staged = None if self.batch is None else self.batch.staged_data(self)
            payload = None
            if staged is not None:
                data, old = staged, self.schema
            else:
                found = self.read_payload()
                payload = None if found is None else found[0]
                data = self.empty() if payload is None else self.parse(payload)
                old = self.schema_of(data)
                if old < self.schema:
                    data = self.migrate(data)
            from .tables import TransactionDB, TransactionStorage  # TinyDB: for writes only

            storage = TransactionStorage(data)
            yield TransactionDB(storage)
            if storage.dirty:
                new_data = storage.data
                meta = new_data.setdefault(META, {}).setdefault("1", {})
                generation = int(meta.get("generation", 0)) + (staged is None)
                meta.update(
                    kind=self.kind,
                    schema=self.schema,
                    generation=generation,
                    last_ids=storage.high_water_marks(),
                )
                if self.batch is not None and self.batch.active:
                    self.batch.stage(self, new_data, payload, old)
                else:
                    self.keep_backups(payload, old)
                    self._write(new_data)

    def keep_backups(self, old_payload: bytes | None, old_schema: int) -> None:
        """Back up the version a write replaces: tagged before a migration, else rolling."""
        if old_payload is None:
            return
        if old_schema < self.schema:
            self._backup_before_migration(old_payload, old_schema)
            return
        self.backups.keep_rolling(old_payload)
        if self.keep_previous:
            self.backups.keep_previous(self.path, old_payload)

    def about_to_write(self, data: dict[str, Any], payload: bytes) -> None:
        if self.on_write is not None:  # each new version, before it is put in place
            self.on_write(data, payload)

    def _write(self, data: dict[str, Any]) -> None:
        payload = dump_json(data)
        self.about_to_write(data, payload)
        try:
            atomic_write_bytes(self.path, payload)
        except OSError as error:
            raise StoreWriteError(
                f"could not save {self.path}: {reason_of(error)} (the previous version is kept)"
            ) from error
        self.remember_written(data, payload)

    def remember_written(self, data: dict[str, Any], payload: bytes) -> None:
        """Keep what was just written as the cached version (no re-read of our own write)."""
        self._derived = None
        signature = stat_signature(self.path)
        if signature is not None:
            self._remember(signature, payload, data)

    # --- backups and repair ----------------------------------------------------------------

    def backup_list(self) -> list[Backup]:
        """This file's backups, newest first."""
        return self.backups.list()

    def backup_files(self) -> list[Path]:
        """This file's backups, newest first."""
        return [backup.path for backup in self.backups.list()]

    def backup_now(self, reason: str = "", payload: bytes | None = None) -> Path | None:
        """Copy the current file (or ``payload``) into the backups folder, then prune old ones."""
        if self.backups.folder is None:
            return None
        if payload is None:
            found = self.read_payload()
            if found is None:
                return None
            payload = found[0]
        return self.backups.take(payload, reason)

    def recover(self) -> str | None:
        """Move a damaged file aside and restore its newest good backup (see recovery.recover)."""
        from .recovery import recover  # only a damaged file needs the salvage code

        return recover(self)

    def forget(self) -> None:
        """Drop what is cached of the file: the next read parses it afresh."""
        self._cache = None
        self._derived = None
