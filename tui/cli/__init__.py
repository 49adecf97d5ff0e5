"""Subcommands of the ``whalewatch`` command line, one module each.

Each module exposes ``register(subparsers)``, which adds its parser and sets ``func`` to a
callable ``(args) -> int`` (the exit status). :mod:`tui.__main__` builds the parser from
:data:`COMMANDS` and runs the dashboard when no subcommand is given.

The table names every command and its one-line help without importing its module: ``whalewatch
--help`` lists them all, and only the module of the command being run is imported (a command's
module may load the store, the HTTP stack or Textual; cron jobs calling ``source list`` should
not pay for the others). A test checks that each module registers what the table says.
"""

from __future__ import annotations


class Command:
    """A subcommand: its name, the module that registers it, its line in ``whalewatch --help``.

    A plain class, not a NamedTuple or a dataclass: importing :mod:`typing` or
    :mod:`dataclasses` would cost ``--help`` more than the rest of it.
    """

    __slots__ = ("name", "module", "summary")

    def __init__(self, name: str, module: str, summary: str) -> None:
        self.name = name
        self.module = module
        self.summary = summary


COMMANDS: tuple[Command, ...] = (
    Command("source", "tui.cli.source", "add, list, remove or test incident sources"),
    Command("poll", "tui.cli.poll", "poll sources in the foreground (or once, for cron)"),
    Command(
        "event",
        "tui.cli.event",
        "add or list dated events (a layoff, an API price change, a policy)",
    ),
    Command("note", "tui.cli.note", "add or list your Markdown notes"),
    Command(
        "export", "tui.cli.transfer", "write events, incidents and notes as json, csv, md or ics"
    ),
    Command(
        "import", "tui.cli.transfer", "import a json or csv export (all rows or none; never twice)"
    ),
    Command(
        "doctor",
        "tui.cli.doctor",
        "check the store: files, schema, locks, backups, permissions, leftovers",
    ),
    Command(
        "serve", "tui.cli.serve", "open the dashboard in a web browser (needs the 'serve' extra)"
    ),
    Command(
        "notify",
        "tui.cli.notify",
        "add, list, remove or test alert targets (webhooks, Apprise, commands)",
    ),
    Command(
        "stats",
        "tui.cli.stats",
        "how honest each status page is: outages probes saw, admitted, the lag",
    ),
)

COMMAND_MODULES = tuple(dict.fromkeys(command.module for command in COMMANDS))
"""Each command module once, in the table's order."""
