"""The dashboard through a real ``ssh`` into an sshd on 127.0.0.1, in tmux at 80x24.

This is how users run whalewatch: over SSH, in a terminal multiplexer. The test starts its own
sshd (keys and config in a temporary directory, listening on 127.0.0.1 only), logs in with
``ssh -t`` inside a tmux pane, reads the screen with ``capture-pane``, quits with ``q``, then
drops a connection mid-edit to check that the hang-up saves the text. It is skipped where no
sshd or tmux is installed (``.ci/run`` installs them).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.domain import Event, parse_day
from tui.store import Store

SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if Path("/usr/sbin/sshd").exists() else None)
pytestmark = pytest.mark.skipif(
    not (SSHD and shutil.which("ssh") and shutil.which("tmux") and shutil.which("ssh-keygen")),
    reason="needs sshd, ssh, ssh-keygen and tmux",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def sshd(tmp_path: Path):
    """An sshd on 127.0.0.1 that accepts one key for the current user; yields an ssh argv."""
    keys = tmp_path / "ssh"
    keys.mkdir(mode=0o700)
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / "host")], check=True
    )
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / "user")], check=True
    )
    authorized = keys / "authorized_keys"
    shutil.copy(keys / "user.pub", authorized)
    authorized.chmod(0o600)
    port = _free_port()
    config = keys / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {keys / 'host'}\n"
        f"AuthorizedKeysFile {authorized}\nPidFile {keys / 'sshd.pid'}\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
        "PermitRootLogin yes\nStrictModes no\nPermitUserEnvironment no\n"
        "AcceptEnv LANG LC_*\n"
    )
    Path("/run/sshd").mkdir(exist_ok=True)
    server = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE)
    user = (
        os.environ.get("USER")
        or subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
    )
    argv = [
        "ssh", "-t", "-p", str(port), "-i", str(keys / "user"),
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "LogLevel=ERROR", f"{user}@127.0.0.1",
    ]  # fmt: skip
    try:
        ok = _wait_for(
            lambda: subprocess.run([*argv, "true"], capture_output=True).returncode == 0, 15
        )
        if not ok:
            pytest.skip("the test sshd did not accept a login here")
        yield argv
    finally:
        server.terminate()
        server.wait(timeout=10)


class Tmux:
    def __init__(self, name: str) -> None:
        self.name = name

    def start(self, command: str) -> None:
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", "80", "-y", "24", command],
            check=True,
        )

    def screen(self) -> str:
        result = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return result.stdout

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def alive(self) -> bool:
        return subprocess.run(["tmux", "has-session", "-t", self.name]).returncode == 0

    def kill(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def _remote_command(store: Path) -> str:
    root = Path(__file__).resolve().parents[2]
    return f"cd {root} && TERM=xterm-256color {sys.executable} -m tui --db {store} --no-poll"


def test_dashboard_over_ssh_at_80x24_and_quit_restores_the_shell(sshd, tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    store = Store.open(store_path)
    store.add_event(Event(0, parse_day("2023-03-06"), "API outage over SSH", "outage"))
    tmux = Tmux(f"ww-ssh-{os.getpid()}")
    ssh = " ".join(sshd)
    tmux.start(f"{ssh} '{_remote_command(store_path)}'; echo SSH-EXITED-$?; sleep 30")
    try:
        assert _wait_for(lambda: "API outage over SSH" in tmux.screen()), tmux.screen()
        screen = tmux.screen()
        for words in ("Incidents", "Timeline", "Notes", "whalewatch"):
            assert words in screen
        assert len(screen.splitlines()) <= 24
        tmux.keys("q")
        assert _wait_for(lambda: "SSH-EXITED-0" in tmux.screen()), tmux.screen()
        # The terminal was restored: the dashboard is gone from the pane.
        assert "Timeline" not in tmux.screen()
    finally:
        tmux.kill()


def test_dropped_ssh_connection_saves_the_note_being_typed(sshd, tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    store = Store.open(store_path)
    store.add_event(Event(0, parse_day("2023-03-06"), "API outage", "outage"))
    tmux = Tmux(f"ww-hup-{os.getpid()}")
    tmux.start(f"{' '.join(sshd)} '{_remote_command(store_path)}'")
    try:
        assert _wait_for(lambda: "API outage" in tmux.screen()), tmux.screen()
        tmux.keys("n")
        assert _wait_for(lambda: "new note" in tmux.screen())
        tmux.keys("-l", "typed before the link dropped")
        time.sleep(0.3)
        # Drop the connection: kill the ssh client; sshd hangs up the remote session.
        tmux.kill()
        assert _wait_for(
            lambda: any("link dropped" in n.text for n in Store.open(store_path).notes())
        )
    finally:
        tmux.kill()
