"""Subcommands of the ``whalewatch`` command line, one module each.

Each module exposes ``register(subparsers)``, which adds its parser and sets ``func`` to a
callable ``(args) -> int`` (the exit status). :mod:`tui.__main__` builds the parser from
:data:`COMMAND_MODULES` and runs the dashboard when no subcommand is given.
"""

COMMAND_MODULES = (
    "tui.cli.source",
    "tui.cli.poll",
    "tui.cli.event",
    "tui.cli.note",
    "tui.cli.transfer",
    "tui.cli.doctor",
    "tui.cli.serve",
    "tui.cli.notify",
    "tui.cli.stats",
)
