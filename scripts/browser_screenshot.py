"""Take screenshots/browser.png: `whalewatch --demo serve` as headless Chromium shows it.

Run: python scripts/browser_screenshot.py [PATH]. It needs the `serve` extra (textual-serve),
Playwright for Python (in the `test` extra) and a system Chromium (Debian: `apt-get install
chromium`; `fonts-noto-color-emoji` draws the header's whale). Playwright drives that Chromium;
no browser is downloaded (never run `playwright install` for this).

The helpers here are also what tests/perf/test_browser.py drives the browser with, so the
picture and the test see the page the same way:

- :func:`served_dashboard` starts ``whalewatch [OPTIONS] serve`` on 127.0.0.1 at a free port.
- :func:`dashboard_in_chromium` opens it in Chromium that reaches nothing but that server.
  textual-serve's page links one stylesheet off the machine, Google Fonts' Roboto Mono; that
  request is answered here with the same font from textual-serve's own static folder, and
  any other request off 127.0.0.1 is aborted (and remembered).
- :class:`DashboardPage` reads what the page's terminal shows, as text, through xterm.js.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route, ViewportSize

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots" / "browser.png"
VIEWPORT: ViewportSize = {"width": 1200, "height": 720}

# Chromium's own resolver knows no host but the loopback address: even a request that no
# route sees (the browser's own background traffic) cannot leave the machine.
LOOPBACK_ONLY_FLAG = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"

# The page's xterm.js Terminal lives in a closure of textual-serve's script, which stores it
# as `this.terminal`. A setter on Object.prototype notes the terminal as it is assigned (then
# steps aside with an ordinary property), so the page's text can be read through xterm.js's
# public buffer API: the cells its WebGL renderer draws, which no DOM node holds.
CAPTURE_TERMINAL = """
(() => {
  const terminals = [];
  Object.defineProperty(Object.prototype, "terminal", {
    configurable: true,
    set(value) {
      Object.defineProperty(this, "terminal", {
        value, writable: true, configurable: true, enumerable: true,
      });
      if (value && value.buffer) terminals.push(value);
    },
  });
  window.whalewatchScreen = () => {
    const terminal = terminals[0];
    if (!terminal) return null;
    const buffer = terminal.buffer.active;
    const lines = [];
    for (let y = 0; y < terminal.rows; y++) {
      const line = buffer.getLine(buffer.viewportY + y);
      lines.push(line ? line.translateToString(true) : "");
    }
    return lines.join("\\n");
  };
})();
"""

SHOWS_ALL = """([wanted, absent]) => {
  const screen = window.whalewatchScreen() || "";
  return wanted.every((text) => screen.includes(text)) && !absent.some((text) => screen.includes(text));
}"""
NO_TERMINAL = (
    "(nothing: no xterm.js terminal was found in the page; has textual-serve's page changed?)"
)

FONT_HOST = "fonts.googleapis.com"
FONT_CSS = (
    "@font-face { font-family: 'Roboto Mono'; font-weight: 100 700; "
    "src: url('{base}/static/fonts/RobotoMono-VariableFont_wght.ttf') format('truetype'); }"
)


def chromium_executable() -> str | None:
    """The system's Chromium (Debian's ``chromium`` package), if there is one."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served_dashboard(options: Sequence[str], seconds: float = 30) -> Iterator[str]:
    """``whalewatch OPTIONS serve`` on 127.0.0.1; yields its URL once the page answers.

    The server's request log goes to a file (a pipe nobody reads would fill up and stall
    it); its tail is in the error when the server exits or never answers.
    """
    port = free_port()
    argv = [sys.executable, "-m", "tui", *options, "serve", "--port", str(port)]
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(argv, cwd=ROOT, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            try:
                wait_for_page(base, server, seconds)
            except RuntimeError as error:
                log.seek(0)
                tail = log.read().decode(errors="replace")[-2000:]
                raise RuntimeError(f"whalewatch serve {error}:\n{tail}") from None
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def wait_for_page(base: str, server: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"exited with status {server.returncode} before serving")
        try:
            httpx.get(base, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"never answered on {base} within {seconds:.0f} s")


class LoopbackGuard:
    """Route handler: the served page goes through, the font is answered here, the rest stops.

    With ``answer_font=False`` the font stylesheet is stopped too, as it fails for a user
    with no way out to the internet (the page then falls back to a local monospace font).
    """

    def __init__(self, base: str, answer_font: bool = True) -> None:
        self.base = base
        self.answer_font = answer_font
        self.reached: list[str] = []  # requests that went to the served dashboard
        self.answered_here: list[str] = []  # the page's font stylesheet, from textual-serve's fonts
        self.stopped: list[str] = []  # anything else: aborted before it left the browser

    def __call__(self, route: Route) -> None:
        url = route.request.url
        if url == self.base or url.startswith(self.base + "/"):
            self.reached.append(url)
            route.continue_()
        elif self.answer_font and urlsplit(url).hostname == FONT_HOST:
            self.answered_here.append(url)
            route.fulfill(content_type="text/css", body=FONT_CSS.replace("{base}", self.base))
        else:
            self.stopped.append(url)
            route.abort()


class DashboardPage:
    """The served dashboard in one browser tab: what its terminal shows, keys pressed into it."""

    def __init__(self, page: Page, guard: LoopbackGuard) -> None:
        self.page = page
        self.guard = guard
        self.requests: list[str] = []  # every request the page made, whatever became of it
        self.websockets: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("websocket", lambda websocket: self.websockets.append(websocket.url))

    def screen(self) -> str:
        """The terminal's visible rows, as text."""
        screen = self.page.evaluate("window.whalewatchScreen()")
        return NO_TERMINAL if screen is None else screen

    def wait_for(self, *wanted: str, absent: Sequence[str] = (), seconds: float = 60) -> str:
        """The screen once it shows every ``wanted`` text and none of ``absent``."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(
                SHOWS_ALL, arg=[list(wanted), list(absent)], timeout=seconds * 1000
            )
        except PlaywrightTimeout:
            raise AssertionError(
                f"the page did not show {list(wanted)} without {list(absent)} within "
                f"{seconds:.0f} s; it showed:\n{self.screen()}"
            ) from None
        return self.screen()

    def focus(self) -> None:
        """Focus the terminal, as a click into the page would (the app then has focus)."""
        self.page.locator(".xterm-helper-textarea").focus()

    def press(self, key: str) -> None:
        self.focus()
        self.page.keyboard.press(key)


@contextmanager
def dashboard_in_chromium(
    base: str, viewport: ViewportSize = VIEWPORT, answer_font: bool = True
) -> Iterator[DashboardPage]:
    """The page at ``base`` in headless system Chromium that reaches only 127.0.0.1."""
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    if executable is None:
        raise RuntimeError("no chromium on PATH (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=[LOOPBACK_ONLY_FLAG])
        try:
            page = browser.new_page(viewport=viewport)
            guard = LoopbackGuard(base, answer_font)
            page.route("**/*", guard)
            page.add_init_script(CAPTURE_TERMINAL)
            dashboard = DashboardPage(page, guard)
            page.goto(base)
            yield dashboard
        finally:
            browser.close()


def take_screenshot(path: Path) -> None:
    """The demo with the replayed outage on screen, once its alert toast has gone."""
    with served_dashboard(["--demo"]) as base, dashboard_in_chromium(base) as dashboard:
        dashboard.wait_for("whalewatch", "Incidents")
        dashboard.focus()  # the footer's keys show only while the page's terminal has focus
        dashboard.wait_for("New incident", seconds=60)  # the replayed outage, as an alert
        dashboard.wait_for("Replay: API errors", "? Help", absent=["New incident"], seconds=30)
        dashboard.page.screenshot(path=str(path))


def main(argv: Sequence[str]) -> int:
    path = Path(argv[0]) if argv else OUT
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        print("browser_screenshot: needs Playwright: pip install -e '.[test]'", file=sys.stderr)
        return 1
    if chromium_executable() is None:
        print(
            "browser_screenshot: no chromium on PATH (Debian: apt-get install chromium)",
            file=sys.stderr,
        )
        return 1
    try:
        take_screenshot(path)
    except (RuntimeError, AssertionError) as error:
        print(f"browser_screenshot: {error}", file=sys.stderr)
        return 1
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
