"""TinyDB inside one transaction: an in-memory storage, and tables that never reuse an id.

A transaction (see :meth:`tui.store.datafile.DataFile.transaction`) reads the file once under
the store lock, lets TinyDB work on the dict held by :class:`TransactionStorage`, and writes the
result once. Only TinyDB's public hooks are used: a custom ``Storage``, and ``table_class``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from .meta import META

Documents = dict[str, dict[str, Any]]
"""One table as stored: documents by their id, as text."""


class TransactionStorage(Storage):
    """A TinyDB storage over the dict a transaction holds, and the ids it hands out.

    A new storage (and TinyDB) is made for every transaction, so TinyDB's per-instance caches
    never outlive the lock and two processes cannot hand out the same document id. Each
    table's ids continue from the highest one ever used: the highest present, or the mark
    kept in ``_meta`` (so an id is never given to a second document after the first was
    deleted: an undo, or a session still showing the old one, could otherwise overwrite the
    newcomer).
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = False
        self._counters: dict[str, int] = {}

    def read(self) -> dict[str, Any] | None:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True

    def close(self) -> None:
        pass

    def documents(self, table: str) -> Documents:
        """The documents of ``table`` as stored, without building a ``Document`` for each."""
        documents: Documents = self.data.get(table, {})
        return documents

    def next_id(self, table: str) -> int:
        """A fresh id for a new document of ``table``: never one handed out before."""
        next_id = self._counters.get(table)
        if next_id is None:
            next_id = max(_highest_present(self.documents(table)), self._marks().get(table, 0)) + 1
        self._counters[table] = next_id + 1
        return next_id

    def reserve(self, table: str, doc_id: int) -> None:
        """Note an id put back by hand (an undo), so that no new document is given it."""
        if table in self._counters:
            self._counters[table] = max(self._counters[table], doc_id + 1)

    def high_water_marks(self) -> dict[str, int]:
        """The highest id each table ever used, to keep in ``_meta`` when the file is written."""
        marks = dict(self._marks())
        for name, documents in self.data.items():
            if name != META:
                marks[name] = max(marks.get(name, 0), _highest_present(documents))
        for name, next_id in self._counters.items():
            marks[name] = max(marks.get(name, 0), next_id - 1)
        return marks

    def _marks(self) -> dict[str, int]:
        marks = self.data.get(META, {}).get("1", {}).get("last_ids") or {}
        return {str(name): int(mark) for name, mark in marks.items()}


class StoreTable(Table):
    """A TinyDB table whose new documents take their ids from :class:`TransactionStorage`."""

    @property
    def transaction_storage(self) -> TransactionStorage:
        storage = self.storage
        assert isinstance(storage, TransactionStorage)
        return storage

    def documents(self) -> Documents:
        """The documents as stored (read-only by convention): no ``Document`` per read."""
        return self.transaction_storage.documents(self.name)

    def insert(self, document: Mapping) -> int:
        return super().insert(self._with_id(document))

    def insert_multiple(self, documents: Iterable[Mapping]) -> list[int]:
        """Add documents straight to the transaction's dict, in one pass.

        TinyDB's own ``insert_multiple`` copies the whole table twice (to integer keys and
        back) and builds a ``Document`` per row: most of the time of a 100,000-event import.
        The ids are this table's own (:meth:`TransactionStorage.next_id`), TinyDB's query
        cache is cleared as after any write, and the result is the same file.
        """
        storage = self.transaction_storage
        tables = storage.read()
        assert tables is not None
        table = tables.setdefault(self.name, {})
        ids = []
        for document in documents:
            if not isinstance(document, Mapping):
                raise ValueError("Document is not a Mapping")
            if isinstance(document, Document):
                doc_id = document.doc_id
                if str(doc_id) in table:
                    raise ValueError(f"Document with ID {doc_id} already exists")
                storage.reserve(self.name, doc_id)
            else:
                doc_id = storage.next_id(self.name)
            table[str(doc_id)] = dict(document)
            ids.append(doc_id)
        storage.write(tables)
        self.clear_cache()
        return ids

    def update_each(self, changes: Mapping[int, Mapping]) -> None:
        """Update each document ``doc_id`` with its own fields, in one pass.

        TinyDB's ``update`` copies the whole table twice per call: a poll cycle updating the
        health of 2,000 sources one by one spent most of its CPU there.
        """
        if not changes:
            return
        storage = self.transaction_storage
        tables = storage.read()
        assert tables is not None
        table = tables.setdefault(self.name, {})
        for doc_id, fields in changes.items():
            table[str(doc_id)].update(fields)
        storage.write(tables)
        self.clear_cache()

    def _with_id(self, document: Mapping) -> Mapping:
        if isinstance(document, Document):
            self.transaction_storage.reserve(self.name, document.doc_id)
            return document  # put back under its own id (an undo)
        return Document(document, doc_id=self.transaction_storage.next_id(self.name))


class TransactionDB(TinyDB):
    """The TinyDB a transaction hands out: its tables are :class:`StoreTable`."""

    table_class = StoreTable

    def __init__(self, storage: TransactionStorage) -> None:
        super().__init__(storage=lambda: storage)
        self.transaction_storage = storage

    def table(self, name: str, **kwargs: Any) -> StoreTable:
        table = super().table(name, **kwargs)
        assert isinstance(table, StoreTable)
        return table


def _highest_present(documents: Mapping[str, Any]) -> int:
    return max((int(key) for key in documents), default=0)
