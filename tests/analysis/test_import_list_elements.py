"""A list field whose items are not text is refused by row and field, not stored.

``"components": [1, 2]`` passed the import (a list was expected, and it was one) and was
stored; the incident's detail then joined the components as text and crashed the dashboard.
"""

from __future__ import annotations

import json

import pytest

from tui.__main__ import main
from tui.store import Store

INCIDENT = {
    "source_id": "s",
    "external_id": "e",
    "title": "t",
    "status": "resolved",
    "impact": "minor",
    "started_at": "2023-01-01T00:00:00+00:00",
}
SOURCE = {"id": "s1", "url": "http://127.0.0.1:9/", "kind": "page"}


@pytest.mark.parametrize(
    "document, field",
    [
        ({"incidents": [{**INCIDENT, "components": [1, 2]}]}, "incidents[0].components"),
        ({"sources": [{**SOURCE, "select": ["main", None]}]}, "sources[0].select"),
    ],
)
def test_a_list_of_other_things_than_text_is_refused(tmp_path, capsys, document, field) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"format": "whalewatch", "version": 1, **document}))
    root = tmp_path / "db"
    assert main(["--db", str(root), "import", str(path)]) == 1
    assert f"{field}: expected a list of text" in capsys.readouterr().err
    store = Store.open(root)
    assert list(store.iter_incidents()) == [] and store.sources() == []


def test_a_list_of_text_is_taken(tmp_path) -> None:
    path = tmp_path / "export.json"
    rows = {"incidents": [{**INCIDENT, "components": ["API", "Web"]}]}
    path.write_text(json.dumps({"format": "whalewatch", "version": 1, **rows}))
    assert main(["--db", str(tmp_path / "db"), "import", str(path)]) == 0
