"""Note text the store refuses outlives its editor and the session (issue 17, item 1).

The store lives on a real tmpfs remounted read-only when the test runs as root, as CI does,
or in a directory without write permission otherwise: either way every note save fails as it
does for a user. The editor is closed with Escape, the dashboard is quit, and
the text must still be somewhere: saved by a later retry, written to a rescue file, or
printed on exit, with a non-zero exit status.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import DEMO_NOW, settle, wait_for
from tui.app import WhalewatchApp
from tui.demo.dataset import load_demo
from tui.screens.note import NoteScreen
from tui.screens.unsaved import UnsavedTextScreen
from tui.store import Store

TEXT = "Links answer error 467 again"


class RefusingDisk:
    """A store whose writes fail until :meth:`free`: a tmpfs remounted read-only, or a folder
    without write permission where the test cannot mount (as a user, not root).

    Read-only rather than full: a full disk is not a refusal the store keeps making, since
    pruning its own older backup generations can free the room a note needs.
    """

    def __init__(self, folder: Path, mounted: bool) -> None:
        self.folder = folder
        self.mounted = mounted
        self.store_path = folder / "store"

    def _remount(self, mode: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{mode}", str(self.folder)], check=True)

    def refuse(self) -> None:
        if self.mounted:
            self._remount("ro")
        else:
            self.store_path.chmod(0o555)

    def free(self) -> None:
        if self.mounted:
            self._remount("rw")
        else:
            self.store_path.chmod(0o755)


@pytest.fixture
def disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RefusingDisk]:
    monkeypatch.setenv("WHALEWATCH_RESCUE_DIR", str(tmp_path / "rescue"))
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = False
    if os.geteuid() == 0:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
            capture_output=True,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace')}")
        mounted = True
    refusing = RefusingDisk(folder, mounted)
    store = Store.open(refusing.store_path)
    load_demo(store, now=DEMO_NOW)
    try:
        yield refusing
    finally:
        refusing.free()
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@asynccontextmanager
async def refused_note_session(disk: RefusingDisk) -> AsyncIterator[tuple[WhalewatchApp, Any]]:
    """The dashboard on ``disk``, with one note typed that the store refused, editor closed."""
    app = WhalewatchApp(Store.open(disk.store_path), demo=True, poll=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        disk.refuse()
        await _write_refused_note(pilot, app)
        yield app, pilot


def rescued_texts() -> list[str]:
    folder = Path(os.environ["WHALEWATCH_RESCUE_DIR"])
    return [path.read_text(encoding="utf-8") for path in sorted(folder.glob("notes-*.md"))]


async def _write_refused_note(pilot, app: WhalewatchApp) -> None:
    """A new note typed on the first incident; its autosave fails; Escape closes the editor."""
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, NoteScreen))
    editor = app.screen
    for char in TEXT:
        await pilot.press("space" if char == " " else char)
    await editor.run_action("save")
    await wait_for(pilot, lambda: bool(app.writer.unsaved()))
    await pilot.press("escape")
    await wait_for(pilot, lambda: not isinstance(app.screen, NoteScreen))


async def test_quitting_with_refused_text_asks_and_writes_it_to_a_file(disk: RefusingDisk):
    async with refused_note_session(disk) as (app, pilot):
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, UnsavedTextScreen))
        assert app.is_running, "quit without asking"
        await pilot.press("w")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 1
    rescued = rescued_texts()
    assert len(rescued) == 1 and TEXT in rescued[0]


async def test_escape_on_the_question_goes_back_and_quit_then_prints_the_text(
    disk: RefusingDisk,
):
    async with refused_note_session(disk) as (app, pilot):
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, UnsavedTextScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, UnsavedTextScreen))
        assert app.is_running and app.writer.unsaved()
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, UnsavedTextScreen))
        await pilot.press("p")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 1
    assert not Path(os.environ["WHALEWATCH_RESCUE_DIR"]).exists()


async def test_the_text_is_saved_by_a_retry_after_the_editor_closed(disk: RefusingDisk):
    async with refused_note_session(disk) as (app, pilot):
        disk.free()
        app.writer.retry_unsaved(())  # what the app's interval does every few seconds
        await wait_for(pilot, lambda: not app.writer.unsaved())
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 0
    assert any(TEXT in note.text for note in Store.open(disk.store_path).notes())


async def test_a_hangup_with_refused_text_writes_it_to_a_file_and_exits_non_zero(
    disk: RefusingDisk,
):
    async with refused_note_session(disk) as (app, pilot):
        app.save_and_exit()  # what SIGHUP and SIGTERM call
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 1
    rescued = rescued_texts()
    assert len(rescued) == 1 and TEXT in rescued[0]


def test_the_exit_report_names_the_file_or_carries_the_text_cleaned(tmp_path, monkeypatch):
    from tui.unsaved import UnsavedNote, exit_report, write_rescue_file

    monkeypatch.setenv("WHALEWATCH_RESCUE_DIR", str(tmp_path / "rescue"))
    item = UnsavedNote("line one\x1b[31m red\nline two", None, ("incident", "a:b"), "API", "ENOSPC")
    first, second = write_rescue_file([item]), write_rescue_file([item])
    assert first != second  # a second rescue never overwrites the first
    assert "line two" in first.read_text(encoding="utf-8")
    assert str(first) in exit_report([item], first)
    printed = exit_report([item], None)
    assert "line one" in printed and "line two" in printed and "\x1b" not in printed
