"""Run a command under a pseudo-terminal and count what it writes (benchmarks and tests).

The command gets an 80x24 xterm-256color terminal as its controlling terminal, in a session
of its own, exactly as if a user had started it in a terminal emulator. Everything it writes
is read as it comes, so the byte counts are what would cross an SSH connection.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence

ROWS, COLUMNS = 24, 80
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"


def _become_terminal_owner() -> None:  # pragma: no cover - runs in the child
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class TerminalSession:
    """One process on the slave side of a PTY; the master side is read by :meth:`read_for`."""

    def __init__(
        self,
        argv: Sequence[str],
        rows: int = ROWS,
        columns: int = COLUMNS,
        env: dict | None = None,
        term: str = "xterm-256color",
    ) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environment = dict(os.environ if env is None else env)
        environment.update(TERM=term, COLUMNS=str(columns), LINES=str(rows))
        environment.pop("TEXTUAL", None)
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            start_new_session=True,
            preexec_fn=_become_terminal_owner,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self.closed = False

    def read_for(self, seconds: float) -> bytes:
        """Read whatever arrives during ``seconds``; returns only what this call read."""
        deadline = time.monotonic() + seconds
        chunk = bytearray()
        while not self.closed:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            chunk += self._read_chunk(left)
        return bytes(chunk)

    def _read_chunk(self, wait: float) -> bytes:
        """What the program writes next, if it writes within ``wait`` seconds; else b""."""
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return b""
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the child closed its side
            data = b""
        if not data:
            self.closed = True
        self.output += data
        return data

    def settle(self, quiet: float = 2.0, timeout: float = 120.0, marker: bytes = b"") -> float:
        """Read until ``marker`` was written (if given) and then nothing for ``quiet`` seconds.

        The marker lets a caller wait for work done in the background after the first screen
        (whalewatch reads the full history then), which a quiet spell alone could mistake for
        idle. The quiet is counted from the last byte written, not in windows of ``quiet``
        (which waited 1–2 spells after it: ~1 s more per key in the walks through every
        screen). Returns the time it took.
        """
        started = time.monotonic()
        while time.monotonic() - started < timeout and not self.closed:
            if marker and marker not in self.output:
                self.read_for(0.2)
            elif not self._read_chunk(quiet) and len(self.output) > 0:
                break
        return time.monotonic() - started

    def start(self, marker: bytes = b"", focus: bytes = b"") -> None:
        """Wait for start-up to settle (``marker`` written), then send ``focus`` keys, if any,
        and wait for what they redraw to settle too.

        A fixed half second was not enough on a loaded machine: the focus change's redraw
        (the focused pane grows: most of the screen) was counted in the first key presses.
        """
        self.settle(marker=marker)
        if focus:
            self.send(focus)
            self.settle(quiet=0.5)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def signal(self, signum: int = signal.SIGHUP) -> None:
        self.process.send_signal(signum)

    def hang_up(self) -> None:
        """Close the terminal, as an emulator's window closing does (the kernel hangs it up)."""
        os.close(self.master)
        self.master = -1
        self.closed = True

    def wait(self, timeout: float = 20.0) -> int:
        """Drain the output until the process exits; returns its exit status."""
        deadline = time.monotonic() + timeout
        while not self.closed and time.monotonic() < deadline:
            self.read_for(0.2)
            if self.process.poll() is not None:
                self.read_for(0.2)
                break
        return self.process.wait(timeout=max(0.1, deadline - time.monotonic()))

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def __enter__(self) -> TerminalSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def idle_bytes(argv: Sequence[str], seconds: float, marker: bytes = b"") -> tuple[int, float]:
    """Bytes written over ``seconds`` of idle once start-up has settled; and the settle time."""
    with TerminalSession(argv) as session:
        settled = session.settle(marker=marker)
        idle = session.read_for(seconds)
        session.send(b"q")
        session.wait()
        return len(idle), settled


def key_bytes(
    argv: Sequence[str], keys: bytes, presses: int, focus: bytes = b"", marker: bytes = b""
) -> float:
    """Bytes written per key press (each given time to be drawn), after ``focus`` keys."""
    with TerminalSession(argv) as session:
        session.start(marker, focus)
        total = 0
        for _ in range(presses):
            session.send(keys)
            total += len(session.read_for(0.1))
        total += len(session.read_for(0.5))
        session.send(b"q")
        session.wait()
        return total / presses


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc), in seconds."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def key_cpu(
    argv: Sequence[str],
    keys: bytes,
    presses: int,
    gap: float = 0.03,
    focus: bytes = b"",
    marker: bytes = b"",
    quit_keys: bytes = b"q",
) -> float:
    """CPU milliseconds the program spends per key press, its idle CPU subtracted.

    No harness runs inside the program: the keys arrive through the terminal as typed, ``gap``
    seconds apart (faster than key repeat), and the CPU time the kernel charged the process
    is read before and after. Clock ticks are 10 ms, so a few hundred presses are needed.
    """
    with TerminalSession(argv) as session:
        session.start(marker, focus)
        pid = session.process.pid
        idle_window = 3.0
        before = process_cpu_seconds(pid)
        session.read_for(idle_window)
        idle_rate = (process_cpu_seconds(pid) - before) / idle_window
        before, started = process_cpu_seconds(pid), time.monotonic()
        for _ in range(presses):
            session.send(keys)
            session.read_for(gap)
        session.read_for(0.3)
        used = process_cpu_seconds(pid) - before
        elapsed = time.monotonic() - started
        session.send(quit_keys)
        session.wait()
    return max(0.0, used - idle_rate * elapsed) / presses * 1000
