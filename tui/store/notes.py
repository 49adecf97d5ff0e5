"""The user's notes (``notes.json``, a precious file): free text, maybe attached to an item.

Two sessions may edit the same note; a save never overwrites the other session's text (see
:meth:`NoteBook.save_text`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any, NamedTuple

from ..domain import Note, utcnow
from .datafile import DataFile
from .errors import StoreError
from .records import RecordReader


class NoteSave(NamedTuple):
    """The outcome of saving a note: the saved note, and the other session's copy on conflict."""

    note: Note
    conflict_with: Note | None = None


class NoteBook:
    """The user's notes, by their id."""

    def __init__(self, notes: DataFile, reader: RecordReader | None = None) -> None:
        self.file = notes
        self.reader = reader or RecordReader([])
        """Skips (and reports) a stored document that is not a note."""

    def all(self) -> list[Note]:
        """All notes, pinned first, then most recently updated first (bad ones skipped).

        Kept in place of the parsed file while it is unchanged (as the events are, see
        :meth:`DataFile.load_derived`): the dashboard holds the notes as objects anyway.
        """
        return list(self.file.load_derived(self._sorted))

    def _sorted(self, data: dict[str, Any]) -> tuple[Note, ...]:
        docs = data.get("notes", {})
        items = [note for _, note in self.reader.records(self.file.label, "notes", "notes", docs)]
        items.sort(key=lambda n: n.updated_at or n.created_at or utcnow(), reverse=True)
        items.sort(key=lambda n: not n.pinned)
        return tuple(items)

    def get(self, note_id: int) -> Note | None:
        doc = self.file.table("notes").get(str(note_id))
        if doc is None:
            return None
        note: Note | None = self.reader.one(self.file.label, "notes", "notes", str(note_id), doc)
        return note

    def attached_to(self, target_kind: str, target_id: str) -> list[Note]:
        return [n for n in self.all() if n.target_kind == target_kind and n.target_id == target_id]

    def add(
        self,
        text: str,
        target_kind: str = "",
        target_id: str = "",
        pinned: bool = False,
        created_at: datetime | None = None,
    ) -> Note:
        now = utcnow()
        note = Note(
            id=0,
            text=text,
            target_kind=target_kind,
            target_id=str(target_id) if target_kind else "",
            pinned=pinned,
            created_at=created_at or now,
            updated_at=created_at or now,
            revision=1,
        )
        with self.file.transaction() as db:
            doc = note.to_dict()
            doc.pop("id")
            new_id = db.table("notes").insert(doc)
        return replace(note, id=new_id)

    def add_many(self, notes: Iterable[Note]) -> list[Note]:
        """Add notes in one write (an import): new ids, revision 1, their own creation times."""
        now = utcnow()
        fresh = [
            replace(
                note,
                id=0,
                target_id=str(note.target_id) if note.target_kind else "",
                created_at=note.created_at or now,
                updated_at=note.created_at or now,
                revision=1,
            )
            for note in notes
        ]
        docs = [note.to_dict() for note in fresh]
        for doc in docs:
            doc.pop("id")
        with self.file.transaction() as db:
            ids = db.table("notes").insert_multiple(docs) if docs else []
        return [replace(note, id=new_id) for note, new_id in zip(fresh, ids, strict=True)]

    def save_text(self, note_id: int, text: str, base_revision: int) -> NoteSave:
        """Save an edit made on top of ``base_revision``, never overwriting another session's.

        If the note changed on disk since (another session saved it), this edit is kept as a new
        note attached to the same item and both are reported; if the note was deleted meanwhile,
        the text is saved as a new note too. Nothing the user typed is ever dropped.
        """
        now = utcnow()
        with self.file.transaction() as db:
            table = db.table("notes")
            doc = table.get(doc_id=note_id)
            if doc is not None:
                current = Note.from_dict({**doc, "id": note_id})
                if current.text == text:
                    return NoteSave(current)
                if current.revision == base_revision:
                    saved = replace(current, text=text, updated_at=now, revision=base_revision + 1)
                    update = saved.to_dict()
                    update.pop("id")
                    table.update(update, doc_ids=[note_id])
                    return NoteSave(saved)
                target_kind, target_id = current.target_kind, current.target_id
            else:
                current = None
                target_kind, target_id = "", ""
            copy = Note(
                id=0,
                text=text,
                target_kind=target_kind,
                target_id=target_id,
                created_at=now,
                updated_at=now,
                revision=1,
            )
            new_doc = copy.to_dict()
            new_doc.pop("id")
            new_id = table.insert(new_doc)
        return NoteSave(replace(copy, id=new_id), conflict_with=current)

    def update(self, note: Note) -> Note:
        """Change a note's pin or attachment (not its text), keeping the latest text on disk."""
        with self.file.transaction() as db:
            table = db.table("notes")
            doc = table.get(doc_id=note.id)
            if doc is None:
                raise StoreError(f"note {note.id} no longer exists (deleted in another session?)")
            fields = {
                "pinned": note.pinned,
                "target_kind": note.target_kind,
                "target_id": note.target_id,
            }
            table.update(fields, doc_ids=[note.id])
            merged = Note.from_dict({**doc, **fields, "id": note.id})
        return merged

    def delete(self, note_id: int) -> Note | None:
        with self.file.transaction() as db:
            table = db.table("notes")
            doc = table.get(doc_id=note_id)
            if doc is None:
                return None
            table.remove(doc_ids=[note_id])
        return Note.from_dict({**doc, "id": note_id})

    def restore(self, note: Note) -> Note:
        """Undo a delete: put the note back under its old id."""
        from tinydb.table import Document  # TinyDB loads with a write, not with a read

        with self.file.transaction() as db:
            doc = note.to_dict()
            doc.pop("id")
            db.table("notes").upsert(Document(doc, doc_id=note.id))
        return note
