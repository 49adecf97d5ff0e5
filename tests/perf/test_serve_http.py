"""``whalewatch serve`` for real: the page over HTTP on 127.0.0.1, the dashboard over its websocket.

The server runs as a user would start it; the test plays the browser: it fetches the page,
opens the websocket the page would open, reads the dashboard's first screen from the terminal
output that comes through, and quits it with a key press.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tui.demo.dataset import load_demo
from tui.store import Store

aiohttp = pytest.importorskip("aiohttp", reason="textual-serve (the 'serve' extra) brings aiohttp")
pytest.importorskip("textual_serve")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served_dashboard(tmp_path: Path):
    store_path = tmp_path / "store"
    load_demo(Store.open(store_path))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "--db", str(store_path), "--no-poll", "serve"]
        + ["--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(base, timeout=1)
            break
        except httpx.TransportError:
            if server.poll() is not None:
                pytest.fail(f"serve exited: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("serve never answered on 127.0.0.1")
    yield base
    server.terminate()
    server.wait(timeout=10)


def test_page_is_served_on_loopback(served_dashboard: str) -> None:
    page = httpx.get(served_dashboard, timeout=10)
    assert page.status_code == 200
    # The page is a terminal (xterm.js) wired to the dashboard's websocket, on loopback.
    assert "xterm" in page.text
    assert f'data-session-websocket-url="{served_dashboard.replace("http", "ws")}/ws"' in page.text


async def read_until(websocket, marker: bytes, seconds: float) -> bytes:
    """Terminal output sent over the websocket until ``marker`` appears (or time runs out)."""
    output = bytearray()
    deadline = time.monotonic() + seconds
    while marker not in output and time.monotonic() < deadline:
        try:
            message = await websocket.receive(timeout=max(0.1, deadline - time.monotonic()))
        except TimeoutError:
            break
        if message.type == aiohttp.WSMsgType.BINARY:
            output += message.data
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            break
    return bytes(output)


async def test_dashboard_runs_in_the_browser_session(served_dashboard: str) -> None:
    url = served_dashboard.replace("http", "ws") + "/ws?width=100&height=30"
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url) as websocket:
            output = await read_until(websocket, b"Rebrand to X announced", 60)
            assert b"Incidents" in output, output[-2000:]
            assert b"Rebrand to X announced" in output  # the newest event of the demo
            await websocket.send_str(json.dumps(["stdin", "q"]))
            # The last frames (the terminal restored), then the server closes the session.
            await read_until(websocket, b"never written", 30)
            assert websocket.closed
