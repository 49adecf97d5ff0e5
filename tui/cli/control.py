"""``whalewatch source control``: the URL that tells your network's failures from theirs.

When sources fail without an answer, whalewatch asks this URL before believing them: when it
does not answer either, the machine is offline and the poll says "offline — cannot tell"
instead of opening incidents. Choose one that is up when you are online and is not one of
your platforms (your router, or a big site's connectivity check). Without one, whalewatch
guesses from the other sources' hosts.
"""

from __future__ import annotations

import argparse
from urllib.parse import urlsplit

from .common import CommandError, description, fail, open_store


def checked_url(url: str) -> str:
    """The URL in its one spelling (:func:`normalized_url`), or why it cannot be watched."""
    # Here, not at the top: `source list` registers this command and needs no URL rules.
    from ..text import normalized_url, safe_url, url_credentials

    if not safe_url(url):
        raise CommandError(f"not an http(s) URL: {url!r}{_port_problem(url)}")
    if url_credentials(url):
        raise CommandError(
            "the URL holds a user name or password, which whalewatch would store and show: "
            "remove it from the URL"
        )
    return normalized_url(url)


def _port_problem(url: str) -> str:
    """`` (…port…)`` when the port is what makes ``url`` unusable, else ``''``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""  # "[::1" and friends: not the port
    try:
        port = parts.port
    except ValueError:
        port = 0
    return " (a port is a number from 1 to 65535)" if port == 0 else ""


def register_control(commands: argparse._SubParsersAction) -> None:
    control = commands.add_parser(
        "control",
        help="show or set the control URL that tells an offline machine from down platforms",
        description=description(__doc__),
    )
    control.add_argument("url", nargs="?", help="the URL to ask (default: show the current one)")
    control.add_argument("--clear", action="store_true", help="remove the control URL")
    control.set_defaults(func=run_control)


def run_control(args: argparse.Namespace) -> int:
    if args.clear and args.url:
        return fail("give a URL or --clear, not both")
    if not args.clear and not args.url:
        url = open_store(args).configuration.control_url()
        print(f"control URL: {url}" if url else "no control URL (whalewatch guesses from hosts)")
        return 0
    url = "" if args.clear else checked_url(args.url)
    open_store(args, writes=True).configuration.save_control_url(url)
    print(f"control URL set: {url}" if url else "control URL cleared")
    return 0
