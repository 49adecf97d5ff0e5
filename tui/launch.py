"""Opening the dashboard: on the user's store, or on a throwaway copy of the demo."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from .cli.common import store_path
from .settings import load_settings
from .store import Store, StoreError


def make_demo_store() -> Path:
    """A fresh store in a temporary directory, filled with the bundled dataset."""
    from .demo.dataset import load_demo

    root = Path(tempfile.mkdtemp(prefix="whalewatch-demo-"))
    store = Store.open(root / "store")
    load_demo(store)
    return root


def launch(args: argparse.Namespace) -> int:
    from .app import WhalewatchApp

    demo_root = None
    try:
        if args.demo:
            demo_root = make_demo_store()
            path = demo_root / "store"
        else:
            path = store_path(args)
        try:
            store = Store.open(path)
        except StoreError as error:
            print(f"whalewatch: {error}", file=sys.stderr)
            return 1
        settings = load_settings()
        if getattr(args, "bell", False):
            settings = replace(settings, bell=True)
        app = WhalewatchApp(
            store,
            demo=bool(args.demo),
            poll=not args.no_poll,
            settings=settings,
            remember_settings=True,
        )
        return app.run() or 0
    finally:
        if demo_root is not None:
            shutil.rmtree(demo_root, ignore_errors=True)
