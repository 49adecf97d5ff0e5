"""``check_store`` and ``whalewatch doctor``: what they find, and that they change nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.domain import Incident, parse_iso
from tui.store.atomic import TEMP_PREFIX
from tui.store.doctor import Finding, check_store, has_problem
from tui.store.store import Store

HOLD_POLLER = """
import sys
import time
from pathlib import Path

from tui.store.locks import PollerLock

lock = PollerLock(Path(sys.argv[1]))
assert lock.try_acquire()
print("holding", flush=True)
time.sleep(60)
"""


def healthy_store(root: Path) -> Store:
    store = Store.open(root)
    store.add_note("first")
    store.add_note("second")
    start = parse_iso("2023-02-01T12:00:00Z")
    store.merge_incidents([Incident("s1", "1", "down", "investigating", "major", start)])
    return store


def problems(findings: list[Finding]) -> dict[str, str]:
    """Each file with a problem, and what was said about it."""
    found: dict[str, str] = {}
    for finding in findings:
        if finding.is_problem:
            found[finding.file] = " | ".join(
                filter(None, [found.get(finding.file), finding.message])
            )
    return found


def said(findings: list[Finding], file: str, level: str) -> str:
    return " | ".join(f.message for f in findings if f.file == file and f.level == level)


def test_a_healthy_store_has_no_problem(store_dir: Path) -> None:
    healthy_store(store_dir)
    findings = check_store(store_dir)
    assert problems(findings) == {}
    assert not has_problem(findings)
    assert "schema 1, generation 2, 2 notes" in said(findings, "notes.json", "ok")
    assert "1 of 1 month files readable, 1 incidents" in said(findings, "incidents/", "ok")
    assert "no session is polling" in said(findings, "poller.lock", "ok")
    assert "notes.json: 1 backup, newest " in said(findings, "backups/", "ok")


def test_a_damaged_file_is_an_error_naming_the_backup_to_restore(store_dir: Path, files_of) -> None:
    store = healthy_store(store_dir)
    backup = store.notes_file.backup_list()[0].path
    (store_dir / "notes.json").write_bytes(b'{"notes": {"1"')
    before = files_of(store_dir)

    findings = check_store(store_dir)

    error = next(f for f in findings if f.file == "notes.json" and f.level == "error")
    assert "damaged" in error.message and "not valid JSON" in error.message
    assert backup.name in error.message
    assert files_of(store_dir) == before  # the doctor repairs nothing


def test_too_new_older_and_unreadable_files(store_dir: Path) -> None:
    healthy_store(store_dir)
    newer = {"_meta": {"1": {"kind": "events", "schema": 42}}}
    (store_dir / "events.json").write_text(json.dumps(newer))
    (store_dir / "config.json").write_text(json.dumps({"sources": {}}))
    (store_dir / "health.json").mkdir()
    for name in ("events.json", "config.json"):
        os.chmod(store_dir / name, 0o600)
    found = problems(check_store(store_dir))
    assert "newer whalewatch" in found["events.json"] and "untouched" in found["events.json"]
    assert "older schema 0" in found["config.json"]
    assert "cannot be read" in found["health.json"]


def test_leftovers_and_loose_permissions_are_warnings(store_dir: Path) -> None:
    healthy_store(store_dir)
    (store_dir / f"{TEMP_PREFIX}x1.json").write_bytes(b"{")
    (store_dir / "notes.json.damaged-20230101T000000000000Z").write_bytes(b"\x00")
    os.chmod(store_dir / "notes.json", 0o644)
    os.chmod(store_dir, 0o755)
    found = problems(check_store(store_dir))
    assert "interrupted write" in found[f"{TEMP_PREFIX}x1.json"]
    assert "kept aside by a recovery" in found["notes.json.damaged-20230101T000000000000Z"]
    assert "mode 0644" in found["notes.json"]
    assert "mode 0755" in found["."]


def test_the_session_that_polls_is_named(store_dir: Path, children) -> None:
    healthy_store(store_dir)
    holder = children.start(HOLD_POLLER, store_dir / "poller.lock")
    try:
        assert holder.stdout.readline() == "holding\n", holder.stderr.read()
        findings = check_store(store_dir)
    finally:
        holder.kill()
        holder.wait(timeout=10)
    lock = next(f for f in findings if f.file == "poller.lock")
    assert lock.level == "info"
    assert f"process {holder.pid} is polling" in lock.message
    assert not has_problem(findings)


def test_no_store_at_all(tmp_path: Path) -> None:
    [finding] = check_store(tmp_path / "nothing")
    assert finding.level == "error" and "no store" in finding.message


def test_doctor_command_prints_findings_and_exits_zero_when_healthy(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    healthy_store(store_dir)
    assert main(["--db", str(store_dir), "doctor"]) == 0
    out = capsys.readouterr().out
    assert f"store: {store_dir}" in out
    assert "notes.json: schema 1, generation 2, 2 notes" in out
    assert out.rstrip().endswith("no problems found")


def test_doctor_command_exits_non_zero_on_a_problem(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    healthy_store(store_dir)
    (store_dir / "notes.json").write_bytes(b"\x00\x00\x00")
    assert main(["--db", str(store_dir), "doctor"]) == 1
    out = capsys.readouterr().out
    assert "error    notes.json: damaged: the file contains NUL bytes" in out
    assert "1 problem found" in out


def test_doctor_json(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    healthy_store(store_dir)
    (store_dir / "incidents" / f"{TEMP_PREFIX}y.json").write_bytes(b"")
    assert main(["--db", str(store_dir), "doctor", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["store"] == str(store_dir) and report["ok"] is False
    assert {"level": "warning", "file": f"incidents/{TEMP_PREFIX}y.json"} == {
        key: value
        for key, value in next(f for f in report["findings"] if f["level"] == "warning").items()
        if key != "message"
    }
    assert all(set(f) == {"level", "file", "message"} for f in report["findings"])


def test_a_stale_editing_marker_is_reported_and_left_for_the_dashboard(store_dir: Path) -> None:
    Store.open(store_dir).add_note("x")
    marker = store_dir / "editing-999999.json"  # no such process
    marker.write_text(json.dumps({"pid": 999999, "note_id": None, "since": "2026-12-01T09:00Z"}))
    findings = check_store(store_dir)
    about = [f for f in findings if f.file == "editing-999999.json"]
    assert about and "a new note (never saved)" in about[0].message
    assert marker.exists(), "doctor changes nothing"
