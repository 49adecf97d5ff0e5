"""Opening the dashboard: on the user's store, or on a throwaway copy of the demo."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import collector
from .first_screen import FirstScreenCache
from .settings import default_theme, load_settings, terminal_color_system
from .store import Store, StoreError

if TYPE_CHECKING:  # argparse for the type: the dashboard itself never parses a command line
    import argparse

    from .app import WhalewatchApp


def open_store(path: Path) -> tuple[Store, FirstScreenCache]:
    """The store at ``path`` and its first-screen copy, opened as the dashboard opens them.

    The files the copy vouches for (unchanged since they last read correctly) are not
    parsed again; pass the copy on to the app (``ready_app(store, first_screen=...)``).
    """
    first_screen = FirstScreenCache(path)
    return Store.open(path, trusted=first_screen.vouches_for), first_screen


def ready_app(store: Store, **options) -> WhalewatchApp:
    """The dashboard on ``store``, ready to run (the benchmarks start it the same way).

    Everything made so far (modules, classes, the store and the first screen's data) lives as
    long as the process: frozen out of the cyclic garbage collector's reach, a collection
    during start-up no longer walks all of it (about 20-30 ms of a 0.35 s start). Nor does
    the collector run at all until the first frame is up (the app turns it back on when it
    is, see ``WhalewatchApp.on_ready``): building the screen makes many short-lived objects,
    and a hundred collections of them cost another 15-40 ms.
    """
    from .app import WhalewatchApp

    app = WhalewatchApp(store, **options)
    collector.hold_until_first_frame()
    return app


def launch(args: argparse.Namespace) -> int:
    demo_root = None
    try:
        if args.demo:
            # Importing the demo also registers its replay kind, so this process polls it.
            from .demo.dataset import make_demo_store

            demo_root = make_demo_store()
            path = demo_root / "store"
        else:
            from .cli.common import store_path

            path = store_path(args)
        try:
            store, first_screen = open_store(path)
        except StoreError as error:
            print(f"whalewatch: {error}", file=sys.stderr)
            return 1
        app = ready_app(
            store,
            first_screen=first_screen,
            demo=bool(args.demo),
            poll=not args.no_poll,
            settings=load_settings(),
            remember_settings=True,
            # --bell: the terminal alerts ring the bell in this session, whatever is saved.
            terminal_alerts="bell" if getattr(args, "bell", False) else None,
            # Until the user chooses a theme: one that suits this terminal's colours.
            start_theme=default_theme(terminal_color_system()),
        )
        app.run()
        # Non-zero when the dashboard quit with note text the store refused (see app.py).
        return app.return_code or 0
    finally:
        if demo_root is not None:
            shutil.rmtree(demo_root, ignore_errors=True)
