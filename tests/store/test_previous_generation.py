"""A damaged file loses at most its last write, and the user is told exactly what (issue 17 §2-3).

Notes were backed up once per ten minutes, so a damaged ``notes.json`` rolled 4 of 5 new notes
back in silence; incident months had no backup at all. Now every write keeps the version it
replaces (a hard link in ``backups/``), a recovery restores it, reads back what the damaged
file still holds, and names what it could not bring back.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.__main__ import main
from tui.app import WhalewatchApp
from tui.domain import Incident
from tui.store import Store
from tui.store.doctor import check_store

START = datetime(2023, 1, 1, tzinfo=UTC)


def _incidents(prefix: str, count: int) -> list[Incident]:
    return [
        Incident(
            "s", f"{prefix}{n}", f"outage {n}", "resolved", "minor", START + timedelta(hours=n)
        )
        for n in range(count)
    ]


def _cut(path: Path, keep: float) -> None:
    """Damage a file as a full disk or a careless editor does: cut it short, in place."""
    payload = path.read_bytes()
    path.write_bytes(payload[: int(len(payload) * keep)])


def test_five_notes_then_damage_loses_at_most_the_last(store_dir: Path) -> None:
    store = Store.open(store_dir)
    for n in range(1, 6):
        store.add_note(f"note {n}")
    _cut(store_dir / "notes.json", 0.6)

    reopened = Store.open(store_dir)

    texts = sorted(n.text for n in reopened.notes())
    assert texts == ["note 1", "note 2", "note 3", "note 4"]
    [message] = reopened.status.messages
    assert "notes.json was damaged" in message and "held up to 5 notes" in message
    assert "-previous.json (generation 4, 4 notes) was restored" in message
    assert "note #5 added since the backup was unreadable" in message
    # The next note never takes the id of the one that was lost.
    assert reopened.add_note("after").id == 6


def test_what_still_reads_in_the_damaged_file_is_brought_back(store_dir: Path) -> None:
    store = Store.open(store_dir)
    first = store.add_note("first, as written")
    store.add_note("second")
    store.save_note_text(first.id, "first, edited last", first.revision)  # the last write
    _cut(store_dir / "notes.json", 0.97)  # the end of the file is lost, every note reads

    reopened = Store.open(store_dir)

    assert sorted(n.text for n in reopened.notes()) == ["first, edited last", "second"]
    [message] = reopened.status.messages
    assert "1 note newer than the backup read back from the damaged file" in message
    assert "could not be brought back" not in message


def test_notes_lost_beyond_the_backup_are_named(store_dir: Path) -> None:
    store = Store.open(store_dir)
    store.add_note("kept")
    store.notes_file.backup_now()
    for n in range(2, 5):
        store.add_note(f"note {n}")
    meta_only = json.loads((store_dir / "notes.json").read_text())["_meta"]
    for path in (store_dir / "backups").glob("*previous*"):
        path.unlink()  # the previous generations are lost too: back to the one backup
    (store_dir / "notes.json").write_text(json.dumps({"_meta": meta_only})[:-1] + ',"notes":{')

    message = Store.open(store_dir).status.messages[0]

    assert "notes #2, #3, #4 added since the backup were unreadable" in message
    assert "held up to 4 notes" in message


def test_a_damaged_month_restores_its_previous_generation(store_dir: Path, capsys) -> None:
    store = Store.open(store_dir)
    store.merge_incidents(_incidents("e", 40))
    store.merge_incidents(_incidents("f", 3))  # the last write: three new incidents
    month = store_dir / "incidents" / "2023-01.json"
    previous = list((store_dir / "backups").glob("incidents-2023-01.*-previous.json"))
    assert len(previous) == 1
    _cut(month, 0.5)

    assert main(["--db", str(store_dir), "export", "--format", "json"]) == 0
    captured = capsys.readouterr()
    exported = json.loads(captured.out)["incidents"]
    assert len(exported) >= 40
    assert "incidents/2023-01.json was damaged" in captured.err
    assert "held up to 43 incidents" in captured.err
    assert "(generation 1, 40 incidents) was restored" in captured.err
    assert f"{43 - len(exported)} incidents added since the backup" in captured.err
    assert "the next poll fetches them again" in captured.err


def test_doctor_counts_the_previous_generations(store_dir: Path) -> None:
    store = Store.open(store_dir)
    for n in range(4):
        store.add_note(f"note {n}")
    store.merge_incidents(_incidents("e", 2))
    store.merge_incidents(_incidents("f", 2))

    messages = [f.message for f in check_store(store_dir) if f.file == "backups/"]

    assert any("notes.json" in m and "2 previous generations" in m for m in messages), messages
    assert any(
        "incidents/: 1 previous generation kept for 1 of 1 month file" in m for m in messages
    )


async def test_the_dashboard_says_what_a_damaged_month_lost(store_dir: Path) -> None:
    store = Store.open(store_dir)
    store.merge_incidents(_incidents("e", 30))
    store.merge_incidents(_incidents("f", 2))
    _cut(store_dir / "incidents" / "2023-01.json", 0.5)
    app = WhalewatchApp(Store.open(store_dir), poll=False)

    def notice() -> str:
        return next(
            (n.message for n in app._notifications if "2023-01.json was damaged" in n.message), ""
        )

    async with app.run_test(notifications=True) as pilot:
        for _ in range(1500):
            await pilot.pause(0.02)
            if notice():
                break
        assert "held up to 32 incidents" in notice()
        assert "30 incidents) was restored" in notice()
