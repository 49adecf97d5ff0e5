"""``recent-events.json``: the newest events, so that start-up need not parse ``events.json``.

The first screen shows the newest few hundred events, and finding them meant parsing the whole
chronicle: with 10,000 events that was most of a first start (70 ms of JSON, then a sort).
So every version of ``events.json`` this store writes is preceded by this small file: the
newest :data:`KEPT` documents of that version, and the digest of its exact bytes (before,
not after: a write of several files then still ends with its own last rename).

A reader uses it only when the digest of the ``events.json`` it reads now is the one recorded:
those are then bytes the store wrote from data it had validated, at this schema, and the
documents are theirs. Anything else — no file, a damaged one, one left by an older version
(an interrupted write, another program's), ``events.json`` edited by hand or restored from
a backup — fails that test, and the reader parses ``events.json`` as before, with all its
checks and repairs. It is never the only copy of anything and is never written from a read;
locking is not needed either, since whichever write lands last, the file is true of the
bytes it names.
"""

from __future__ import annotations

import heapq
import json
import time
import zlib
from pathlib import Path
from typing import Any, NamedTuple

from .atomic import atomic_write_bytes, dump_json, read_regular_file, read_regular_file_and_stat
from .meta import META
from .signature import Signature, settled

FILE_NAME = "recent-events.json"
FORMAT = 2
KEPT = 500
"""How many of the newest events are kept: what start-up reads (``snapshot.RECENT_EVENTS``)."""

EVENTS = "events"


def bytes_digest(payload: bytes) -> str:
    """Two zlib checksums of ``payload``: what tells the bytes a store wrote from any others
    of the same size (a hand edit, a restored backup). Not hashlib's: its OpenSSL costs a
    listing from cron 2 ms to load, and no adversary is guarded against here."""
    return f"{zlib.crc32(payload):08x}{zlib.adler32(payload):08x}"


def newest_first_key(item: tuple[str, Any]) -> tuple[str, str, str]:
    """The order "newest" means for a stored event ``(doc_id, doc)``: day, time, then id.

    ISO dates and times sort as text, so choosing the newest needs no parsing.
    """
    doc = item[1]
    if not isinstance(doc, dict):
        return ("", "", item[0])
    return (str(doc.get("day", "")), str(doc.get("time", "")), item[0])


def newest_documents(docs: dict[str, Any], limit: int) -> dict[str, Any]:
    """The ``limit`` newest of ``docs`` (by :func:`newest_first_key`), by document id."""
    return dict(heapq.nlargest(limit, docs.items(), key=newest_first_key))


class VerifiedRecent(NamedTuple):
    """The newest documents of ``events.json`` as it was at ``signature``."""

    signature: Signature
    documents: dict[str, Any]


class RecentEventsFile:
    """``recent-events.json`` beside the ``events.json`` at ``events_path``, of ``schema``."""

    def __init__(self, events_path: Path, schema: int) -> None:
        self.events_path = events_path
        self.path = events_path.with_name(FILE_NAME)
        self.schema = schema
        self._verified: VerifiedRecent | None = None

    def about_to_write(self, data: dict[str, Any], payload: bytes) -> None:
        """Record the newest events of the version about to be written (``payload``).

        Only a shortcut: when it cannot be written (a full disk) the old file is left, which
        does not match the new version, and readers parse ``events.json``; nor does this
        one match until that version is in place (a write that fails or is killed).
        """
        meta = data.get(META, {}).get("1", {})
        docs = data.get(EVENTS, {})
        record = {
            "format": FORMAT,
            "schema": meta.get("schema"),
            "kind": meta.get("kind"),
            "size": len(payload),
            "digest": bytes_digest(payload),
            "count": len(docs),
            EVENTS: newest_documents(docs, KEPT),
        }
        self._verified = None
        try:
            atomic_write_bytes(self.path, dump_json(record))
        except OSError:
            pass  # see the docstring

    def newest(self, limit: int) -> dict[str, Any] | None:
        """The ``limit`` newest event documents of ``events.json`` as it is now, by id.

        ``None`` when this file cannot vouch for it (see the module): parse ``events.json``.
        """
        if limit > KEPT:
            return None
        verified = self.verify()
        if verified is None:
            return None
        return newest_documents(verified.documents, limit)

    def verify(self) -> VerifiedRecent | None:
        """What this file holds, when it is true of ``events.json`` as it is now.

        The answer is kept while ``events.json`` keeps a settled signature (the store's one
        rule, :mod:`tui.store.signature`), so opening the store and then reading the recent
        events check the bytes once.
        """
        verified = self._verified
        if verified is not None and self._unchanged(verified.signature):
            return verified
        self._verified = verified = self._read()
        return verified

    def _unchanged(self, signature: Signature) -> bool:
        try:
            info = self.events_path.stat()
        except OSError:
            return False
        now = (info.st_ino, info.st_mtime_ns, info.st_size)
        return now == signature and settled(signature, time.time_ns())

    def _read(self) -> VerifiedRecent | None:
        try:
            record = json.loads(read_regular_file(self.path))
            payload, info = read_regular_file_and_stat(self.events_path)
        except (OSError, ValueError):
            return None
        if not (
            isinstance(record, dict)
            and record.get("format") == FORMAT
            and record.get("schema") == self.schema
            and record.get("kind") == EVENTS
            and record.get("size") == len(payload)
            and _documents(record.get(EVENTS))
            and record.get("digest") == bytes_digest(payload)
        ):
            return None
        return VerifiedRecent((info.st_ino, info.st_mtime_ns, info.st_size), record[EVENTS])


def _documents(docs: Any) -> bool:
    """True for ``{"12": {...}, ...}``: what an events table is (a damaged file is not)."""
    return isinstance(docs, dict) and all(
        isinstance(doc_id, str) and doc_id.isdigit() and doc_id.isascii() and isinstance(doc, dict)
        for doc_id, doc in docs.items()
    )
