"""The first screen does not import what only a later screen needs (start-up, issue 18).

The notes pane names its item at start; the function that words it once lived beside the
note editor, whose module imports TextArea, Markdown and their parsers: about 60 ms of every
start. A fresh interpreter starts the dashboard on the demo and lists what it imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import asyncio, json, sys, tempfile
from pathlib import Path
from tests.app.conftest import DEMO_NOW, settle
from tui.app import WhalewatchApp
from tui.demo.dataset import load_demo
from tui.store import Store

async def main():
    store = Store.open(Path(tempfile.mkdtemp()) / "store")
    load_demo(store, now=DEMO_NOW)
    app = WhalewatchApp(store, demo=True, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # the timeline: the notes pane follows it
        await pilot.pause()
    print(json.dumps(sorted(sys.modules)))

asyncio.run(main())
"""

LATER = ("tui.screens.note", "markdown_it", "textual.widgets._text_area", "tui.screens.detail")


def test_the_first_screen_imports_no_editor_and_no_detail_page() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert not [name for name in LATER if name in loaded]
