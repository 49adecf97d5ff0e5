"""A source of a kind this installation does not have is not imported, and says so.

The user's report: `whalewatch --demo export --format json > x.json`, then `whalewatch import
x.json` into a normal store added the demo's `replay` source, and from then on every
`whalewatch poll --once` exited 1 with "unknown source kind 'replay'".
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from tests.app.test_sources_screen import local_url  # noqa: F401 (a fixture)
from tui.domain import Incident, IncidentUpdate, Source
from tui.export import export_json
from tui.importer import import_file
from tui.store import Store

ROOT = Path(__file__).resolve().parents[2]
STARTED = datetime(2030, 1, 2, 3, 4, tzinfo=UTC)


def export_with_a_future_kind(root: Path) -> Path:
    """An export from an installation with a kind this one lacks, and one of its incidents."""
    store = Store.open(root / "there")
    store.save_source(Source(id="hist", url="https://status.example.com", kind="statuspage"))
    store.save_source(Source(id="pulse", url="https://pulse.example.com", kind="pulse-2030"))
    update = IncidentUpdate("investigating", "Down.", STARTED)
    store.merge_incidents(
        [
            Incident(
                "pulse", "p1", "Pulse down", "investigating", "major", STARTED, updates=(update,)
            )
        ]
    )
    path = root / "export.json"
    path.write_text(
        export_json(
            store.events(), store.incidents(), store.notes(), store.sources(), store.platforms()
        ),
        encoding="utf-8",
    )
    return path


def test_a_source_of_an_unknown_kind_is_left_out_by_name_and_the_rest_imported(
    tmp_path: Path,
) -> None:
    path = export_with_a_future_kind(tmp_path)
    store = Store.open(tmp_path / "here")
    report = import_file(store, path)
    assert report.ok, report.errors
    assert [s.id for s in store.sources()] == ["hist"]
    assert [i.id for i in store.incidents()] == ["pulse:p1"]  # the history is kept
    (refusal,) = report.refused["sources"]
    assert "'pulse'" in refusal and "'pulse-2030'" in refusal
    summary = report.summary().splitlines()
    assert "sources: 1 added, 0 already present, 1 not imported" in summary
    assert refusal in summary
    # Again: still left out (not "already present"), and nothing added twice.
    again = import_file(store, path)
    assert again.refused["sources"] == [refusal] and again.added["sources"] == 0
    assert [s.id for s in store.sources()] == ["hist"]


def cli_env(root: Path) -> dict[str, str]:
    """A store and a settings file of the test's own, and this worktree's code."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "WHALEWATCH_DB": str(root / "db"),
        "WHALEWATCH_CONFIG": str(root / "config" / "settings.json"),
    }


def whalewatch(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it: its own process, which imports the demo only for --demo."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_a_demo_export_imported_into_a_normal_store_polls_cleanly(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    exported = whalewatch("--demo", "export", "--format", "json", env=env)
    assert exported.returncode == 0, exported.stderr
    path = tmp_path / "x.json"
    path.write_text(exported.stdout, encoding="utf-8")

    imported = whalewatch("import", str(path), env=env)
    assert imported.returncode == 0, imported.stderr
    assert "not imported: source 'demo-replay'" in imported.stdout
    assert "of kind 'replay'" in imported.stdout
    listed = whalewatch("source", "list", env=env)
    assert "demo-history" in listed.stdout and "demo-replay" not in listed.stdout

    # The only source left is the demo's paused history: nothing is fetched, nothing fails.
    polled = whalewatch("poll", "--once", env=env)
    assert polled.returncode == 0, polled.stdout + polled.stderr
    assert "unknown source kind" not in polled.stdout + polled.stderr


def test_poll_reports_a_stored_unknown_kind_on_its_source_and_polls_the_rest(
    tmp_path: Path,
    local_url: str,  # noqa: F811
) -> None:
    """A store that already holds such a source (an older import, a newer whalewatch's
    config): that source fails with its reason, the others are polled and recorded."""
    env = cli_env(tmp_path)
    store = Store.open(tmp_path / "db")
    store.save_source(Source(id="demo-replay", url="replay:demo", kind="replay"))
    store.save_source(Source(id="web", url=local_url, kind="probe"))
    polled = whalewatch("poll", "--once", env=env)
    # One source failed, so --once says so (1: "not every source answered"), but it polled
    # the other one and did not stop at the unknown kind.
    assert polled.returncode == 1, polled.stdout + polled.stderr
    assert "demo-replay FAILED unknown source kind 'replay'" in polled.stdout
    assert "web ok" in polled.stdout
    assert "Traceback" not in polled.stderr
    health = Store.open(tmp_path / "db").health()
    assert health["web"].ok
    assert health["demo-replay"].error == "unknown source kind 'replay'"
    listed = whalewatch("source", "list", env=env).stdout
    assert "demo-replay" in listed and "FAILING: unknown source kind 'replay'" in listed
