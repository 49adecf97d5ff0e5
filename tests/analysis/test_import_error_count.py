"""A refused import lists its first problems and counts the rest, not a thousand lines.

An export of 1,000 incidents each missing one field printed 1,000 lines on stderr: the
terminal's scrollback lost the command and the first line said nothing of how many.
"""

from __future__ import annotations

import json

from tui.__main__ import main

ROW = {"source_id": "s", "title": "t", "status": "resolved", "impact": "minor"}


def test_many_bad_rows_are_listed_up_to_a_limit_and_counted(tmp_path, capsys) -> None:
    path = tmp_path / "export.json"
    rows = [{**ROW, "started_at": "2023-01-01T00:00:00+00:00"} for _ in range(1000)]
    path.write_text(json.dumps({"format": "whalewatch", "version": 1, "incidents": rows}))
    assert main(["--db", str(tmp_path / "db"), "import", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) < 30
    assert "1000 problems" in lines[0]
    assert "incidents[0].external_id: missing" in lines[1]
    assert lines[-1].strip().startswith("… and 980 more")


def test_a_few_bad_rows_are_all_listed(tmp_path, capsys) -> None:
    path = tmp_path / "export.json"
    rows = [{**ROW, "started_at": "2023-01-01T00:00:00+00:00"} for _ in range(3)]
    path.write_text(json.dumps({"format": "whalewatch", "version": 1, "incidents": rows}))
    assert main(["--db", str(tmp_path / "db"), "import", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 4 and "more" not in lines[-1]
