"""The first screen does not import what only a later screen needs (start-up, issue 18).

The notes pane names its item at start; the function that words it once lived beside the
note editor, whose module imports TextArea, Markdown and their parsers: about 60 ms of every
start. A fresh interpreter starts the dashboard on the demo and lists what it imported.

Nor does the start build dataclasses beyond the records the store reads and writes, the
snapshot and the workers' messages: each costs about a millisecond as its module loads (its
methods are compiled then, six for a frozen one), where a NamedTuple costs a tenth and a
plain class nothing. Thirty-five of them were 22 ms of a 0.35 s start; the values the
screens pass around are NamedTuples now.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MAKE_STORE = """
import sys
from pathlib import Path
from tests.app.conftest import DEMO_NOW
from tui.demo.dataset import load_demo
from tui.store import Store

load_demo(Store.open(Path(sys.argv[1])), now=DEMO_NOW)
"""

SCRIPT = """
import asyncio, dataclasses, inspect, json, sys
from pathlib import Path
from tui.app import WhalewatchApp
from tui.store import Store

async def main():
    app = WhalewatchApp(Store.open(Path(sys.argv[1])), poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        # settle() as tests/app/conftest.py has it, whose imports (the demo's) would count
        for _ in range(2):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("tab")  # the timeline: the notes pane follows it
        await pilot.pause()
    built = sorted(
        f"{name}.{cls.__qualname__}"
        for name, module in list(sys.modules.items())
        if name.startswith("tui.")
        for cls in vars(module).values()
        if inspect.isclass(cls) and cls.__module__ == name and dataclasses.is_dataclass(cls)
    )
    print(json.dumps([sorted(sys.modules), built]))

asyncio.run(main())
"""

LATER = ("tui.screens.note", "markdown_it", "textual.widgets._text_area", "tui.screens.detail")

ALLOWED_DATACLASSES = {
    "tui.domain.entries.Event",
    "tui.domain.entries.Note",
    "tui.domain.incidents.Incident",
    "tui.domain.incidents.IncidentUpdate",
    "tui.domain.records.Platform",
    "tui.domain.records.Source",
    "tui.domain.records.SourceHealth",
    "tui.snapshot.StoreSnapshot",
    "tui.store.records.OpenEntry",
    "tui.messages.SnapshotLoaded",
    "tui.messages.StoreChanged",
    "tui.messages.IncidentsPolled",
    "tui.messages.AlertsRaised",
    "tui.messages.NoteSaved",
    "tui.messages.NoteSaveFailed",
    "tui.messages.SourcesRead",
    "tui.messages.SourceJobReport",
}
"""The dataclasses a start may build: the stored records (whose ``replace``, ``asdict`` and
typed fields the store's checks use), the snapshot (cached properties need a dict), and the
workers' messages, written as the style guide's model writes them (~3 ms in all)."""


def test_the_first_screen_imports_no_editor_no_detail_page_and_no_extra_dataclass(
    tmp_path: Path,
) -> None:
    store = str(tmp_path / "store")
    made = subprocess.run([sys.executable, "-c", MAKE_STORE, store], cwd=ROOT, timeout=120)
    assert made.returncode == 0
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, store],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    modules, built = json.loads(done.stdout.strip().splitlines()[-1])
    loaded = set(modules)
    assert not [name for name in LATER if name in loaded]
    assert set(built) <= ALLOWED_DATACLASSES, sorted(set(built) - ALLOWED_DATACLASSES)
    assert "tui.domain.incidents.Incident" in built  # the check sees the classes it is about
