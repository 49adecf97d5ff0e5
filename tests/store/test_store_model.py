"""The store against a plain in-memory model, driven by Hypothesis through two sessions.

Every step goes through one of two ``Store`` objects on the same directory (two sessions), and
after every step both must show exactly the model: so a stale read cache, a lost write, a
reused id or a wrong conflict rule shows up as a minimal sequence of steps.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tui.domain import Event, Note
from tui.store import StoreError
from tui.store.store import Store

texts = st.text(max_size=40)
sessions = st.integers(min_value=0, max_value=1)
picks = st.integers(min_value=0, max_value=10_000)
attachments = st.sampled_from([("", ""), ("incident", "s1:42"), ("event", "1"), ("platform", "X")])
days = st.dates(min_value=date(2022, 1, 1), max_value=date(2024, 12, 31))

IN_MEMORY = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
"""Where the stores live: in memory where there is a tmpfs. The model checks what the two
sessions read, not what survives a power cut; on a disk, thousands of steps each waiting for
fsync made this the slowest test of the suite while using a tenth of a core."""


def view(note: Note) -> tuple:
    return (note.text, note.revision, note.target_kind, note.target_id, note.pinned)


class StoreAgainstModel(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="whalewatch-model-", dir=IN_MEMORY))
        self.sessions = [Store.open(self.root), Store.open(self.root)]
        self.notes: dict[int, Note] = {}
        self.deleted_notes: dict[int, Note] = {}
        self.events: dict[int, Event] = {}
        self.deleted_events: dict[int, Event] = {}
        self.note_ids: set[int] = set()
        self.event_ids: set[int] = set()

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def new_note_id(self, note_id: int) -> None:
        assert note_id not in self.note_ids, f"note id {note_id} handed out twice"
        self.note_ids.add(note_id)

    # --- notes --------------------------------------------------------------------------------

    @rule(session=sessions, text=texts, attach=attachments, pinned=st.booleans())
    def add_note(self, session: int, text: str, attach: tuple[str, str], pinned: bool) -> None:
        note = self.sessions[session].add_note(text, *attach, pinned=pinned)
        self.new_note_id(note.id)
        assert view(note) == (text, 1, *attach, pinned)
        self.notes[note.id] = note

    @precondition(lambda self: self.notes or self.deleted_notes)
    @rule(session=sessions, pick=picks, text=texts, stale=st.booleans())
    def save_note_text(self, session: int, pick: int, text: str, stale: bool) -> None:
        ids = sorted(set(self.notes) | set(self.deleted_notes))
        note_id = ids[pick % len(ids)]
        current = self.notes.get(note_id)
        base = (current.revision if current else 1) - (1 if stale else 0)
        result = self.sessions[session].save_note_text(note_id, text, base)
        if current is not None and text == current.text:
            assert result.conflict_with is None and view(result.note) == view(current)
        elif current is not None and not stale:
            assert result.conflict_with is None and result.note.id == note_id
            self.notes[note_id] = replace(current, text=text, revision=current.revision + 1)
            assert view(result.note) == view(self.notes[note_id])
        else:
            # Saved on top of an older revision, or of a deleted note: kept as a new note.
            self.new_note_id(result.note.id)
            kind, ident = (current.target_kind, current.target_id) if current else ("", "")
            assert view(result.note) == (text, 1, kind, ident, False)
            if current is None:
                assert result.conflict_with is None
            else:
                assert view(result.conflict_with) == view(current)
            self.notes[result.note.id] = result.note

    @precondition(lambda self: self.notes)
    @rule(session=sessions, pick=picks)
    def toggle_pin(self, session: int, pick: int) -> None:
        note = self.notes[sorted(self.notes)[pick % len(self.notes)]]
        changed = self.sessions[session].update_note(replace(note, pinned=not note.pinned))
        self.notes[note.id] = replace(note, pinned=not note.pinned)
        assert view(changed) == view(self.notes[note.id])

    @precondition(lambda self: self.notes)
    @rule(session=sessions, pick=picks)
    def delete_note(self, session: int, pick: int) -> None:
        note_id = sorted(self.notes)[pick % len(self.notes)]
        deleted = self.sessions[session].delete_note(note_id)
        assert deleted is not None and view(deleted) == view(self.notes[note_id])
        self.deleted_notes[note_id] = deleted
        del self.notes[note_id]

    @precondition(lambda self: self.deleted_notes)
    @rule(session=sessions, pick=picks)
    def delete_note_again(self, session: int, pick: int) -> None:
        note_id = sorted(self.deleted_notes)[pick % len(self.deleted_notes)]
        assert self.sessions[session].delete_note(note_id) is None

    @precondition(lambda self: self.deleted_notes)
    @rule(session=sessions, pick=picks)
    def restore_note(self, session: int, pick: int) -> None:
        note_id = sorted(self.deleted_notes)[pick % len(self.deleted_notes)]
        note = self.deleted_notes.pop(note_id)
        self.sessions[session].restore_note(note)
        self.notes[note_id] = note

    # --- events -------------------------------------------------------------------------------

    @rule(session=sessions, title=texts, day=days, change=st.booleans())
    def add_event(self, session: int, title: str, day: date, change: bool) -> None:
        event = self.sessions[session].add_event(Event(0, day, title, is_change=change))
        assert event.id not in self.event_ids, f"event id {event.id} handed out twice"
        self.event_ids.add(event.id)
        self.events[event.id] = event

    @precondition(lambda self: self.events or self.deleted_events)
    @rule(session=sessions, pick=picks, title=texts)
    def update_event(self, session: int, pick: int, title: str) -> None:
        ids = sorted(set(self.events) | set(self.deleted_events))
        event_id = ids[pick % len(ids)]
        if event_id in self.events:
            updated = replace(self.events[event_id], title=title)
            self.sessions[session].update_event(updated)
            self.events[event_id] = updated
        else:
            with pytest.raises(StoreError, match="no longer exists"):
                self.sessions[session].update_event(self.deleted_events[event_id])

    @precondition(lambda self: self.events)
    @rule(session=sessions, pick=picks)
    def delete_event(self, session: int, pick: int) -> None:
        event_id = sorted(self.events)[pick % len(self.events)]
        assert self.sessions[session].delete_event(event_id) == self.events[event_id]
        self.deleted_events[event_id] = self.events.pop(event_id)

    @precondition(lambda self: self.deleted_events)
    @rule(session=sessions, pick=picks)
    def restore_event(self, session: int, pick: int) -> None:
        event_id = sorted(self.deleted_events)[pick % len(self.deleted_events)]
        event = self.deleted_events.pop(event_id)
        self.sessions[session].restore_event(event)
        self.events[event_id] = event

    # --- what both sessions show --------------------------------------------------------------

    @invariant()
    def both_sessions_show_the_model(self) -> None:
        expected_notes = {i: view(n) for i, n in self.notes.items()}
        for store in self.sessions:
            notes = store.notes()
            assert {n.id: view(n) for n in notes} == expected_notes
            pins = [n.pinned for n in notes]
            assert pins == sorted(pins, reverse=True)  # pinned first
            events = store.events()
            assert {e.id: e for e in events} == self.events
            assert [e.moment for e in events] == sorted(e.moment for e in events)


StoreAgainstModel.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_store_against_model = StoreAgainstModel.TestCase


def test_text_that_is_not_valid_unicode_is_stored_faithfully(store_dir: Path) -> None:
    """A lone surrogate (a terminal that sent invalid bytes) must not break the notes file."""
    store = Store.open(store_dir)
    note = store.add_note("broken \udcff byte")
    assert Store.open(store_dir).note(note.id).text == "broken \udcff byte"
    assert Store.open(store_dir).status.messages == []
