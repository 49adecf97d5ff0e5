"""A ``backups`` that is no folder stops every backup: doctor says so, not "one is made".

With a file named ``backups`` in the store, each save goes on (a failed backup must not
block the user's save) but keeps no generation at all, so a damaged ``notes.json`` can no
longer be brought back; ``doctor`` still said "no backup yet (one is made on the next save)".
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tui.__main__ import main
from tui.store import Store


def test_doctor_names_a_backups_file_as_an_error(tmp_path: Path, capsys) -> None:
    root = tmp_path / "store"
    store = Store.open(root)
    store.add_note("one")
    shutil.rmtree(root / "backups", ignore_errors=True)
    (root / "backups").write_text("not a folder")
    store.add_note("two")  # the save goes on, without a backup

    assert main(["--db", str(root), "doctor", "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    about = [f for f in findings if f["file"] == "backups/"]
    assert any(f["level"] == "error" and "not a folder" in f["message"] for f in about), about
    assert not any("one is made on the next save" in f["message"] for f in about)


def test_a_file_in_place_of_incidents_is_named(tmp_path: Path, capsys) -> None:
    root = tmp_path / "store"
    Store.open(root).add_note("one")
    shutil.rmtree(root / "incidents")
    (root / "incidents").write_text("not a folder")
    assert main(["--db", str(root), "note", "list"]) == 1
    err = capsys.readouterr().err
    assert "incidents" in err and "cannot create the store" not in err, err


def test_doctor_does_not_send_a_directory_to_chmod(tmp_path: Path, capsys) -> None:
    root = tmp_path / "store"
    Store.open(root).add_note("one")
    (root / "notes.json").unlink()
    (root / "notes.json").mkdir()
    main(["--db", str(root), "doctor", "--json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    [about] = [f for f in findings if f["file"] == "notes.json"]
    assert "not a regular file" in about["message"] and "permissions" not in about["message"]
