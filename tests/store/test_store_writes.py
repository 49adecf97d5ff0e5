"""Atomic, durable, private writes; and writes that fail say so and keep the previous file."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

import tui.store.atomic as atomic
from tui.domain import Event, Incident, parse_day, parse_iso
from tui.store import StoreWriteError
from tui.store.atomic import TEMP_PREFIX, atomic_write_bytes
from tui.store.store import Store

NOBODY = 65534

# Runs as the store's owner: with privileges dropped to 'nobody' when the tests run as root
# (root ignores directory permissions), as the current user otherwise.
READ_ONLY_CHILD = """
import json
import os
import sys
from pathlib import Path

from tui.store import Store, StoreError, StoreWriteError
from tui.store.doctor import check_store
import hashlib, tempfile, tui.store.recovery, tui.store.tables  # what the store loads lazily

# Imports first: the interpreter itself may live where 'nobody' cannot read.
if sys.argv[1] == "drop":
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)

result = {}
store = Store.open(Path(sys.argv[2]))
result["notes"] = [note.text for note in store.notes()]
try:
    store.add_note("this cannot be saved")
    result["error"] = None
except StoreWriteError as error:
    result["error"] = str(error)
result["doctor"] = [f.to_dict() for f in check_store(Path(sys.argv[2])) if f.is_problem]
for case, path in (("unreadable", sys.argv[3]), ("damaged", sys.argv[4])):
    try:
        Store.open(Path(path))
        result[case] = None
    except StoreError as error:
        result[case] = f"{type(error).__name__}: {error}"
print(json.dumps(result))
"""

FILE_TOO_LARGE_CHILD = """
import resource
import signal
import sys
from pathlib import Path

from tui.store import Store, StoreWriteError

store = Store.open(Path(sys.argv[1]))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))  # like a quota: no file over 64 bytes
try:
    store.add_note("x" * 1000)
except StoreWriteError as error:
    print(error)
"""


def test_files_are_private_whatever_the_umask(store_dir: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        store = Store.open(store_dir)
        store.add_note("private")
        store.add_note("a second save makes a backup")
        store.add_event(Event(id=0, day=parse_day("2023-01-01"), title="an event"))
        store.merge_incidents([make_incident()])
        os.chmod(store_dir / "events.json", 0o644)  # loosened by hand...
        store.add_event(Event(id=0, day=parse_day("2023-01-02"), title="another"))
    finally:
        os.umask(old_umask)
    assert list((store_dir / "backups").iterdir())
    for path in [store_dir, *store_dir.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path  # ...and tightened by a save


def make_incident() -> Incident:
    start = parse_iso("2023-02-01T12:00:00Z")
    return Incident("s1", "x1", "down", "investigating", "major", start)


def test_orphaned_temporary_files_are_removed_at_start_up(store_dir: Path) -> None:
    Store.open(store_dir).add_note("x")
    orphans = [
        store_dir / f"{TEMP_PREFIX}abc.json",
        store_dir / "incidents" / f"{TEMP_PREFIX}def.json",
    ]
    for orphan in orphans:
        orphan.write_bytes(b'{"half a wri')
    Store.open(store_dir)
    assert not any(orphan.exists() for orphan in orphans)


def test_no_handle_is_kept_open_between_calls(store_dir: Path) -> None:
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():
        pytest.skip("needs /proc to list open files")
    store = Store.open(store_dir)
    store.add_note("x")
    store.notes()
    open_in_store = []
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(store_dir)):
            open_in_store.append(target)
    assert open_in_store == []


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (errno.ENOSPC, "No space left on device"),
        (errno.EDQUOT, "Disk quota exceeded"),
        (errno.EROFS, "Read-only file system"),
    ],
)
def test_failed_write_says_why_and_keeps_the_previous_file(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch, error: int, words: str
) -> None:
    store = Store.open(store_dir)
    note = store.add_note("saved before the disk filled up")
    before = (store_dir / "notes.json").read_bytes()

    def fail(fd: int) -> None:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(atomic.os, "fsync", fail)
    with pytest.raises(StoreWriteError) as caught:
        store.save_note_text(note.id, "an edit that cannot be saved", note.revision)
    monkeypatch.undo()

    message = str(caught.value)
    assert str(store_dir / "notes.json") in message and words in message
    assert "previous version is kept" in message
    assert (store_dir / "notes.json").read_bytes() == before
    assert not list(store_dir.rglob(f"{TEMP_PREFIX}*"))
    # Nothing was silently dropped: the caller was told, and once there is room it saves.
    saved = store.save_note_text(note.id, "an edit that cannot be saved", note.revision)
    assert store.note(note.id).text == "an edit that cannot be saved" == saved.note.text


def test_file_size_limit_fails_the_write_cleanly(store_dir: Path, children) -> None:
    store = Store.open(store_dir)
    store.add_note("small")
    before = (store_dir / "notes.json").read_bytes()
    result = children.run(FILE_TOO_LARGE_CHILD, store_dir)
    assert result.returncode == 0, result.stderr
    assert "could not save" in result.stdout and "File too large" in result.stdout
    assert (store_dir / "notes.json").read_bytes() == before
    reopened = Store.open(store_dir)
    assert reopened.status.messages == []
    assert [n.text for n in reopened.notes()] == ["small"]


def test_read_only_directory_fails_writes_and_keeps_everything(children, files_of) -> None:
    as_root = os.geteuid() == 0
    base = Path(tempfile.mkdtemp(prefix="whalewatch-ro-"))
    root, other, damaged = base / "store", base / "other", base / "damaged"
    try:
        store = Store.open(root)
        store.add_note("kept")
        store.add_note("also kept")
        Store.open(other).add_note("unreadable")
        Store.open(damaged).add_note("soon damaged")
        Store.open(damaged).notes_file.backup_now()
        (damaged / "notes.json").write_bytes(b'{"_meta": {"1"')
        if as_root:
            for path in (base, *base.rglob("*")):
                os.chown(path, NOBODY, NOBODY)
        for store in (root, damaged):
            for directory in (store, store / "incidents", store / "backups"):
                os.chmod(directory, 0o500)
        os.chmod(other / "notes.json", 0o000)
        before, damaged_before = files_of(root), files_of(damaged)

        drop = "drop" if as_root else "stay"
        result = children.run(READ_ONLY_CHILD, drop, root, other, damaged)

        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert sorted(report["notes"]) == ["also kept", "kept"]
        assert report["error"] is not None
        assert str(root / "notes.json") in report["error"]
        assert "Permission denied" in report["error"]
        assert files_of(root) == before
        assert any("not writable" in f["message"] for f in report["doctor"])
        assert report["unreadable"].startswith("StoreUnreadable")
        assert str(other / "notes.json") in report["unreadable"]
        assert "Permission denied" in report["unreadable"]
        # Damage that cannot be moved aside stops the store, and nothing is changed.
        assert report["damaged"].startswith("StoreWriteError")
        assert str(damaged / "notes.json") in report["damaged"]
        assert "could not be restored: Permission denied" in report["damaged"]
        assert files_of(damaged) == damaged_before
    finally:
        for path in (base, *base.rglob("*")):
            os.chmod(path, 0o700)
        shutil.rmtree(base)


def test_atomic_write_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "file.json"
    target.write_bytes(b"old content that is longer than the new one")
    os.chmod(target, 0o644)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]
