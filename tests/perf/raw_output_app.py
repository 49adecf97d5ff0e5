"""The dashboard, keeping a copy of every write as Textual made it, before it is compacted.

Run as ``python raw_output_app.py RAW_FILE [whalewatch arguments]``: the terminal gets the
compacted output as always, and RAW_FILE what Textual wrote, so a test can replay both into
emulated terminals and compare the screens (see ``test_pty_compact_output.py``).
"""

from __future__ import annotations

import sys

from textual.driver import Driver

import tui.app
from tui.__main__ import main

compact_output = tui.app.compact_output


def keeping_raw_output(path: str):
    raw = open(path, "w", encoding="utf-8")  # noqa: SIM115 - open for the process's life

    def compacting_and_keeping(base: type[Driver]) -> type[Driver]:
        class RawKeepingDriver(compact_output(base)):  # type: ignore[misc, valid-type]
            def write(self, data: str) -> None:
                raw.write(data)
                raw.flush()
                super().write(data)

        return RawKeepingDriver

    return compacting_and_keeping


def run(argv: list[str]) -> int:
    raw_path, *arguments = argv
    tui.app.compact_output = keeping_raw_output(raw_path)  # type: ignore[attr-defined]
    return main(arguments)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
