"""Building domain records from stored documents, skipping the ones that are not records.

A store edited by hand (or by a tool that wrote it wrong) may hold a note whose
``created_at`` is ``"garbage"`` or that has no ``text``. Such a document must not take
``note list``, ``export`` or the dashboard down with it: it is skipped, and the user told once
which record of which file was skipped and why (through the store's status messages, which
the CLI prints on stderr and the dashboard shows as a notice). ``whalewatch doctor`` names
the same records (:func:`record_problems`), so the two never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from .. import domain
from ..record_shape import field_type_problems, record_problem

T = TypeVar("T")

READ_ERRORS = (ValueError, TypeError, KeyError, AttributeError, OverflowError)
"""What a record's ``from_dict`` raises on a document that is not one."""


@dataclass(frozen=True)
class OpenEntry:
    """One entry of ``incidents/index.json``: an open incident and the month file it is in."""

    key: str
    month: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OpenEntry:
        month = data["month"]
        if not (isinstance(month, str) and re.fullmatch(r"\d{4}-\d{2}", month)):
            raise ValueError(f"not a month (YYYY-MM): {month!r}")
        return cls(str(data["key"]), month)


class RecordKind(NamedTuple):
    """What one table of a store file holds: its record class and how to build one."""

    noun: str
    class_of: Callable[[], Any]
    """Returns the record class: the table names it without loading it (see tui.domain)."""
    with_id: bool = False
    """The record's ``id`` is its TinyDB document id (events, notes)."""
    checked: bool = False
    """Check every field's type on each read, not only that ``build`` succeeds: for notes,
    few and drawn by code that trusts their types (a ``"text": 5`` note would crash the
    screen). Events and incidents are many, and are read on every start: for them a wrong
    type that ``build`` accepts is left to ``whalewatch doctor``."""

    @property
    def cls(self) -> type:
        return self.class_of()

    @property
    def build(self) -> Callable[[dict[str, Any]], Any]:
        """The record class's ``from_dict``."""
        return self.class_of().from_dict


RECORD_KINDS: dict[tuple[str, str], RecordKind] = {
    ("config", "platforms"): RecordKind("platform", lambda: domain.Platform),
    ("config", "sources"): RecordKind("source", lambda: domain.Source),
    ("events", "events"): RecordKind("event", lambda: domain.Event, True),
    ("notes", "notes"): RecordKind("note", lambda: domain.Note, True, True),
    ("health", "health"): RecordKind("health record", lambda: domain.SourceHealth),
    ("incidents", "incidents"): RecordKind("incident", lambda: domain.Incident),
    ("incident-index", "open"): RecordKind("index entry", lambda: OpenEntry),
}
"""The record tables of each kind of file, by (file kind, table name)."""

LENIENT = frozenset({"id"})
"""Converted by ``from_dict`` itself (a source id written as a number)."""


def _document(kind: RecordKind, doc_id: str, doc: Any) -> Any:
    return {**doc, "id": int(doc_id)} if kind.with_id and isinstance(doc, dict) else doc


class RecordReader:
    """Builds records, skipping bad documents and telling ``messages`` about each, once."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        self._told: set[tuple[str, str, str]] = set()

    def records(
        self, label: str, file_kind: str, table: str, docs: dict[str, Any]
    ) -> Iterator[tuple[str, Any]]:
        """``(doc_id, record)`` for each good document of ``table`` in the file ``label``."""
        kind = RECORD_KINDS[(file_kind, table)]
        build = kind.build
        for doc_id, doc in docs.items():
            data = _document(kind, doc_id, doc)
            problem = ""
            if kind.checked:
                problem = _type_problem(kind, data)
            if not problem:
                try:
                    yield doc_id, build(data)
                    continue
                except READ_ERRORS:
                    problem = record_problem(kind.cls, data, kind.build, LENIENT)
            self._tell(label, kind.noun, doc_id, problem or "cannot be read")

    def one(self, label: str, file_kind: str, table: str, doc_id: str, doc: Any) -> Any | None:
        """The record of one document, or ``None`` (told) when it is not a valid one."""
        return next((r for _, r in self.records(label, file_kind, table, {doc_id: doc})), None)

    def _tell(self, label: str, noun: str, doc_id: str, problem: str) -> None:
        key = (label, doc_id, problem)
        if key in self._told:
            return
        self._told.add(key)
        self.messages.append(
            f"{label}: {noun} #{doc_id} skipped, it is not a valid {noun} ({problem}); "
            "`whalewatch doctor` lists such records, fix or delete it in the file"
        )


def _type_problem(kind: RecordKind, data: Any) -> str:
    if not isinstance(data, dict):
        return "not an object"
    problems = field_type_problems(kind.cls, data, LENIENT)
    return "; ".join(f"{name}: {message}" for name, message in problems)


def record_problems(file_kind: str, data: dict[str, Any]) -> Iterable[tuple[str, str, str]]:
    """``(noun, doc_id, problem)`` for every document of a parsed file that is not a record."""
    for (kind_of_file, table), kind in RECORD_KINDS.items():
        if kind_of_file != file_kind:
            continue
        for doc_id, doc in data.get(table, {}).items():
            problem = record_problem(kind.cls, _document(kind, doc_id, doc), kind.build, LENIENT)
            if problem:
                yield kind.noun, doc_id, problem
