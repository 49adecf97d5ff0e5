"""Under a real pseudo-terminal, a hostile store makes the app write no new kind of escape.

The dashboard runs twice, driven by the same keys: once on a store of plain titles (the
baseline) and once on a store of the same shape carrying the hostile corpus. Every byte it
writes is collected, and the *kinds* of escape sequence in it (OSC numbers, CSI final bytes
with their private markers, DCS/APC strings, two-byte escapes, C0 and C1 controls) are
compared: the hostile run may use only kinds the baseline used. Exact bytes differ between
runs (text, timing), kinds do not.
"""

from __future__ import annotations

import re
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.terminal import TerminalSession
from tests.perf.terminal_screen import press

ROWS, COLUMNS = 50, 160

ESCAPES = re.compile(
    r"\x1b\[(?P<private>[<=>?]*)(?P<params>[0-9;:]*)(?P<inter>[ -/]*)(?P<final>[@-~])"
    r"|\x1b\](?P<osc>[0-9]*)[^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b(?P<string>[P_^X])"
    r"|\x1b(?P<esc>[\x20-\x7e])"
    r"|\x1b(?P<lone>)"
    r"|(?P<c1>[\x80-\x9f])"
    r"|(?P<c0>[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f])",
    re.DOTALL,
)
QUERY_FINALS = "nc"
"""CSI finals of terminal queries (DSR ``6n``, DA ``c``): their parameters count as the kind."""

# Keys sent in both runs: open an incident, walk the feed, the timeline and the notes, open
# what is selected, visit the help, Sources and Stats screens, quit.
KEYS: list[bytes] = [
    b"\r", b"\x1b",
    b"j", b"j", b"j", b"\r", b"\x1b",
    b"\t", b"j", b"j", b"j", b"\r", b"\x1b",
    b"j", b"\r", b"\x1b",
    b"\t", b"j", b"j", b"\r", b"\x1b",
    b"s", b"\x1b", b"t", b"\x1b", b"?", b"\x1b",
]  # fmt: skip
FIRST_SCREEN_KEYS: list[bytes] = [
    b"\r", b"\x1b", b"s", b"\x1b", b"t", b"\x1b", b"?", b"\x1b",
]  # fmt: skip
"""Keys that leave the selection on the first incident: every screen, no cursor move."""


def escape_kinds(output: bytes) -> set[tuple[str, ...]]:
    """The kinds of control sequence in what the app wrote (decoded as the terminal would)."""
    text = output.decode("utf-8", "replace")
    kinds: set[tuple[str, ...]] = set()
    for match in ESCAPES.finditer(text):
        if match["final"] is not None:
            params = match["params"] if match["final"] in QUERY_FINALS else ""
            kinds.add(("CSI", match["private"], params, match["inter"], match["final"]))
        elif match["osc"] is not None:
            kinds.add(("OSC", match["osc"]))
        elif match["string"] is not None:
            kinds.add(("STRING", match["string"]))
        elif match["esc"] is not None:
            kinds.add(("ESC", match["esc"]))
        elif match["lone"] is not None:
            kinds.add(("ESC", ""))
        elif match["c1"] is not None:
            kinds.add(("C1", f"{ord(match['c1']):02x}"))
        else:
            kinds.add(("C0", f"{ord(match['c0']):02x}"))
    return kinds


def drive(store: Path, marker: bytes, keys: list[bytes]) -> tuple[bytes, int]:
    """Run the dashboard on ``store``, press ``keys``, quit; all it wrote and its status."""
    argv = [sys.executable, "-m", "tui", "--db", str(store), "--no-poll"]
    with TerminalSession(argv, rows=ROWS, columns=COLUMNS) as session:
        session.settle(marker=marker, quiet=1.5, timeout=120)
        assert marker in session.output, "the full history never reached the screen"
        for key in keys:
            # Until the answer has been written and a quarter second passed (the next key is
            # not read with this one: an Escape read with a key is Alt+key); a key that draws
            # nothing (``j`` on a list's last row) is waited on for 0.6 s, as every key was.
            press(session, key, quiet=0.25, answer=0.6)
        session.send(b"q")
        status = session.wait(timeout=30)
        return bytes(session.output), status


def copy_of(built, tmp_path: Path, name: str) -> Path:
    """A private copy: the run may write (editing markers), the session's store stays as built."""
    target = tmp_path / name
    shutil.copytree(built.path, target)
    return target


def compare_runs(hostile_store, baseline_store, tmp_path: Path, keys: list[bytes]) -> None:
    assert hostile_store.item_count == baseline_store.item_count
    marker = f"{hostile_store.item_count} items".encode()
    # The two runs are independent (a store copy and a terminal each): run them side by side,
    # as most of each is waiting for the app to draw.
    with ThreadPoolExecutor(2) as pool:
        baseline_run = pool.submit(drive, copy_of(baseline_store, tmp_path, "b"), marker, keys)
        hostile_run = pool.submit(drive, copy_of(hostile_store, tmp_path, "h"), marker, keys)
        baseline_output, baseline_status = baseline_run.result()
        hostile_output, hostile_status = hostile_run.result()

    assert baseline_status == 0 and hostile_status == 0
    for output in (baseline_output, hostile_output):
        assert b"Traceback" not in output
    assert b"Plain title number" in baseline_output
    # The hostile text did reach the terminal, as harmless text.
    assert b"clipboard write" in hostile_output
    assert b"[@click=app.quit]x[/]" in hostile_output

    baseline, hostile = escape_kinds(baseline_output), escape_kinds(hostile_output)
    new = hostile - baseline
    assert not new, f"escape kinds only the hostile store produced: {sorted(new)}"
    # The specific attacks, named so that a failure reads plainly (each also a new kind).
    assert ("OSC", "52") not in hostile, "clipboard write (OSC 52)"
    for title in ("0", "1", "2"):
        if ("OSC", title) not in baseline:
            assert ("OSC", title) not in hostile, f"window title change (OSC {title})"
    if ("OSC", "8") not in baseline:
        assert ("OSC", "8") not in hostile, "hyperlink (OSC 8)"
    assert ("CSI", "", "6", "", "n") not in hostile, "cursor position query (CSI 6n)"
    assert not {kind for kind in hostile if kind[0] == "C1"}, "8-bit C1 controls"


def test_first_screens_write_no_new_kind_of_escape(hostile_store, baseline_store, tmp_path):
    """Main screen, an incident's detail, Sources, Stats and help, on the hostile store."""
    compare_runs(hostile_store, baseline_store, tmp_path, FIRST_SCREEN_KEYS)


def test_walking_every_pane_writes_no_new_kind_of_escape(hostile_store, baseline_store, tmp_path):
    """The same, moving the cursor through the feed, the timeline and the notes."""
    compare_runs(hostile_store, baseline_store, tmp_path, KEYS)


def test_escape_kinds_reads_the_attacks():
    """The extractor itself: each attack in the corpus is a kind it names."""
    sample = (
        "\x1b]52;c;cm0=\x07\x1b]0;pwned\x07\x1b]8;;https://e/\x1b\\x\x1b]8;;\x1b\\"
        "\x1b[6n\x1b[c\x1b[>c\x1b[?1049h\x1bP+q\x1b\\\u009b\u009d"
    ).encode()
    kinds = escape_kinds(sample)
    assert {("OSC", "52"), ("OSC", "0"), ("OSC", "8")} <= kinds
    assert ("CSI", "", "6", "", "n") in kinds
    assert ("CSI", "", "", "", "c") in kinds and ("CSI", ">", "", "", "c") in kinds
    assert ("CSI", "?", "", "", "h") in kinds
    assert ("STRING", "P") in kinds and ("C1", "9b") in kinds and ("C1", "9d") in kinds
    assert escape_kinds(b"plain text \xe2\x80\xae only") == set()
