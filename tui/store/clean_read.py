"""Reading the sources of a store that has nothing to repair, without opening it.

:meth:`Store.open <tui.store.store.Store.open>` checks every main file before anything is read,
finishes or removes what an interrupted write left behind, and repairs what it finds; the
records it then hands out are dataclasses. For a cron job listing five sources that machinery
costs more than starting Python does (the ``dataclasses`` module, with :mod:`inspect`, is
10–20 ms of it). Nearly always there is nothing to repair, so :func:`clean_source_rows` makes
the checks ``Store.open`` makes, under the same lock and with the same validation of each file
(:mod:`.file_format`), and returns the sources only when those checks show that opening the
store would change nothing and report nothing. Otherwise it returns ``None`` and the caller
opens the store, which repairs and reports as it always does.

The rows are built only from documents that ``Source.from_dict`` and ``SourceHealth.from_dict``
are sure to read, with the values those would read; a document they might skip (and tell the
user about) sends the caller to the store too. Tests compare both ways on generated documents.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..domain.values import parse_iso
from .atomic import TEMP_PREFIX, read_regular_file
from .commit_names import COMMIT_RECORD, STAGED_PREFIX
from .errors import StoreError
from .file_format import SCHEMA, parse_store_file, schema_of
from .locks import FileLock

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (mypy reads it so)
if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

MAIN_FILES = (
    ("config.json", "config"),
    ("events.json", "events"),
    ("notes.json", "notes"),
    ("health.json", "health"),
    ("incidents/index.json", "incident-index"),
)
"""The files ``Store.open`` checks (label and kind), in its order (``Store.main_files``)."""


class SourceRow:
    """What a listing prints of one stored source, as :meth:`Source.from_dict` reads it."""

    __slots__ = ("id", "url", "kind", "platform", "paused", "every")

    def __init__(self, doc: dict[str, Any]) -> None:
        self.id = str(doc["id"])
        self.url: str = doc["url"]
        self.kind: str = doc["kind"]
        self.platform: str = doc.get("platform", "")
        self.paused: bool = doc.get("paused", False)
        self.every: int = doc.get("every", 60)


class HealthRow:
    """What a listing prints of one source's health, as :meth:`SourceHealth.from_dict` reads it."""

    __slots__ = ("source_id", "last_poll", "last_ok", "error", "note")

    def __init__(self, doc: dict[str, Any]) -> None:
        self.source_id: str = doc["source_id"]
        self.last_poll: datetime | None = parse_iso(doc.get("last_poll"))
        self.last_ok: datetime | None = parse_iso(doc.get("last_ok"))
        self.error: str = doc.get("error", "")
        self.note: str = doc.get("note", "")


def clean_source_rows(root: Path) -> tuple[list[SourceRow], dict[str, HealthRow]] | None:
    """The sources (sorted by id, as ``Store.sources``) and their health, by source id.

    ``None`` when opening the store would repair, migrate, finish or remove anything, or
    would skip a record with a message; or when the store cannot be read here at all.
    """
    files = clean_files(root)
    if files is None:
        return None
    sources = files["config.json"].get("sources", {})
    health = files["health.json"].get("health", {})
    if not all(map(_source_reads, sources.values())):
        return None
    if not all(map(_health_reads, health.values())):
        return None
    rows = sorted((SourceRow(doc) for doc in sources.values()), key=lambda row: row.id)
    return rows, {doc["source_id"]: HealthRow(doc) for doc in health.values()}


def clean_files(root: Path) -> dict[str, dict[str, Any]] | None:
    """Every main file, parsed, when ``Store.open`` would find nothing to do in ``root``."""
    if not (root.is_dir() and (root / "incidents").is_dir()):
        return None  # to be created: the store does that
    try:
        with FileLock(root / "store.lock").held():
            return _files_if_clean(root)
    except (OSError, StoreError):
        return None  # damaged, unreadable, locked out: the store says what and repairs it


def _files_if_clean(root: Path) -> dict[str, dict[str, Any]] | None:
    if os.path.lexists(root / COMMIT_RECORD):
        return None  # a committed batch to put in place (tui.store.commit)
    incidents = root / "incidents"
    leftovers = ((root, True), (incidents, True), (root / "backups", False))
    if any(_has_leftovers(folder, staged) for folder, staged in leftovers):
        return None
    files: dict[str, dict[str, Any]] = {}
    for label, kind in MAIN_FILES:
        path = root / label
        try:
            payload = read_regular_file(path)
        except FileNotFoundError:
            files[label] = {}  # read as an empty file, which needs no repair
            continue
        data = parse_store_file(payload, path, kind, SCHEMA)
        if schema_of(data) != SCHEMA:
            return None  # to be migrated
        files[label] = data
    if not (root / "incidents/index.json").exists() and os.listdir(incidents):
        return None  # a lost index to rebuild from the months (or so it may be)
    return files


def _has_leftovers(folder: Path, staged: bool) -> bool:
    """Files a killed writer left in ``folder``: its temporary files, or a batch's staged ones."""
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return False  # no backups folder (yet): nothing to clean there
    prefixes = (TEMP_PREFIX, STAGED_PREFIX) if staged else (TEMP_PREFIX,)
    return any(name.startswith(prefixes) for name in names)


def _source_reads(doc: Any) -> bool:
    """``Source.from_dict`` reads ``doc`` (no ``id``, ``url`` or ``kind``, a bad time: it may not)."""
    return (
        isinstance(doc, dict)
        and "id" in doc
        and "url" in doc
        and "kind" in doc
        and _times_read(doc, ("created_at",))
        and _lists_or_none(doc, ("select", "remove", "ignore"))
    )


def _health_reads(doc: Any) -> bool:
    """``SourceHealth.from_dict`` reads ``doc``, and its source id is a plain string."""
    return (
        isinstance(doc, dict)
        and isinstance(doc.get("source_id"), str)
        and _times_read(doc, ("last_poll", "last_ok", "next_poll"))
        and _lists_or_none(doc, ("latencies", "components"))
    )


def _times_read(doc: dict[str, Any], keys: tuple[str, ...]) -> bool:
    try:
        for key in keys:
            parse_iso(doc.get(key))
    except Exception:  # whatever parse_iso refuses, the record's reader may refuse too
        return False
    return True


def _lists_or_none(doc: dict[str, Any], keys: tuple[str, ...]) -> bool:
    return all(doc.get(key) is None or isinstance(doc[key], list) for key in keys)
