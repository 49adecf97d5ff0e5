"""Several sessions on one store: nobody loses anybody's writes, and exactly one of them polls."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tui.domain import Event, parse_day
from tui.store import StoreError
from tui.store.locks import PollerLock
from tui.store.store import Store

ADDER = """
import sys
import time
from pathlib import Path

from tui.store.store import Store

root, name, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
store = Store.open(root)
print("ready", flush=True)
while not go.exists():
    time.sleep(0.001)
for number in range(count):
    note = store.add_note(f"{name} note {number}")
    print(note.id, flush=True)
"""

POLLER = """
import sys
import time
from pathlib import Path

from tui.store.locks import PollerLock

lock = PollerLock(Path(sys.argv[1]))
said_waiting = False
while not lock.try_acquire():
    if not said_waiting:
        print("waiting", flush=True)
        said_waiting = True
    time.sleep(0.01)
print("holding", flush=True)
time.sleep(60)
"""


def test_four_processes_adding_notes_at_once_lose_nothing(store_dir: Path, children) -> None:
    Store.open(store_dir)
    go = store_dir.parent / "go"
    names = ["alpha", "bravo", "charlie", "delta"]
    writers = [children.start(ADDER, store_dir, name, 100, go) for name in names]
    for writer in writers:
        assert writer.stdout.readline() == "ready\n", writer.stderr.read()
    go.touch()  # all four start writing at the same moment
    reported: dict[str, list[int]] = {}
    for name, writer in zip(names, writers, strict=True):
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        reported[name] = [int(line) for line in out.split()]

    notes = Store.open(store_dir).notes()
    assert len(notes) == 400
    assert len({note.id for note in notes}) == 400
    by_id = {note.id: note.text for note in notes}
    for name, ids in reported.items():
        assert len(ids) == 100
        assert [by_id[i] for i in ids] == [f"{name} note {n}" for n in range(100)]


def test_a_second_session_sees_the_first_sessions_writes(store_dir: Path) -> None:
    first, second = Store.open(store_dir), Store.open(store_dir)
    before = second.signature()
    note = first.add_note("written by the first session")
    assert second.signature() != before
    assert [n.text for n in second.notes()] == ["written by the first session"]
    second.save_note_text(note.id, "edited by the second", note.revision)
    assert first.note(note.id).text == "edited by the second"
    assert first.generations()["notes"] == 2


def test_an_id_is_never_handed_out_twice_across_sessions(store_dir: Path) -> None:
    """Deleting the newest note and adding one elsewhere must not reuse its id: the undo of
    the delete (or a session still editing it) would otherwise overwrite the newcomer."""
    first, second = Store.open(store_dir), Store.open(store_dir)
    kept = first.add_note("kept")
    doomed = first.add_note("deleted, then restored")
    first.delete_note(doomed.id)
    newcomer = second.add_note("added meanwhile in another session")
    assert newcomer.id not in (kept.id, doomed.id)
    first.restore_note(doomed)
    texts = {n.id: n.text for n in second.notes()}
    assert texts == {
        kept.id: "kept",
        doomed.id: "deleted, then restored",
        newcomer.id: "added meanwhile in another session",
    }
    # An edit of the deleted note, made on a screen that still shows it, is kept as a new note.
    first.delete_note(doomed.id)
    second.add_note("another newcomer")
    saved = first.save_note_text(doomed.id, "edit of a deleted note", doomed.revision)
    assert saved.note.id != doomed.id
    assert {n.text for n in second.notes()} >= {"another newcomer", "edit of a deleted note"}


def test_an_event_edited_after_another_session_deleted_it_is_refused(store_dir: Path) -> None:
    first, second = Store.open(store_dir), Store.open(store_dir)
    event = first.add_event(Event(id=0, day=parse_day("2022-11-04"), title="layoffs"))
    second.delete_event(event.id)
    replacement = second.add_event(Event(id=0, day=parse_day("2022-11-05"), title="other"))
    assert replacement.id != event.id
    with pytest.raises(StoreError, match="no longer exists"):
        first.update_event(event)
    assert [e.title for e in first.events()] == ["other"]


def test_exactly_one_process_polls_and_another_takes_over_when_it_dies(
    store_dir: Path, children
) -> None:
    Store.open(store_dir)
    lock_path = store_dir / "poller.lock"
    holder = children.start(POLLER, lock_path)
    waiter = None
    try:
        assert holder.stdout.readline() == "holding\n", holder.stderr.read()
        waiter = children.start(POLLER, lock_path)
        assert waiter.stdout.readline() == "waiting\n", waiter.stderr.read()
        observer = PollerLock(lock_path)
        assert observer.is_held_elsewhere()
        assert observer.holder_pid() == holder.pid
        assert not observer.try_acquire()

        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        assert waiter.stdout.readline() == "holding\n"
        assert observer.is_held_elsewhere()
        assert observer.holder_pid() == waiter.pid
    finally:
        for process in (holder, waiter):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while observer.is_held_elsewhere() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert observer.holder_pid() is None  # the dead holder's pid is not reported
    assert observer.try_acquire()
    assert observer.holder_pid() == os.getpid()
    observer.release()


def test_poller_lock_within_one_process(store_dir: Path) -> None:
    Store.open(store_dir)
    first = PollerLock(store_dir / "poller.lock")
    second = PollerLock(store_dir / "poller.lock")
    assert first.try_acquire() and first.held
    assert first.try_acquire()  # idempotent
    assert not second.try_acquire()
    assert second.is_held_elsewhere() and not first.is_held_elsewhere()
    first.release()
    assert not second.is_held_elsewhere()
    assert second.try_acquire()
    second.release()


def test_asking_who_polls_changes_nothing(store_dir: Path) -> None:
    """``doctor`` asks about the poller lock: that must not create or write the lock file."""
    Store.open(store_dir)
    lock = PollerLock(store_dir / "poller.lock")
    assert not lock.is_held_elsewhere()
    assert lock.holder_pid() is None
    assert not (store_dir / "poller.lock").exists()
