"""An imported source's probe settings pass the rules ``source add`` applies to them.

An export edited by hand (or written by another tool) could bring in what the CLI and the
form refuse: an expected status that is no code (``zzz``, once taken for 2xx/3xx without a
word), a JSON check that cannot be read, an ``Authorization`` header holding the secret
itself, a timeout that is not a number of seconds, a method other than GET or HEAD
(a probe that sends DELETE). Each is refused with its row and field,
and nothing is imported.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.store import Store


def _export(**source_fields: object) -> dict:
    source = {"id": "s1", "url": "http://127.0.0.1:9/", "kind": "probe", **source_fields}
    return {"format": "whalewatch", "version": 1, "sources": [source]}


@pytest.mark.parametrize(
    "fields, field_name",
    [
        ({"expect_status": "zzz"}, "expect_status"),
        ({"json_check": "nonsense"}, "json_check"),
        ({"headers": "Authorization: Bearer abc123"}, "headers"),
        ({"timeout": float("nan")}, "timeout"),
        ({"timeout": -1.0}, "timeout"),
        ({"method": "DELETE"}, "method"),
    ],
)
def test_a_source_setting_the_cli_refuses_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fields: dict, field_name: str
) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(_export(**fields)))
    root = tmp_path / "store"
    assert main(["--db", str(root), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"sources[0].{field_name}:" in err
    assert "Traceback" not in err
    assert Store.open(root).sources() == []


def test_good_settings_are_imported(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    good = {
        "expect_status": "200-204,3xx",
        "json_check": "status == ok",
        "headers": "Authorization: Bearer $TOKEN",
        "timeout": 5.0,
    }
    path.write_text(json.dumps(_export(**good)))
    root = tmp_path / "store"
    assert main(["--db", str(root), "import", str(path)]) == 0
    assert [s.expect_status for s in Store.open(root).sources()] == ["200-204,3xx"]
