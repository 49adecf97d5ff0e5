"""TinyDB inside a transaction: ids never handed out twice (in memory, no disk)."""

from __future__ import annotations

from tinydb.table import Document

from tui.store.tables import META, TransactionDB, TransactionStorage


def transaction(data: dict) -> tuple[TransactionDB, TransactionStorage]:
    storage = TransactionStorage(data)
    return TransactionDB(storage), storage


def test_ids_continue_from_the_highest_ever_used() -> None:
    db, storage = transaction({META: {"1": {"last_ids": {"notes": 7}}}, "notes": {"2": {}}})
    assert db.table("notes").insert({"text": "a"}) == 8
    db.table("notes").remove(doc_ids=[8])
    assert db.table("notes").insert_multiple([{"text": "b"}, {"text": "c"}]) == [9, 10]
    assert storage.high_water_marks()["notes"] == 10


def test_without_a_mark_ids_continue_from_the_highest_present() -> None:
    db, storage = transaction({"events": {"3": {}, "5": {}}})
    assert db.table("events").insert({}) == 6
    db.table("events").truncate()
    assert db.table("events").insert({}) == 7  # not 1: the truncated ids stay used
    assert storage.high_water_marks() == {"events": 7}


def test_a_document_put_back_keeps_its_id_and_new_ones_pass_it() -> None:
    db, storage = transaction({"notes": {"1": {}}})
    assert db.table("notes").insert({}) == 2
    db.table("notes").upsert(Document({"text": "undone"}, doc_id=9))
    assert db.table("notes").documents()["9"] == {"text": "undone"}
    assert db.table("notes").insert({}) == 10
    assert storage.dirty and storage.high_water_marks()["notes"] == 10
