"""What can still be read of a damaged store file, and what a recovery could not bring back.

A store file is one JSON object of tables, each an object of documents by id, written in
order: ``{"_meta": {"1": {...}}, "notes": {"1": {...}, "2": {...}, ...}}``. A file cut short
or overwritten partway still holds complete documents before the damage; :func:`salvage`
reads them one by one with the standard JSON decoder and stops at the first thing that is not
one. The ``_meta`` record (first in every file whalewatch writes) says the highest id each
table ever used, so documents after the damage point are still counted, and named.

Recovery (:func:`tui.store.backups.recover`) restores the newest good backup and puts back
every document read here that the backup lacks or holds an older version of; what it could
not bring back is listed by :func:`describe_loss` in the message the user is shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..record_shape import record_problem
from ..text import counted
from .meta import META
from .records import LENIENT, RECORD_KINDS

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"
NAMED_LOSSES = 10
"""Records of the user's own files named one by one in a message; beyond, how many more."""


@dataclass
class Salvage:
    """The readable part of a damaged file."""

    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Complete documents by table and id, as they were in the damaged file."""
    meta: dict[str, Any] = field(default_factory=dict)

    def mark(self, table: str) -> int:
        """The highest id ``table`` had used, by the damaged file's ``_meta`` (0: unknown)."""
        marks = self.meta.get("last_ids")
        mark = marks.get(table, 0) if isinstance(marks, dict) else 0
        return mark if isinstance(mark, int) and not isinstance(mark, bool) else 0


class _Stop(Exception):
    pass


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def skip(self) -> None:
        while self.at < len(self.text) and self.text[self.at] in _WHITESPACE:
            self.at += 1

    def expect(self, char: str) -> None:
        self.skip()
        if self.text[self.at : self.at + 1] != char:
            raise _Stop
        self.at += 1

    def peek(self) -> str:
        self.skip()
        return self.text[self.at : self.at + 1]

    def value(self) -> Any:
        self.skip()
        try:
            value, self.at = _DECODER.raw_decode(self.text, self.at)
        except (ValueError, RecursionError) as error:
            raise _Stop from error
        return value

    def key(self) -> str:
        key = self.value()
        if not isinstance(key, str):
            raise _Stop
        self.expect(":")
        return key


def salvage(payload: bytes, kind: str) -> Salvage:
    """The complete documents at the start of a damaged file of ``kind`` (nothing if it is
    another kind of file, or not a store file at all)."""
    found = Salvage()
    reader = _Reader(payload.decode("utf-8", errors="replace"))
    try:
        reader.expect("{")
        while reader.peek() not in ("}", ""):
            table_name = reader.key()
            reader.expect("{")
            table: dict[str, Any] = {}
            found.tables[table_name] = table
            while reader.peek() not in ("}", ""):
                doc_id = reader.key()
                doc = reader.value()
                if isinstance(doc, dict) and doc_id.isdigit():
                    table[doc_id] = doc
                if reader.peek() == ",":
                    reader.expect(",")
            reader.expect("}")
            if reader.peek() == ",":
                reader.expect(",")
    except _Stop:
        pass
    meta = found.tables.pop(META, {}).get("1")
    found.meta = meta if isinstance(meta, dict) else {}
    if found.meta.get("kind", kind) != kind:
        return Salvage()
    return found


@dataclass
class Loss:
    """What a recovery brought back from the damaged file, and what it could not, by table."""

    noun: str
    brought_back: int = 0
    unreadable: list[str] = field(default_factory=list)
    """Ids the damaged file had used after the restored version's, that cannot be read."""


def merge_salvage(kind: str, restored: dict[str, Any], found: Salvage) -> list[Loss]:
    """Put into ``restored`` each readable record of the damaged file that it lacks or holds
    an older version of; returns, per record table, what was brought back and what not.

    Only documents that are valid records are put back (a damaged file might end in
    something that parses but is not one). The id marks are kept as the higher of both, so no
    id of a lost record is ever handed to a new one.
    """
    losses = []
    meta = restored.setdefault(META, {}).setdefault("1", {})
    marks = dict(meta.get("last_ids") or {})
    for (file_kind, table), record in RECORD_KINDS.items():
        if file_kind != kind:
            continue
        docs = restored.setdefault(table, {})
        mark = max([marks.get(table, 0), *(int(i) for i in docs)])
        loss = Loss(record.noun)
        for doc_id, doc in found.tables.get(table, {}).items():
            if docs.get(doc_id) == doc:
                continue
            data = {**doc, "id": int(doc_id)} if record.with_id else doc
            if record_problem(record.cls, data, record.build, LENIENT):
                continue
            docs[doc_id] = doc
            loss.brought_back += 1
        for number in range(mark + 1, found.mark(table) + 1):
            if str(number) not in docs:
                loss.unreadable.append(str(number))
        marks[table] = max([mark, found.mark(table), *(int(i) for i in docs)])
        if not docs:
            del restored[table]
        losses.append(loss)
    meta["last_ids"] = marks
    return losses


def describe_loss(losses: list[Loss], precious: bool, from_backup: bool) -> str:
    """The part of a recovery message that says what came back and what did not."""
    newer = " newer than the backup" if from_backup else ""
    since = " added since the backup" if from_backup else ""
    parts = []
    for loss in losses:
        if loss.brought_back:
            parts.append(
                f"{counted(loss.brought_back, loss.noun)}{newer} read back from the damaged file"
            )
        if not loss.unreadable:
            continue
        count = len(loss.unreadable)
        if precious and count <= NAMED_LOSSES:
            ids = ", ".join(f"#{doc_id}" for doc_id in loss.unreadable)
            what = f"{loss.noun}{'' if count == 1 else 's'} {ids}"
        else:
            what = counted(count, loss.noun)
        verb = "was" if count == 1 else "were"
        parts.append(
            f"{what}{since} {verb} unreadable in the damaged file and could not be brought back"
        )
    return "; ".join(parts)
