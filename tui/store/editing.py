"""A marker of the note being edited, so that the next start can say an edit was interrupted.

Autosave already puts the text on disk about a second after each pause in typing; what a crash
or ``kill -9`` loses is only the user's knowledge of whether the last words made it. The
editor writes ``editing-<pid>.json`` when it opens and removes it when it closes; a marker
whose process is gone means that session died mid-edit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..domain import to_iso, utcnow
from .atomic import atomic_write_bytes, read_regular_file
from .errors import StoreError
from .locks import FileLock

PREFIX = "editing-"


def _marker(root: Path, pid: int | None = None) -> Path:
    return root / f"{PREFIX}{pid or os.getpid()}.json"


def mark_editing(root: Path, note_id: int | None, target: str) -> None:
    """Record that this process is editing ``note_id`` (None: a new note not saved yet).

    Written under the store lock like every other file: a session starting meanwhile removes
    the temporary files it finds, which is only safe while no one else is writing one.
    """
    payload = {"pid": os.getpid(), "note_id": note_id, "target": target, "since": to_iso(utcnow())}
    try:
        with FileLock(root / "store.lock").held():
            atomic_write_bytes(_marker(root), json.dumps(payload).encode())
    except StoreError as error:  # the lock file cannot be opened: as any failed write
        raise OSError(str(error)) from error


def clear_editing(root: Path) -> None:
    try:
        _marker(root).unlink()
    except FileNotFoundError:
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def interrupted_edits(root: Path) -> list[dict[str, Any]]:
    """Markers left by sessions that died while editing; each is removed once reported."""
    found = []
    for path, data in stale_markers(root):
        found.append(data)
        try:
            path.unlink()
        except OSError:
            pass
    return found


def stale_markers(root: Path) -> list[tuple[Path, dict[str, Any]]]:
    """The markers whose session is gone, with what they say, removing none (``doctor``)."""
    found = []
    for path in sorted(root.glob(f"{PREFIX}*.json")):
        try:
            data = json.loads(read_regular_file(path))
            pid = int(data.get("pid", 0))
        except (OSError, ValueError, TypeError):
            data, pid = {}, 0
        if pid and pid != os.getpid() and _alive(pid):
            continue
        if pid == os.getpid():
            continue
        found.append((path, data))
    return found
