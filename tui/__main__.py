"""The ``whalewatch`` command: opens the dashboard, or runs a subcommand for scripts and cron."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Collection, Sequence

from . import __version__
from .cli import COMMANDS, Command

DESCRIPTION = """\
A terminal dashboard for watching a web platform in turmoil: a live incident feed
(Statuspage, RSS/Atom, your own HTTP probes), a timeline of the platform's changes,
and your Markdown notes, kept in a local store.

With no subcommand it opens the dashboard on your store. Try `whalewatch --demo`
for a bundled Twitter/X chronicle (Oct 2022 - mid 2023) with a live replayed outage;
it needs no network and never touches your own store."""

EPILOG = """\
store location: --db PATH, else $WHALEWATCH_DB, else the user data directory
(for example ~/.local/share/whalewatch/store on Linux).
Run `whalewatch COMMAND --help` for the options of each subcommand."""


def _placeholder(subparsers: argparse._SubParsersAction, command: Command) -> None:
    """A command listed in ``--help`` by name and help only: its module is not imported."""
    subparsers.add_parser(command.name, help=command.summary, add_help=False)


def build_parser(real: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The command line; the commands named in ``real`` (all when ``None``) with their options.

    Every other command is a placeholder that only ``whalewatch --help`` reads, so that
    ``--help``, ``--version`` and a single command import the modules they need and no more.
    """
    parser = argparse.ArgumentParser(
        prog="whalewatch",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"whalewatch {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the store directory to use (overrides $WHALEWATCH_DB and the default)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway copy of the bundled demo dataset, with a live replayed outage",
    )
    parser.add_argument(
        "--no-poll",
        action="store_true",
        help="do not poll sources from this session (another session or `whalewatch poll` does)",
    )
    parser.add_argument(
        "--bell",
        action="store_true",
        help="alerts ring the terminal bell in this session instead of a desktop notification "
        "(the saved mode: Ctrl+P 'Alerts: terminal notifications' or `whalewatch notify "
        "dashboard --terminal`)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    registered: set[str] = set()
    # A module registers all its commands (export and import are one module's).
    modules = {command.module for command in COMMANDS if real is None or command.name in real}
    for command in COMMANDS:
        if command.module not in modules:
            _placeholder(subparsers, command)
        elif command.module not in registered:
            registered.add(command.module)
            importlib.import_module(command.module).register(subparsers)
    return parser


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """``argv`` parsed with the chosen command's own parser (only its module is imported).

    The parser is built once, with the real options of the first argument that names a
    command. That is the command unless it is an option's value (``--db note source list``):
    then no real command ran (none set ``func``), the placeholders' parse says which command
    it is, and that command's parser parses ``argv`` again. (The parse of a real command is
    not asked which one it was: ``notify add --exec`` stores its option as ``command``.)
    ``--help`` and ``--version`` end in the first parse, as they would in the second.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    guess = _first_command_name(argv)
    parser = build_parser(real=() if guess is None else (guess,))
    args, extras = parser.parse_known_args(argv)
    if guess is not None and getattr(args, "func", None) is None:
        chosen = getattr(args, "command", None)
        parser = build_parser(real=() if chosen is None else (chosen,))
    elif not extras:
        return args
    return parser.parse_args(argv)  # the second parse, or argparse's "unrecognized arguments"


def _first_command_name(argv: Sequence[str]) -> str | None:
    names = {command.name for command in COMMANDS}
    return next((argument for argument in argv if argument in names), None)


def run_dashboard(args: argparse.Namespace) -> int:
    """Open the TUI on the demo or on the user's store."""
    from .launch import launch

    return launch(args)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)
    # Only now: --help and --version, answered above, load nothing but argparse.
    from .cli.common import CommandError, report_store_messages
    from .store.errors import StoreError

    func = getattr(args, "func", None)
    try:
        if func is None:
            return run_dashboard(args)
        return int(func(args) or 0)
    except CommandError as error:
        print(f"whalewatch: {error}", file=sys.stderr)
        return 1
    except StoreError as error:
        # Raised after the store was opened (a full disk, a read-only directory): the
        # message says what failed, why, and what was kept; a traceback would say nothing more.
        print(f"whalewatch: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        report_store_messages()


if __name__ == "__main__":
    sys.exit(main())
