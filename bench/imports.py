"""The ``import`` section of ``python -m bench``: a large export read back into an empty store.

An import used to cost one full rewrite of a file per row (TinyDB rebuilds a table on every
insert, and every note was its own fsynced write): 5,000 events took 5 s, 20,000 took 111 s.
It now writes each file once (:meth:`tui.store.Store.batch`). The figure is the wall time of
``whalewatch import FILE`` in a fresh process; the baseline is the least any import must do,
measured in the same run: read the same file, ``json.load`` it, and ``json.dump`` its rows
to one fsynced file.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from tui.domain import EVENT_CATEGORIES as CATEGORIES


def export_document(events: int, notes: int = 0) -> dict:
    """A whalewatch JSON export of ``events`` events and ``notes`` notes on them."""
    first = date(2015, 1, 1)
    return {
        "format": "whalewatch",
        "version": 1,
        "platforms": [{"name": "Bench"}],
        "sources": [],
        "events": [
            {
                "id": n + 1,
                "day": (first + timedelta(days=n % 3650)).isoformat(),
                "title": f"Change number {n}",
                "category": CATEGORIES[n % len(CATEGORIES)],
                "platform": "Bench",
                "time": f"{n % 24:02d}:{n % 60:02d}",
                "description": "Imported by the benchmark.",
            }
            for n in range(events)
        ],
        "incidents": [],
        "notes": [
            {
                "id": n + 1,
                "text": f"Note {n} on an imported event",
                "target_kind": "event",
                "target_id": str(n % max(events, 1) + 1),
            }
            for n in range(notes)
        ],
    }


def write_export(path: Path, events: int, notes: int = 0) -> Path:
    path.write_text(json.dumps(export_document(events, notes)), encoding="utf-8")
    return path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_import(store: Path, export: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``whalewatch import`` in a fresh process (exits 0 or raises)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    cpu = _children_cpu()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(store), "import", str(export)],
        check=True,
        capture_output=True,
        env=env,
    )
    return time.perf_counter() - started, _children_cpu() - cpu


def time_bare_write(export: Path, target: Path) -> tuple[float, float]:
    """Wall and CPU seconds to read and parse the export and dump its rows to one fsynced
    file: the least any import of it must do."""
    cpu = time.process_time()
    started = time.perf_counter()
    document = json.loads(export.read_text(encoding="utf-8"))
    with open(target, "w", encoding="utf-8") as handle:
        json.dump({"events": document["events"], "notes": document["notes"]}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    return time.perf_counter() - started, time.process_time() - cpu


def bench_import(root: Path, events: int) -> list:
    """The figures of the ``import`` section (``Figure`` objects of :mod:`bench.run`)."""
    from bench.run import Figure, say

    say(f"import of {events:,} events")
    folder = root / "import"
    folder.mkdir()
    export = write_export(folder / "export.json", events, events // 100)
    wall, cpu = time_import(folder / "store", export)
    bare_wall, bare_cpu = time_bare_write(export, folder / "bare.json")
    again, _ = time_import(folder / "store", export)
    name = f"import {events:,} events (whalewatch import)"
    return [
        Figure(name, wall, bare_wall, "s", "< 10 s", wall < 10),
        Figure(f"{name}, CPU", cpu, bare_cpu, "s", "—", None),
        Figure(
            "import of the same file again (all present)",
            again,
            bare_wall,
            "s",
            "< 10 s",
            again < 10,
        ),
    ]
