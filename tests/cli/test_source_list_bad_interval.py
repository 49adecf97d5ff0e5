"""A source whose interval was edited by hand into something that is not a number is listed
(and polled) at the default interval: no traceback, the rest of the list intact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.domain import Source, poll_interval, utcnow
from tui.domain.values import DEFAULT_INTERVAL_SECONDS
from tui.store import Store


@pytest.mark.parametrize("every", ["often", [60], {"s": 1}])
def test_an_unreadable_interval_is_the_default(every: object) -> None:
    assert poll_interval(every) == DEFAULT_INTERVAL_SECONDS  # type: ignore[arg-type]


def test_source_list_shows_a_hand_edited_interval_as_the_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "db"
    store = Store.open(root)
    store.save_source(
        Source(id="", url="https://status.example.com", kind="statuspage", created_at=utcnow())
    )
    config = root / "config.json"
    data = json.loads(config.read_text(encoding="utf-8"))
    for doc in data["sources"].values():
        doc["every"] = "often"
    config.write_text(json.dumps(data), encoding="utf-8")
    assert main(["--db", str(root), "source", "list"]) in (0, None)
    out, err = capsys.readouterr()
    assert "https://status.example.com" in out
    assert f"every {DEFAULT_INTERVAL_SECONDS} s" in out
    assert "Traceback" not in err
