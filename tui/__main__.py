"""The ``whalewatch`` command: opens the dashboard, or runs a subcommand for scripts and cron."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from . import __version__
from .cli import COMMAND_MODULES
from .cli.common import CommandError
from .store.errors import StoreError

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


def build_parser() -> argparse.ArgumentParser:
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
        help="ring the terminal bell when a new incident appears (remembered via Ctrl+P)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue
            raise
        module.register(subparsers)
    return parser


def run_dashboard(args: argparse.Namespace) -> int:
    """Open the TUI on the demo or on the user's store."""
    from .launch import launch

    return launch(args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
