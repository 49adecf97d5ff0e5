"""Regenerate screenshots/*.svg from the bundled demo (run: python scripts/make_screenshots.py).

The app runs headless through Textual's Pilot on a throwaway demo store with a fixed clock
for the replay, so the pictures in the README are what a user sees, not drawings.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.app import WhalewatchApp  # noqa: E402
from tui.demo.dataset import load_demo  # noqa: E402
from tui.domain import utcnow  # noqa: E402
from tui.store import Store  # noqa: E402

OUT = ROOT / "screenshots"

Steps = Callable[[object], Awaitable[None]]


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def shoot(name: str, size: tuple[int, int], steps: Steps | None = None) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "store")
        # Start the replay 50 s ago so the live outage is on screen, "identified".
        load_demo(store, now=utcnow() - timedelta(seconds=50))
        app = WhalewatchApp(store, demo=True, poll=False)
        async with app.run_test(size=size) as pilot:
            from tui.demo.replay import replay_incidents

            replay = store.source("demo-replay")
            assert replay is not None, "the demo has a replay source"
            store.merge_incidents(replay_incidents(replay, utcnow()))
            app.loader.request(True)
            await settle(pilot)
            if steps is not None:
                await steps(pilot)
                await settle(pilot)
            path = OUT / f"{name}.svg"
            app.save_screenshot(filename=path.name, path=str(OUT))
            return path


async def open_incident(pilot) -> None:
    await pilot.press("enter")


async def open_help(pilot) -> None:
    await pilot.press("question_mark")


async def focus_timeline(pilot) -> None:
    await pilot.press("tab", "g", *"2023-03-06", "enter")


async def open_stats(pilot) -> None:
    await pilot.press("t")


async def open_sources(pilot) -> None:
    await pilot.press("s")


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    shots = [
        ("main-80x24", (80, 24), None),
        ("main-120x40", (120, 40), None),
        ("timeline-80x24", (80, 24), focus_timeline),
        ("incident-detail", (100, 32), open_incident),
        ("help", (80, 24), open_help),
        ("stats", (100, 40), open_stats),
        ("sources", (120, 24), open_sources),
    ]
    for name, size, steps in shots:
        path = await shoot(name, size, steps)
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    asyncio.run(main())
