"""``import`` of something that exists but is no regular file says what it is.

A directory, a FIFO or a device was refused as "no such file", which sends the user
looking for a typo in a path that is right.
"""

from __future__ import annotations

import os

import pytest

from tui.__main__ import main


@pytest.mark.parametrize("what", ["directory", "fifo"])
def test_an_import_of_no_regular_file_says_so(tmp_path, capsys, what: str) -> None:
    path = tmp_path / "export.json"
    if what == "directory":
        path.mkdir()
    else:
        os.mkfifo(path)
    assert main(["--db", str(tmp_path / "db"), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "not a regular file" in err and "no such file" not in err, err


def test_a_missing_file_is_still_no_such_file(tmp_path, capsys) -> None:
    assert main(["--db", str(tmp_path / "db"), "import", str(tmp_path / "nope.json")]) == 1
    assert "no such file" in capsys.readouterr().err
