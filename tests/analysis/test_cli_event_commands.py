"""`whalewatch event add|list`, as a script would use it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.store import Store


def run(tmp_path: Path, *argv: str) -> int:
    return main(["--db", str(tmp_path / "db"), *argv])


def test_add_says_what_was_added_and_saves_the_event(tmp_path: Path, capsys) -> None:
    status = run(
        tmp_path,
        "event", "add", "--date", "2023-03-29", "--title", "New API tiers", "--category", "api",
        "--platform", "X/Twitter", "--time", "9:05", "--url", "https://example.org/tiers",
        "--description", "Basic at $100", "--change",
    )  # fmt: skip
    assert status == 0
    printed = capsys.readouterr().out.strip()
    event = Store.open(tmp_path / "db").events()[0]
    assert (
        printed
        == f"Added event #{event.id}: 2023-03-29 09:05 api        New API tiers  [X/Twitter] *"
    )
    assert (event.title, event.category, event.platform) == ("New API tiers", "api", "X/Twitter")
    assert (event.time, event.url, event.is_change) == ("09:05", "https://example.org/tiers", True)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--date", "2023-02-30", "--title", "x", "--category", "api"], "--date: not a date"),
        (["--date", "2023-02-03", "--title", "  ", "--category", "api"], "--title: the title"),
        (["--date", "2023-02-03", "--title", "x", "--category", "gossip"], "unknown category"),
        (
            ["--date", "2023-02-03", "--title", "x", "--category", "api", "--time", "25:00"],
            "--time",
        ),
    ],
)
def test_add_refuses_bad_input_with_exit_2_and_saves_nothing(
    tmp_path: Path, capsys, argv: list[str], message: str
) -> None:
    assert run(tmp_path, "event", "add", *argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""
    assert Store.open(tmp_path / "db").events() == []


def test_list_filters_by_platform_and_category(tmp_path: Path, capsys) -> None:
    run(tmp_path, "event", "add", "--date", "2023-03-29", "--title", "Tiers", "--category", "api",
        "--platform", "X/Twitter")  # fmt: skip
    run(tmp_path, "event", "add", "--date", "2022-11-04", "--title", "Layoffs",
        "--category", "staff", "--platform", "X/Twitter", "--change")  # fmt: skip
    run(tmp_path, "event", "add", "--date", "2023-01-01", "--title", "Other place",
        "--category", "api", "--platform", "GitHub")  # fmt: skip
    capsys.readouterr()

    assert run(tmp_path, "event", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines] == ["2022-11-04", "2023-01-01", "2023-03-29"]
    assert lines[0].endswith("*")  # the key change is marked

    assert run(tmp_path, "event", "list", "--json", "--platform", "x/twitter") == 0
    data = json.loads(capsys.readouterr().out)
    assert [item["title"] for item in data] == ["Layoffs", "Tiers"]

    assert run(tmp_path, "event", "list", "--json", "--category", "api") == 0
    data = json.loads(capsys.readouterr().out)
    assert [item["title"] for item in data] == ["Other place", "Tiers"]


def test_list_on_an_empty_store_prints_nothing(tmp_path: Path, capsys) -> None:
    assert run(tmp_path, "event", "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
