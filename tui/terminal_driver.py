"""The terminal driver: it resumes only what it suspended itself, and says less per frame.

A terminal that hangs up (the SSH link drops, tmux's server is killed, the emulator's window
closes) sends the dashboard SIGHUP and then SIGCONT. Textual's Linux driver answers every
SIGCONT by starting application mode again, as after a Ctrl+Z, whether it was suspended or
not (Textual 8.2.8, ``LinuxDriver._sigcont_application``). A SIGCONT that lands while the
dashboard quits therefore either started a new terminal input thread after the old one was
stopped (not a daemon: the interpreter waited for it forever at exit, and on a hung-up
terminal it spun a core reading nothing), or raised "no running event loop" onto the screen.
While it runs, the same signal started a second input thread beside the first.

Its output goes through :class:`TerminalOutput`: :class:`~tui.unchanged_cells.UnchangedCells`
leaves out the cells the terminal already shows, :class:`~tui.frame_order.FrameOrder` draws
a frame's parts in the order that changes colour least, then
:class:`~tui.terminal_output.CompactOutput` says each style change once and, where the
terminal's terminfo entry says it erases in the background colour in force, erases long
runs of blanks instead of drawing them (see each for why).
"""

from __future__ import annotations

import os
from typing import Any

from textual.driver import Driver

from .frame_order import FrameOrder
from .terminal_output import CompactOutput
from .unchanged_cells import UnchangedCells


def resume_only_after_suspend(base: type[Driver]) -> type[Driver]:
    """A subclass of Textual's driver ``base`` whose resume does nothing unless it suspended.

    Ctrl+Z (SIGTSTP, then SIGCONT on ``fg``) and ``App.suspend()`` both go through
    :meth:`Driver.suspend_application_mode` first, so they resume as before.
    """

    class ResumingDriver(base):  # type: ignore[misc, valid-type]
        def __init__(self, app: Any, **options: Any) -> None:
            super().__init__(app, **options)
            self.suspended = False

        def suspend_application_mode(self) -> None:
            super().suspend_application_mode()
            self.suspended = True

        def resume_application_mode(self) -> None:
            if not self.suspended:
                return
            self.suspended = False
            super().resume_application_mode()

    ResumingDriver.__name__ = ResumingDriver.__qualname__ = f"Resuming{base.__name__}"
    return ResumingDriver


class TerminalOutput:
    """What one terminal is sent for what the app writes to it (see the module's docstring)."""

    def __init__(self, erase_blanks: bool = False) -> None:
        self.cells = UnchangedCells()
        self.order = FrameOrder()
        self.compact = CompactOutput(erase_blanks=erase_blanks)

    def rewrite(self, data: str, width: int, height: int) -> str:
        """What to send for ``data``, written for a screen of ``width`` x ``height``."""
        drawn = self.cells.redraw(data, width, height)
        if isinstance(drawn, str):
            return self.compact.compact(self.order.arrange(drawn))
        return self.compact.compact(self.order.arrange_drawn(drawn))

    def forget(self) -> None:
        """The last write did not reach the terminal: what it shows is not known now."""
        self.cells.forget()
        self.order.forget()
        self.compact.forget()

    def redraw(self) -> None:
        """The next frames draw every cell they hold, as if the terminal showed nothing (a
        screen another program wrote over, drawn again with Ctrl+L)."""
        self.cells.forget()


def compact_output(base: type[Driver]) -> type[Driver]:
    """A subclass of Textual's driver ``base`` whose every write goes through a
    :class:`TerminalOutput` (its ``output``).

    ``Driver.write`` is the one way Textual and the alerts send anything to the terminal
    (frames, modes, bells), so one :class:`TerminalOutput` per driver sees all of it.
    """

    class CompactDriver(base):  # type: ignore[misc, valid-type]
        def __init__(self, app: Any, **options: Any) -> None:
            super().__init__(app, **options)
            # A browser's terminal (``whalewatch serve``) is not the one TERM names.
            erase = not self.is_web and erases_in_background(os.environ.get("TERM", ""))
            self.output = TerminalOutput(erase_blanks=erase)
            self.sized = app
            """The app: its ``size`` is the screen's its frames are drawn for."""

        def write(self, data: str) -> None:
            size = self.sized.size
            try:
                super().write(self.output.rewrite(data, size.width, size.height))
            except BaseException:
                # Not written (not in application mode, a closed terminal): what the output
                # took as sent was not, so what the terminal shows is not known any more.
                self.output.forget()
                raise

    CompactDriver.__name__ = CompactDriver.__qualname__ = f"Compact{base.__name__}"
    return CompactDriver


def erases_in_background(term: str) -> bool:
    """Whether the terminal ``term`` erases characters (``ECH``) in the background in force.

    Read from its terminfo entry (``bce`` and ``ech``), as curses does: xterm's, the Linux
    console's and most emulators' say so; GNU screen's and tmux's entries do not (screen
    erases in the default background), nor does an unknown terminal.
    """
    if not term:
        return False
    import curses  # the terminfo reader of the standard library; only for this question

    # The descriptor is only asked for the window's size: any file will do. (CPython reads
    # terminfo once a process: a later call with another ``term`` answers for the first.)
    descriptor = os.open(os.devnull, os.O_WRONLY)
    try:
        curses.setupterm(term, descriptor)
    except curses.error:
        return False
    finally:
        os.close(descriptor)
    return curses.tigetflag("bce") == 1 and bool(curses.tigetstr("ech"))
