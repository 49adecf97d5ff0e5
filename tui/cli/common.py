"""What every subcommand shares: finding and opening the store, printing errors."""

from __future__ import annotations

import argparse
import atexit
import re
import sys
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (mypy reads it so)
if TYPE_CHECKING:  # the store loads when a command opens it, not when the parser is built
    from collections.abc import Callable
    from typing import Any

    from ..store import Store


def description(doc: str | None) -> str:
    r"""A command module's docstring as its ``--help`` text: the reST name and markup taken out.

    ``\`\`whalewatch poll\`\`: poll the store's sources…`` becomes "Poll the store's sources…":
    the docstring is written for the code's readers, the help for a shell's.
    """
    text = re.sub(r"^``whalewatch [a-z]+``:\s*", "", (doc or "").strip())
    text = text.replace("``", "`").replace(":func:", "").replace(":mod:", "")
    return text[:1].upper() + text[1:]


class LateOptionsParser(argparse.ArgumentParser):
    """An action's parser that adds its ``options`` when it first parses or shows its help.

    Every action of a command has its parser built when the command runs (argparse picks one
    of them), so ``source list`` built ``source add``'s two dozen options, which cost more
    than the listing itself. Given as ``parser_class`` to ``add_subparsers``, then
    ``add_parser(NAME, options=FUNCTION)``.
    """

    def __init__(
        self,
        *args: Any,
        options: Callable[[argparse.ArgumentParser], None] | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.late_options = options

    def add_late_options(self) -> None:
        options, self.late_options = self.late_options, None
        if options is not None:
            options(self)

    def parse_known_args(self, *args: Any, **kw: Any) -> Any:
        self.add_late_options()
        return super().parse_known_args(*args, **kw)

    def format_usage(self) -> str:
        self.add_late_options()
        return super().format_usage()

    def format_help(self) -> str:
        self.add_late_options()
        return super().format_help()


class CommandError(Exception):
    """A failure to report as one clear line on stderr with a non-zero exit status."""


def store_path(args: argparse.Namespace) -> Path:
    """``--db`` wins over ``$WHALEWATCH_DB``, which wins over the user data dir."""
    from ..store import default_store_path

    explicit = getattr(args, "db", None)
    return Path(explicit).expanduser() if explicit else default_store_path()


DEMO_WRITES_REFUSED = (
    "--demo is a throwaway copy of the bundled demo, deleted when the command ends: what this "
    "command writes would be lost. Leave out --demo to use your store (or --db PATH)."
)


def open_store(args: argparse.Namespace, *, writes: bool = False) -> Store:
    """Open the store a subcommand works on, reporting recoveries on stderr.

    With the global ``--demo`` that is a fresh copy of the bundled demo (as for the
    dashboard), removed when the command ends; a command that ``writes`` is refused there,
    since its change would vanish with the copy. ``--demo`` is never silently ignored.
    """
    from ..store import Store, StoreError

    if getattr(args, "demo", False):
        if writes:
            raise CommandError(DEMO_WRITES_REFUSED)
        return _demo_store()
    try:
        store = Store.open(store_path(args))
    except StoreError as error:
        raise CommandError(str(error)) from error
    _TOLD.setdefault(store, 0)
    report_store_messages()
    return store


_TOLD: dict[Store, int] = {}
"""Each store this command opened, and how many of its status messages were printed."""


def report_store_messages() -> None:
    """Print on stderr what the stores opened by this command repaired or set aside, once each.

    Called when a store opens and again when the command ends: a damaged incident month is
    found (and moved aside) only when it is first read, after the store was opened, and an
    export that silently lacks a month's incidents is worse than one that says so.
    """
    for store, told in _TOLD.items():
        messages = store.status.messages
        for message in messages[told:]:
            print(f"whalewatch: {message}", file=sys.stderr)
        _TOLD[store] = len(messages)


def fail(message: str, status: int = 1) -> int:
    print(f"whalewatch: {message}", file=sys.stderr)
    return status


def _demo_store() -> Store:
    import shutil  # with bz2 and lzma, 2 ms that a command on the user's store need not pay

    from ..demo.dataset import make_demo_store
    from ..store import Store

    root = make_demo_store()
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return Store.open(root / "store")
