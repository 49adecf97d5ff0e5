"""The command line is parsed with one parser, built once, unless an option's value misleads it.

:func:`tui.__main__.parse_arguments` builds the parser with the real options of the first
argument that names a command; ``--db note source list`` (a store in a folder named ``note``)
names ``note`` first, and must still run ``source list`` on that store.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

import tui.__main__ as entry
from tui.__main__ import main
from tui.domain import Source
from tui.store import Store


def _counting_builds(monkeypatch) -> list[object]:
    builds: list[object] = []
    real_build = entry.build_parser

    def build(real=None):
        builds.append(real)
        return real_build(real)

    monkeypatch.setattr(entry, "build_parser", build)
    return builds


def test_a_command_builds_its_parser_once(tmp_path: Path, monkeypatch, capsys) -> None:
    builds = _counting_builds(monkeypatch)
    assert main(["--db", str(tmp_path / "store"), "source", "list"]) == 0
    assert builds == [("source",)]


def test_a_store_named_like_a_command_still_runs_the_command_given(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    Store.open(tmp_path / "note").save_source(
        Source(id="", url="https://status.example.com/", kind="statuspage")
    )
    monkeypatch.chdir(tmp_path)
    builds = _counting_builds(monkeypatch)
    assert main(["--db", "note", "source", "list"]) == 0
    assert "s1    statuspage (Atlassian Statuspage) https://status.example.com/" in (
        capsys.readouterr().out
    )
    assert builds == [("note",), ("source",)]


def test_an_unknown_option_after_a_command_is_argparses_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["source", "list", "--bogus"])
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: whalewatch ")
    assert "whalewatch: error: unrecognized arguments: --bogus" in err


def test_help_lists_every_command_and_a_command_help_its_actions(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "source" in out and "notify" in out and "Run `whalewatch COMMAND --help`" in out
    with pytest.raises(SystemExit):
        main(["--db", "x", "source", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: whalewatch source [-h] ACTION ...")
    assert "list sources and their health" in out and "control" in out


def test_a_command_option_stored_as_command_does_not_hide_the_command() -> None:
    """``notify add --exec`` keeps its option in ``args.command``, which names the command."""
    from tui.__main__ import parse_arguments
    from tui.cli import notify

    args = parse_arguments(["notify", "add", "https://hooks.example.com/x", "--on", "new"])
    assert args.func is notify.run_add
    assert args.url == "https://hooks.example.com/x" and args.on == "new"


def _actions_of(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_source_list_builds_no_option_of_source_add_or_test(capsys) -> None:
    """``add`` and ``test`` get their options when they run or show help (LateOptionsParser)."""
    parser = entry.build_parser(real=("source",))
    args = parser.parse_args(["source", "list"])
    actions = _actions_of(_actions_of(parser)["source"])
    option_count = {name: len(action._actions) for name, action in actions.items()}
    assert option_count["add"] == option_count["test"] == 1  # only -h so far
    assert args.source_command == "list"

    with pytest.raises(SystemExit):
        parser.parse_args(["source", "add", "--help"])
    out = capsys.readouterr().out
    assert "--header 'NAME: VALUE'" in out and "--keep-versions N" in out
    assert len(actions["add"]._actions) > 20
