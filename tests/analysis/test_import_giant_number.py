"""A 5,000-digit number in an import is refused with its row and field, in plain words.

Python refuses to read an integer of more than 4,300 digits; the import passed that on as
"not a whalewatch export (Exceeds the limit (4300 digits) …; use
sys.set_int_max_str_digits() to increase the limit)": neither the row nor the field, and
advice meant for a programmer.
"""

from __future__ import annotations

from tui.__main__ import main

GIANT = "9" * 5000


def _export(events: str) -> str:
    return f'{{"format": "whalewatch", "version": 1, "events": [{events}]}}'


def test_a_giant_id_is_named_by_row_and_field(tmp_path, capsys) -> None:
    path = tmp_path / "export.json"
    path.write_text(_export(f'{{"id": {GIANT}, "day": "2023-01-01", "title": "t"}}'))
    assert main(["--db", str(tmp_path / "db"), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "events[0].id: number too large" in err, err
    assert "set_int_max_str_digits" not in err


def test_a_giant_number_where_no_field_is_checked_still_refuses(tmp_path, capsys) -> None:
    path = tmp_path / "export.json"
    row = f'{{"id": 1, "day": "2023-01-01", "title": "t", "extra": [{GIANT}]}}'
    path.write_text(_export(row))
    assert main(["--db", str(tmp_path / "db"), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "5000 digits" in err and "set_int_max_str_digits" not in err, err
