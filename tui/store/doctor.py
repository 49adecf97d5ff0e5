"""``whalewatch doctor``: look at a store and say what is wrong with it, changing nothing.

It reads every file (the whole incident history too), the locks, the backups, permissions and
leftovers of interrupted writes or past recoveries. Unlike :meth:`Store.open` it repairs
nothing, so it is safe to run at any time, even while sessions are using the store.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..text import counted
from .atomic import TEMP_PREFIX, read_regular_file
from .backups import DAMAGED_MARK, PREVIOUS
from .commit import COMMIT_RECORD, STAGED_PREFIX
from .datafile import META, DataFile
from .editing import stale_markers
from .errors import StoreDamaged, StoreTooNew, StoreUnreadable
from .locks import lock_file_problem
from .records import record_problems
from .store import Store

LEVELS = ("ok", "info", "warning", "error")
PROBLEM_LEVELS = frozenset({"warning", "error"})
LOW_SPACE_BYTES = 20 * 1024 * 1024
STORE_LOCK_PATIENCE_SECONDS = 1.0


@dataclass(frozen=True)
class Finding:
    """One thing the doctor noticed: ``level`` is ok, info, warning or error."""

    level: str
    file: str
    message: str

    @property
    def is_problem(self) -> bool:
        return self.level in PROBLEM_LEVELS

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def check_store(path: Path) -> list[Finding]:
    """Everything worth knowing about the store at ``path``, most basic first."""
    root = Path(path)
    if not root.exists():
        return [Finding("error", str(root), "there is no store here (nothing to check)")]
    if not root.is_dir():
        return [Finding("error", str(root), "this is a file, but a store is a directory")]
    store = Store(root)
    findings = _check_directory(root, ".")
    for datafile in store.main_files():
        findings += _check_file(datafile)[0]
    findings += _check_history(store)
    findings += _check_locks(store)
    findings += _check_backups(store)
    findings += _check_leftovers(root)
    findings += _check_editing_markers(root)
    return findings


def has_problem(findings: list[Finding]) -> bool:
    return any(finding.is_problem for finding in findings)


# --- the checks -----------------------------------------------------------------------------


def _mode_problem(path: Path, expected: int) -> str:
    """A readable complaint when ``path`` is open to other users ('' when it is not)."""
    try:
        mode = stat.S_IMODE(path.lstat().st_mode)
    except OSError:
        return ""
    if mode & 0o077:
        return (
            f"is open to other users (mode {mode:04o}, expected {expected:04o}: chmod {expected:o})"
        )
    return ""


def _check_directory(directory: Path, name: str) -> list[Finding]:
    findings = []
    problem = _mode_problem(directory, 0o700)
    if problem:
        findings.append(Finding("warning", name, f"the directory {problem}"))
    info = directory.stat()
    if info.st_uid != os.geteuid():
        findings.append(Finding("warning", name, f"belongs to another user (uid {info.st_uid})"))
    try:
        space = os.statvfs(directory)
    except OSError:
        space = None
    if space is not None and space.f_flag & os.ST_RDONLY:
        findings.append(Finding("error", name, "is on a read-only file system: saves will fail"))
    elif not os.access(directory, os.W_OK | os.X_OK):
        findings.append(Finding("error", name, "is not writable by you: saves will fail"))
    elif space is not None and space.f_bavail * space.f_frsize < LOW_SPACE_BYTES:
        free = space.f_bavail * space.f_frsize // (1024 * 1024)
        findings.append(Finding("warning", name, f"only {free} MiB free on its disk"))
    if name == "." and not findings:
        findings.append(Finding("ok", name, "the store directory is private and writable"))
    return findings


def _describe(data: dict[str, Any]) -> str:
    meta = data.get(META, {}).get("1", {})
    counts = ", ".join(
        f"{len(table)} {name}" for name, table in data.items() if name != META and table
    )
    text = f"schema {meta.get('schema', 0)}, generation {meta.get('generation', 0)}"
    return f"{text}, {counts}" if counts else f"{text}, empty"


def _check_file(datafile: DataFile) -> tuple[list[Finding], dict[str, Any] | None]:
    """Findings about one data file, and its data when it could be read."""
    name = datafile.label
    try:
        found = datafile.read_payload()
    except StoreUnreadable as error:
        fix = "move it away" if "not a regular file" in error.reason else "check its permissions"
        message = f"cannot be read ({error.reason}); {fix}"
        return [Finding("error", name, message)], None
    if found is None:
        return [Finding("ok", name, "not created yet")], None
    findings = []
    try:
        data = datafile.parse(found[0])
    except StoreTooNew as error:
        findings.append(Finding("error", name, f"{error.reason}; it is left untouched"))
        data = None
    except StoreDamaged as error:
        findings.append(Finding("error", name, f"damaged: {error.reason}; {_repair(datafile)}"))
        data = None
    if data is not None:
        version = datafile.schema_of(data)
        if version < datafile.schema:
            findings.append(
                Finding(
                    "warning",
                    name,
                    f"older schema {version}: migrated to {datafile.schema} (keeping a backup) "
                    "when whalewatch next opens the store",
                )
            )
        else:
            findings.append(Finding("ok", name, _describe(data)))
        findings += _check_records(datafile, data)
    problem = _mode_problem(datafile.path, 0o600)
    if problem:
        findings.append(Finding("warning", name, problem))
    return findings, data


RECORDS_LISTED = 20
"""Bad records named one by one per file; beyond that, only how many more."""


def _check_records(datafile: DataFile, data: dict[str, Any]) -> list[Finding]:
    """Every document of every record table, checked as the record it should be."""
    findings = []
    bad = list(record_problems(datafile.kind, data))
    for noun, doc_id, problem in bad[:RECORDS_LISTED]:
        findings.append(
            Finding(
                "error",
                datafile.label,
                f"{noun} #{doc_id} is not a valid {noun} ({problem}); listings and exports "
                "skip it: fix or delete it in the file",
            )
        )
    if len(bad) > RECORDS_LISTED:
        more = len(bad) - RECORDS_LISTED
        findings.append(Finding("error", datafile.label, f"and {more} more bad records"))
    return findings


def _repair(datafile: DataFile) -> str:
    """What opening the store will do about a damaged file."""
    for backup in datafile.backup_list():
        try:
            datafile.parse(read_regular_file(backup.path), backup.path)
        except (OSError, StoreDamaged):
            continue
        return (
            f"opening the store moves it aside, restores the backup {backup.path.name} and "
            "puts back the records that still read in the damaged file"
        )
    if not datafile.precious:
        return (
            "opening the store moves it aside and keeps the records that still read in it; "
            "the next poll rebuilds the rest"
        )
    return (
        "opening the store moves it aside and, with no good backup, keeps only the records "
        "that still read in it"
    )


def _check_history(store: Store) -> list[Finding]:
    """Every month file of the incident history (this reads all of it)."""
    months = store.incident_months()
    if not months:
        return []
    findings: list[Finding] = []
    total = 0
    healthy = 0
    for month in months:
        month_findings, data = _check_file(store.history.month_file(month))
        problems = [f for f in month_findings if f.level != "ok"]
        findings += problems
        if data is not None:
            total += len(data.get("incidents", {}))
        if not problems:
            healthy += 1
    findings.insert(
        0,
        Finding(
            "ok" if healthy == len(months) else "info",
            "incidents/",
            f"{healthy} of {len(months)} month files readable, {total} incidents in them",
        ),
    )
    problem = _mode_problem(store.root / "incidents", 0o700)
    if problem:
        findings.append(Finding("warning", "incidents/", f"the directory {problem}"))
    return findings


def _check_locks(store: Store) -> list[Finding]:
    findings = []
    poller = store.poller_lock
    # a lock that is no file gets one finding, its error below, not an "ok" besides
    odd = {lock for lock in (poller.path, store.lock.path) if lock.exists() and not lock.is_file()}
    if poller.path in odd:
        pass
    elif poller.is_held_elsewhere():
        pid = poller.holder_pid()
        who = f"process {pid}" if pid else "another session"
        findings.append(Finding("info", "poller.lock", f"{who} is polling this store's sources"))
    else:
        findings.append(Finding("ok", "poller.lock", "no session is polling right now"))
    deadline = time.monotonic() + STORE_LOCK_PATIENCE_SECONDS
    while store.lock.path not in odd and store.lock.is_held_elsewhere():
        if time.monotonic() > deadline:
            findings.append(
                Finding(
                    "warning",
                    "store.lock",
                    f"held for over {STORE_LOCK_PATIENCE_SECONDS:g} s: a long write, or a "
                    "stuck session (other sessions wait for it to finish)",
                )
            )
            break
        time.sleep(0.05)
    else:
        if store.lock.path not in odd:
            findings.append(Finding("ok", "store.lock", "free (no write in progress)"))
    for lock in (poller.path, store.lock.path):
        if lock in odd:
            findings.append(Finding("error", lock.name, lock_file_problem(lock)))
            continue
        problem = _mode_problem(lock, 0o600)
        if problem:
            findings.append(Finding("warning", lock.name, problem))
    return findings


def _check_editing_markers(root: Path) -> list[Finding]:
    """A marker left by a session that died with a note open: the next start reports it."""
    findings = []
    for path, marker in stale_markers(root):
        note_id = marker.get("note_id")
        what = f"note #{note_id}" if note_id else "a new note (never saved)"
        findings.append(
            Finding(
                "info",
                path.name,
                f"left by a session that stopped while {what} was open (since "
                f"{marker.get('since', '?')}); the next dashboard start reports it and removes it",
            )
        )
    return findings


def _check_backups(store: Store) -> list[Finding]:
    findings = []
    if store.backups.is_dir():
        problem = _mode_problem(store.backups, 0o700)
        if problem:
            findings.append(Finding("warning", "backups/", f"the directory {problem}"))
    elif store.backups.exists():  # saves go on without it: say so, not "one is made"
        message = "not a folder: no backup can be made (move it away; whalewatch recreates it)"
        return [Finding("error", "backups/", message)]
    for datafile in (store.config, store.events_file, store.notes_file):
        backups = datafile.backup_list()
        if not backups:
            if datafile.path.exists():
                message = f"{datafile.label}: no backup yet (one is made on the next save)"
                findings.append(Finding("info", "backups/", message))
            continue
        newest = backups[0]
        when = _stamp_text(newest.stamp)
        try:
            datafile.parse(read_regular_file(newest.path), newest.path)
        except (OSError, StoreDamaged) as error:
            findings.append(
                Finding("warning", f"backups/{newest.path.name}", f"newest backup is bad: {error}")
            )
        else:
            previous = counted(sum(b.tag == PREVIOUS for b in backups), "previous generation")
            plural = "s" if len(backups) != 1 else ""
            message = (
                f"{datafile.label}: {len(backups)} backup{plural}, newest {when} ({previous}: "
                "a damaged file loses at most its last write)"
            )
            findings.append(Finding("ok", "backups/", message))
        for backup in backups:
            problem = _mode_problem(backup.path, 0o600)
            if problem:
                findings.append(Finding("warning", f"backups/{backup.path.name}", problem))
    months = store.history.month_files()
    if months:
        kept = [sum(b.tag == PREVIOUS for b in month.backup_list()) for month in months]
        message = (
            f"incidents/: {counted(sum(kept), 'previous generation')} kept for "
            f"{sum(1 for k in kept if k)} of {counted(len(months), 'month file')} (one is kept "
            "once a month is written a second time)"
        )
        findings.append(Finding("ok", "backups/", message))
    return findings


def _stamp_text(stamp: str) -> str:
    """``20240102T030405123456Z`` as ``2024-01-02 03:04 UTC``."""
    return f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]} {stamp[9:11]}:{stamp[11:13]} UTC"


def _check_leftovers(root: Path) -> list[Finding]:
    findings = []
    for directory in (root, root / "incidents", root / "backups"):
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            name = path.relative_to(root).as_posix()
            if path.name == COMMIT_RECORD and directory == root:
                findings.append(
                    Finding(
                        "warning",
                        name,
                        "an import (or another write of several files) was killed after it "
                        "was committed; the next whalewatch command completes it",
                    )
                )
            elif path.name.startswith(STAGED_PREFIX):
                findings.append(
                    Finding(
                        "warning",
                        name,
                        "a file staged by an import that was killed before it committed "
                        "(nothing of it was applied); removed when whalewatch next opens the store",
                    )
                )
            elif path.name.startswith(TEMP_PREFIX):
                findings.append(
                    Finding(
                        "warning",
                        name,
                        "temporary file left by an interrupted write; removed the next time "
                        "whalewatch opens the store",
                    )
                )
            elif DAMAGED_MARK in path.name:
                findings.append(
                    Finding(
                        "warning",
                        name,
                        "a damaged file kept aside by a recovery: look inside if something is "
                        "missing, and delete it when you no longer need it",
                    )
                )
    if not findings:
        findings.append(Finding("ok", ".", "no leftover temporary or damaged files"))
    return findings
