"""``whalewatch serve``: the dashboard in a web browser, through textual-serve.

Each browser tab runs its own ``whalewatch`` process on the same store, with the global
options given here (``--db``, ``--demo``, ``--no-poll``). textual-serve is an optional
extra, so the command explains how to install it rather than failing on an import.
"""

from __future__ import annotations

import argparse
import shlex
import sys

from .common import fail

INSTALL_HINT = "the serve command needs textual-serve: pip install 'whalewatch[serve]'"


def dashboard_command(args: argparse.Namespace) -> str:
    """The shell command each browser session runs: this Python, the global options kept."""
    parts = [sys.executable, "-m", "tui"]
    if getattr(args, "db", None):
        parts += ["--db", str(args.db)]
    if getattr(args, "demo", False):
        parts.append("--demo")
    if getattr(args, "no_poll", False):
        parts.append("--no-poll")
    return shlex.join(parts)


def run(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        return fail(INSTALL_HINT)
    server = Server(dashboard_command(args), host=args.host, port=args.port, title="whalewatch")
    print(f"whalewatch: serving the dashboard on http://{args.host}:{args.port}", file=sys.stderr)
    server.serve()
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="open the dashboard in a web browser (needs the 'serve' extra)",
        description="Serve the dashboard over HTTP with textual-serve; "
        "the global --db, --demo and --no-poll apply to every browser session.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    parser.set_defaults(func=run)
