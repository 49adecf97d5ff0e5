"""`whalewatch export` and `whalewatch import` on a store holding the demo."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

from tui.__main__ import main
from tui.demo.dataset import load_demo
from tui.store import Store

NOW = datetime(2023, 8, 1, tzinfo=UTC)


def demo_db(tmp_path: Path) -> str:
    load_demo(Store.open(tmp_path / "db"), now=NOW)
    return str(tmp_path / "db")


def test_export_to_a_file_is_private_and_filtered(tmp_path: Path, capsys) -> None:
    db = demo_db(tmp_path)
    out = tmp_path / "march.json"
    status = main(
        ["--db", db, "export", "--format", "json", "--from", "2023-03-01", "--to", "2023-03-31",
         "--platform", "X/Twitter", "-o", str(out)]
    )  # fmt: skip
    assert status == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [e["day"] for e in data["events"]] == ["2023-03-01", "2023-03-06", "2023-03-29"]
    assert all(i["started_at"].startswith("2023-03") for i in data["incidents"])
    assert "demo-history:2023-03-06-api" in [i["key"] for i in data["incidents"]]
    assert {n["target_id"] for n in data["notes"]} == {"demo-history:2023-03-06-api"}
    assert "wrote" in capsys.readouterr().err


def test_export_markdown_to_stdout(tmp_path: Path, capsys) -> None:
    db = demo_db(tmp_path)
    assert main(["--db", db, "export", "--format", "md", "--from", "2023-03-06",
                 "--to", "2023-03-06"]) == 0  # fmt: skip
    text = capsys.readouterr().out
    assert "## March 2023" in text
    assert "API outage: links and images broken, TweetDeck down — 4 h 40 min" in text


def test_export_rejects_a_bad_date(tmp_path: Path, capsys) -> None:
    assert main(["--db", str(tmp_path / "db"), "export", "--format", "csv", "--from", "March"]) == 2
    assert "not a date" in capsys.readouterr().err


def test_import_a_demo_export_into_another_store_then_again(tmp_path: Path, capsys) -> None:
    db = demo_db(tmp_path)
    out = tmp_path / "all.json"
    assert main(["--db", db, "export", "--format", "json", "-o", str(out)]) == 0
    other = str(tmp_path / "other")
    assert main(["--db", other, "import", str(out)]) == 0
    assert "events: 27 added, 0 already present" in capsys.readouterr().out
    assert main(["--db", other, "import", str(out)]) == 0
    assert "events: 0 added, 27 already present" in capsys.readouterr().out
    store = Store.open(Path(other))
    assert len(store.events()) == 27
    assert len(store.notes()) == 4


def test_import_of_a_bad_file_lists_the_rows_and_exits_1(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "kind,id,date,time,end,platform,category,title,status,impact,url,description,change\n"
        "event,,2023-01-12,,,X/Twitter,api,Fine,,,,,no\n"
        "event,,2023-01-12,,,X/Twitter,nonsense,Wrong category \x1b[2J,,,,,no\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "db")
    assert main(["--db", db, "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "nothing imported" in err
    assert "line 3: category: unknown category 'nonsense'" in err
    assert "\x1b" not in err
    assert Store.open(Path(db)).events() == []


def test_export_counts_agree_with_their_nouns(tmp_path: Path, capsys) -> None:
    db = tmp_path / "db"
    store = Store.open(db)
    store.add_note("the only note")
    out = tmp_path / "one.json"
    assert main(["--db", str(db), "export", "--format", "json", "-o", str(out)]) == 0
    assert "(0 events, 0 incidents, 1 note)" in capsys.readouterr().err


def test_importing_a_markdown_chronicle_says_it_is_export_only(tmp_path: Path, capsys) -> None:
    db = demo_db(tmp_path)
    chronicle = tmp_path / "chronicle.md"
    assert main(["--db", db, "export", "--format", "md", "-o", str(chronicle)]) == 0
    capsys.readouterr()
    assert main(["--db", str(tmp_path / "other"), "import", str(chronicle)]) == 1
    err = capsys.readouterr().err
    assert "Markdown is an export-only format" in err
    assert "CSV" not in err.split("export-only")[0]
