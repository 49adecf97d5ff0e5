"""The command line loads only what the command run needs (issue 18's CLI start target).

Timing is for ``python -m bench --only cli``; these tests check the cause instead: which
modules a fresh interpreter holds after ``--help``, ``--version`` and ``source list``, and that
the tables that let the parser be built without loading the kinds or the commands' modules
say what the kinds and the modules themselves say.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tui.__main__ import build_parser
from tui.cli import COMMANDS
from tui.cli.kind_names import ADDABLE_KIND_NAMES, BUILTIN_KIND_LABELS
from tui.domain import Event, Source, utcnow
from tui.kinds import addable_kind_names, all_kinds
from tui.store import Store

HEAVY = ("textual", "httpx", "feedparser", "rich", "asyncio")
ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """\
import contextlib, io, json, sys
from tui.__main__ import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        status = main(sys.argv[1:])
    except SystemExit as exit:
        status = exit.code
print(json.dumps({"status": status, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def run_cli(*args: str, config: Path | None = None) -> dict:
    """Run ``whalewatch ARGS`` in a fresh interpreter; its exit status, output and modules."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if config is not None:
        env["WHALEWATCH_CONFIG"] = str(config)
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_help_and_version_load_no_store_no_http_no_textual(option: str) -> None:
    result = run_cli(option)
    assert result["status"] == 0
    assert "whalewatch" in result["out"]
    loaded = set(result["modules"])
    assert not loaded & {*HEAVY, "tinydb", "tui.store", "tui.kinds", "dataclasses", "typing"}
    assert not [name for name in loaded if name.startswith("tui.cli.")]


def test_source_list_loads_the_store_but_no_kind_and_no_http(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "db")
    for url, kind in (("https://status.example.com", "statuspage"), ("https://x.test/", "probe")):
        store.save_source(Source(id="", url=url, kind=kind, every=300, created_at=utcnow()))
    result = run_cli("--db", str(tmp_path / "db"), "source", "list")
    assert result["status"] == 0
    assert "statuspage (Atlassian Statuspage) https://status.example.com" in result["out"]
    assert "probe (HTTP probe) https://x.test/" in result["out"]
    assert "every 300 s" in result["out"]
    loaded = set(result["modules"])
    assert not loaded & set(HEAVY)
    assert "tui.kinds.statuspage" not in loaded and "tui.cli.notify" not in loaded


WRITES_AND_REPAIRS = (
    "tinydb",  # TinyDB works inside a write's transaction only
    "tui.store.tables",
    "tui.store.recovery",  # a damaged file's repair, and what it salvages
    "tui.store.salvage",
    "tui.store.incident_merge",  # a poll's merge
    "tempfile",  # the atomic write's temporary file
    "hashlib",  # the digest of a file written in the last seconds
    "tui.kinds",  # the kinds' table, for `source add` and `source test`
    "tui.domain.incidents",  # no listing builds an incident
    "html",  # the entity decoding of remote text
)
"""What reading the store and printing it need not load (each is loaded where it is used)."""


LISTINGS = {
    ("source", "list"): ("tui.store.events", "tui.store.notes", "tui.text", "tui.domain.entries"),
    ("note", "list"): ("tui.store.events",),
    ("event", "list"): ("tui.store.notes",),
}
"""Each listing, and what it does not load besides: the other records' code."""


@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_a_listing_loads_no_write_no_repair_and_no_kind(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    store = Store.open(tmp_path / "db")
    url = "https://status.example.com"
    store.save_source(Source(id="", url=url, kind="statuspage", every=300, created_at=utcnow()))
    store.add_note("Seen from cron #cron")
    store.add_event(Event(id=0, day=date(2023, 3, 6), title="API outage", category="outage"))
    _settle(tmp_path / "db")
    result = run_cli("--db", str(tmp_path / "db"), *command)
    assert result["status"] == 0
    assert result["out"].strip()  # it listed what the store holds
    loaded = set(result["modules"])
    assert not loaded & {*WRITES_AND_REPAIRS, *LISTINGS[command]}
    assert not [name for name in loaded if name.startswith("tinydb.")]


def _settle(root: Path) -> None:
    """Date the store's files 10 s back, as files are when cron lists them (not just written)."""
    for path in root.rglob("*.json"):
        stamp = path.stat().st_mtime - 10
        os.utime(path, (stamp, stamp))


SCRIPTED = [
    ("note", "add", "Seen from cron #cron"),
    ("note", "list", "--json"),
    ("event", "add", "--date", "2023-03-06", "--title", "API outage", "--category", "outage"),
    ("event", "list"),
    ("export", "--format", "md"),
    ("export", "--format", "json"),
    ("notify", "list"),
    ("source", "presets"),
    ("source", "versions", "s1"),
    ("doctor",),
]


@pytest.mark.parametrize("command", SCRIPTED, ids=" ".join)
def test_commands_that_fetch_nothing_load_no_http_and_no_textual(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    store = Store.open(tmp_path / "db")
    url = "https://status.example.com"
    store.save_source(Source(id="", url=url, kind="statuspage", created_at=utcnow()))
    env = ("--db", str(tmp_path / "db"))
    result = run_cli(*env, *command, config=tmp_path / "config")
    assert result["status"] in (0, None)
    assert not set(result["modules"]) & set(HEAVY)


def test_the_static_kind_names_are_the_registrys() -> None:
    assert ADDABLE_KIND_NAMES == addable_kind_names()
    builtin = {kind.name: kind for kind in all_kinds() if kind.name in BUILTIN_KIND_LABELS}
    assert {name: kind.label for name, kind in builtin.items()} == BUILTIN_KIND_LABELS
    # kind_names.interval_of counts on it: a built-in kind polls at the source's own interval.
    assert all(kind.rules.fixed_interval is None for kind in builtin.values())


def _commands(parser: argparse.ArgumentParser) -> list[tuple[str, str | None]]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return [(choice.dest, choice.help) for choice in action._choices_actions]


def test_the_command_table_is_what_the_modules_register() -> None:
    real = _commands(build_parser())
    assert real == [(command.name, command.summary) for command in COMMANDS]
    assert _commands(build_parser(real=())) == real
    assert build_parser(real=()).format_help() == build_parser().format_help()


def test_a_command_still_gets_its_own_options_and_errors(capsys) -> None:
    from tui.__main__ import main

    with pytest.raises(SystemExit) as exit:
        main(["source", "add", "--kind", "nonsense", "https://example.com"])
    assert exit.value.code == 2
    assert "invalid choice: 'nonsense'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "--format" in capsys.readouterr().out
