"""Every command in the README runs, as a first-time user would type it, in the README's order.

The shell commands are read from README.md's ``sh`` code blocks (continuation lines joined,
comments dropped). Each ``whalewatch`` command runs in a fresh process on a throwaway home
(the user data and config directories under ``tmp_path``), one after the other as a reader
following the README would run them: the sources added first are the ones polled later, the
ids the README names (``s4``, ``n1``) are the ones the commands before it made. The public
sites they name are served by :class:`PublicHosts` on 127.0.0.1: no network is used.

What is not a plain command is listed below with how it is run instead and why: the
dashboards (under a real PTY, quit with ``q``), ``serve`` (on a free port, until its page
answers), ``[OPTIONAL]`` parts (both ways), placeholders, and the non-``whalewatch`` lines.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.terminal import TerminalSession
from tests.analysis.public_hosts import PublicHosts
from tui.widgets.first_run import FIRST_RUN

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
WHALEWATCH = [sys.executable, "-m", "tui"]

NOT_WHALEWATCH = {
    "python3 -m venv": "creates the virtual environment these tests run in",
    ".venv/bin/pip install": "installs the package these tests run (CI runs it, .ci/run)",
    ".venv/bin/python -m pytest": "the test suite itself",
    ".venv/bin/python -m bench": "the benchmarks (a section at a time in tests/perf, bench/)",
}
"""The README's shell lines that are not whalewatch commands, and why they are not run."""

DASHBOARDS = {
    "whalewatch --demo": b"X/Twitter",
    "whalewatch": b"Welcome to whalewatch",
    "whalewatch --db ./mystore": b"Welcome to whalewatch",
}
"""Commands that open the dashboard, and what its first screen shows: run under a PTY until
that is drawn, then quit with ``q`` (they would wait for the keyboard forever)."""

SERVERS = {"whalewatch serve": "run with --port FREE (8000 may be taken), until its page loads"}
PLACEHOLDERS = {"ID": "n1"}  # the first alert target `notify add` made (ids are n1, n2…)
LAPTOP = ("--db", "../laptop-store")
FILES_THE_README_ASSUMES = {
    "backup.json": (
        (
            *LAPTOP,
            "event",
            "add",
            "--date",
            "2023-07-24",
            "--title",
            "Twitter becomes X",
            "--category",
            "other",
        ),
        (*LAPTOP, "export", "--format", "json", "-o", "backup.json"),
    ),
}
"""Files a command reads that the README supposes the reader has, and the commands that make
them: ``backup.json`` is an export of the reader's store on another machine."""


@dataclass(frozen=True)
class Command:
    text: str
    """As written in the README (comments and line continuations taken out)."""
    argv: tuple[str, ...]
    """The arguments after ``whalewatch``; ``[--json]``-style parts expanded, ``ID`` filled."""
    piped: bool = False


def shell_blocks(markdown: str) -> list[list[str]]:
    """The lines of each ```sh code block, continuation lines joined."""
    blocks, current, inside = [], [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            if inside:
                blocks.append(current)
            current, inside = [], line.strip() in ("```sh", "```bash", "```shell")
            continue
        if inside:
            if current and current[-1].endswith("\\"):
                current[-1] = current[-1][:-1] + " " + line.strip()
            else:
                current.append(line)
    return blocks


def shell_commands(markdown: str) -> list[str]:
    """Every command of the shell blocks, in order (``a && b`` is two), comments dropped."""
    commands = []
    for block in shell_blocks(markdown):
        for line in block:
            words = shlex.split(line, comments=True)
            while words:
                end = words.index("&&") if "&&" in words else len(words)
                commands.append(shlex.join(words[:end]))
                words = words[end + 1 :]
    return commands


def expanded(text: str) -> list[Command]:
    """``text`` as the commands to run: ``[X]`` without and with X, placeholders filled."""
    words = shlex.split(text)
    words[0] = "whalewatch"
    piped = "|" in words
    if piped:
        words = words[: words.index("|")]  # `| less`: the output goes to a pipe, as here
    variants: list[list[str]] = [[]]
    for word in words[1:]:
        if word.startswith("[") and word.endswith("]"):
            optional = PLACEHOLDERS.get(word[1:-1], word[1:-1])
            variants = [*variants, *[[*v, optional] for v in variants]]
        else:
            variants = [[*v, PLACEHOLDERS.get(word, word)] for v in variants]
    return [Command(text, ("whalewatch", *v), piped) for v in variants]


def is_whalewatch(command: str) -> bool:
    return command.split()[0].rsplit("/", 1)[-1] == "whalewatch"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Reader:
    """A first-time user with a fresh home directory, typing the README's commands."""

    def __init__(self, home: Path, hosts: PublicHosts) -> None:
        self.cwd = home / "work"
        self.cwd.mkdir(parents=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("WHALEWATCH_")}
        env.update(hosts.environment())
        env.update(
            PYTHONPATH=str(ROOT),
            HOME=str(home),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_STATE_HOME=str(home / "state"),
            XDG_CACHE_HOME=str(home / "cache"),
        )
        self.env = env
        self.transcript: list[str] = []
        self.failures: list[str] = []

    def run(self, command: Command) -> str:
        done = subprocess.run(
            [*WHALEWATCH, *command.argv[1:]],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        shown = shlex.join(command.argv)
        self.transcript.append(f"$ {shown}\n{done.stdout}{done.stderr}")
        if done.returncode != 0 or "Traceback" in done.stderr:
            self.failures.append(f"{shown} -> {done.returncode}\n{done.stdout}{done.stderr}")
        return done.stdout

    def dashboard(self, command: Command, first_screen: bytes) -> None:
        argv = [*WHALEWATCH, *command.argv[1:]]
        # The session starts in this process's directory: the reader's, for `--db ./mystore`.
        with contextlib.chdir(self.cwd), TerminalSession(argv, env=self.env) as session:
            session.settle(marker=first_screen, quiet=0.5, timeout=60)
            screen = bytes(session.output)
            session.send(b"q")
            status = session.wait(timeout=30)
        self.transcript.append(f"$ {command.text}  (dashboard, quit with q) -> {status}")
        if first_screen not in screen or status != 0:
            self.failures.append(f"{command.text}: no {first_screen!r} on screen, exit {status}")

    def serve(self, command: Command) -> None:
        port = _free_port()
        argv = [*WHALEWATCH, *command.argv[1:], "--port", str(port)]
        server = subprocess.Popen(
            argv, cwd=self.cwd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        page = b""
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and server.poll() is None and not page:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
                        page = reply.read()
                except OSError:
                    time.sleep(0.2)
        finally:
            server.terminate()
            server.wait(timeout=30)
        self.transcript.append(f"$ {command.text} --port {port}  (until its page loads)")
        if b"whalewatch" not in page:
            self.failures.append(f"{command.text}: no page on port {port}")


def test_every_shell_line_is_a_whalewatch_command_or_listed() -> None:
    others = [c for c in shell_commands(README.read_text("utf-8")) if not is_whalewatch(c)]
    assert others, "the README's set-up lines were not found"
    unlisted = [c for c in others if not c.startswith(tuple(NOT_WHALEWATCH))]
    assert not unlisted


def test_the_first_run_view_suggests_commands_the_readme_runs() -> None:
    readme = [shlex.join(shlex.split(c)) for c in shell_commands(README.read_text("utf-8"))]
    readme = [c.rsplit("/", 1)[-1] if c.startswith(".venv") else c for c in readme]
    suggested = [line.strip() for line in FIRST_RUN.splitlines()]
    suggested = [shlex.join(shlex.split(s)) for s in suggested if s.startswith("whalewatch")]
    assert suggested
    for command in suggested:
        assert any(c == command or c.startswith(command + " ") for c in readme), command


def test_every_readme_command_runs(tmp_path: Path) -> None:
    if not shutil.which("openssl"):
        pytest.skip("openssl makes the look-alike hosts' certificate")
    texts = [c for c in shell_commands(README.read_text("utf-8")) if is_whalewatch(c)]
    assert len(texts) > 30
    with PublicHosts(tmp_path / "certs") as hosts:
        reader = Reader(tmp_path / "home", hosts)
        outputs: dict[str, str] = {}
        for text in texts:
            for command in expanded(text):
                plain = shlex.join(command.argv)
                for name, made_by in FILES_THE_README_ASSUMES.items():
                    if name in command.argv and not (reader.cwd / name).exists():
                        for made in made_by:
                            reader.run(Command("", ("whalewatch", *made)))
                if plain in DASHBOARDS:
                    reader.dashboard(command, DASHBOARDS[plain])
                elif plain in SERVERS:
                    reader.serve(command)
                else:
                    outputs[plain] = reader.run(command)
        seen = list(hosts.seen)
    assert not reader.failures, "\n\n".join(reader.failures)
    # What the reader is promised along the way:
    store = tmp_path / "home" / "data" / "whalewatch" / "store"
    assert store.is_dir()  # `whalewatch` with no --db: the user data directory
    assert (reader.cwd / "mystore").is_dir()
    assert "GET www.githubstatus.com/api/v2/summary.json" in seen
    assert (
        "POST example.com/hook" in seen and "POST ntfy.sh/" in seen
    )  # Apprise: the topic in the body
    versions = outputs["whalewatch source versions s4"]
    assert re.search(r"^v1 ", versions, re.M) and re.search(r"^v2 ", versions, re.M)
    assert "+++" in outputs["whalewatch source diff s4"]  # a pipe gets a unified diff
    assert (reader.cwd / "chronicle.md").read_text("utf-8").startswith("# Chronicle: ")
    assert "added n1" in "\n".join(reader.transcript)
