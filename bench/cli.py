"""The ``cli`` section: how long ``whalewatch --help``, ``--version`` and ``source list`` take.

Cron jobs and scripts run these often; each should cost about what starting Python and
importing argparse costs. ``note list`` and ``note add``, which open the store (the add writes
it too), are measured beside them for the record. Every figure is the median wall time of
fresh processes, run interleaved with the baseline (``python -c "import argparse"``) so a busy
moment of the machine slows both. The command is started as the ``whalewatch`` console script
starts it (``from tui.__main__ import main``), after ``compileall`` as ``pip install`` leaves it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.run import Figure, Sizes, say

PYTHON = sys.executable
CONSOLE_SCRIPT = "import sys; from tui.__main__ import main; sys.exit(main())"
BASELINE = ("-c", "import argparse")
TARGET = 2.0
RUNS = 21


def _small_store(path: Path) -> None:
    """A store with a handful of sources and notes, as a small installation has."""
    from tui.domain import Source, utcnow
    from tui.store import Store

    store = Store.open(path)
    for n, kind in enumerate(("statuspage", "statuspage", "feed", "probe", "page")):
        url = f"https://status{n}.example.com/"
        store.save_source(Source(id="", url=url, kind=kind, every=300, created_at=utcnow()))
        store.add_note(f"Note {n} on the status pages #cron")
    for file in path.rglob("*.json"):  # written a while ago, as cron finds them
        stamp = file.stat().st_mtime - 60
        os.utime(file, (stamp, stamp))


def _seconds(args: tuple[str, ...]) -> float:
    started = time.perf_counter()
    subprocess.run([PYTHON, *args], stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def bench_cli(root: Path, sizes: Sizes) -> list[Figure]:
    subprocess.run([PYTHON, "-m", "compileall", "-q", "tui", "bench"], check=True)
    store = root / "cli-store"
    _small_store(store)
    commands = {
        "whalewatch --help": ("--help",),
        "whalewatch --version": ("--version",),
        "whalewatch source list (5 sources)": ("--db", str(store), "source", "list"),
        "whalewatch note list (5 notes)": ("--db", str(store), "note", "list"),
        "whalewatch note add": ("--db", str(store), "note", "add", "Seen from cron"),
    }
    targeted = tuple(commands)[:3]
    runs = RUNS if sizes.startup_runs > 2 else RUNS // 3
    times: dict[str, list[float]] = {name: [] for name in commands}
    baseline: list[float] = []
    for run in range(runs):
        if run % 5 == 0:
            say(f"cli run {run + 1}/{runs}")
        baseline.append(_seconds(BASELINE))
        for name, args in commands.items():
            times[name].append(_seconds(("-c", CONSOLE_SCRIPT, *args)))
    base_ms = statistics.median(baseline) * 1000
    figures = []
    for name in commands:
        ms = statistics.median(times[name]) * 1000
        if name in targeted:
            target = f"≤ {TARGET:g}× python -c 'import argparse'"
            figures.append(Figure(name, ms, base_ms, "ms", target, ms <= TARGET * base_ms))
        else:
            figures.append(Figure(name, ms, base_ms, "ms", "—", None))  # for the record
    return figures
