"""The add-source form keeps what was typed when the URL does not answer, and sets a probe's
conditions (status, latency, body, JSON, TLS, method, headers) as ``source add`` does."""

from __future__ import annotations

import socket
from pathlib import Path

from textual.widgets import Input, Select, TextArea

from tests.app.conftest import wait_for
from tests.app.test_sources_screen import local_url, open_sources  # noqa: F401  (fixture)
from tui.app import WhalewatchApp
from tui.screens.source_form import SourceForm
from tui.store import Store


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (the port was bound, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/status"


def message(form: SourceForm, field: str) -> str:
    return str(form.query_one(f"#{field}-error").render())


async def open_form(app: WhalewatchApp, pilot) -> SourceForm:
    await open_sources(app, pilot)
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(app.screen, SourceForm))
    form = app.screen
    assert isinstance(form, SourceForm)
    return form


async def test_an_unreachable_url_keeps_the_form_open_with_the_reason(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    app = WhalewatchApp(store, poll=False)
    url = closed_port_url()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot)
        form.query_one("#url", Input).value = url
        form.query_one("#platform", Input).value = "Local"
        form.query_one("#body_excludes", Input).value = "does not include access"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Cannot reach" in message(form, "url"))
        assert "connection refused" in message(form, "url")
        assert "Choose a kind to add it anyway" in message(form, "url")
        assert not form.query_one("#url-error").has_class("-progress")  # drawn as an error
        assert app.screen is form  # still open, nothing thrown away
        assert form.query_one("#url", Input).value == url
        assert form.query_one("#platform", Input).value == "Local"
        assert form.query_one("#body_excludes", Input).value == "does not include access"
        assert app.focused is form.query_one("#kind", Select)
        assert store.sources() == []
        # Choosing a kind adds it anyway, with what was typed.
        form.query_one("#kind", Select).value = "probe"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(store.sources()) == 1)
        (source,) = store.sources()
        assert (source.url, source.kind, source.platform) == (url, "probe", "Local")
        assert source.body_excludes == "does not include access"


async def test_probe_conditions_are_set_from_the_form(tmp_path: Path, local_url: str) -> None:  # noqa: F811
    store = Store.open(tmp_path)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot)
        fields = {
            "url": local_url,
            "expect_status": "200,301",
            "latency_limit": "800",
            "body_contains": "ok",
            "body_excludes": "Your current API plan does not include access",
            "json_check": "data.status == ok",
            "cert_expiry": "14",
        }
        for name, value in fields.items():
            form.query_one(f"#{name}", Input).value = value
        form.query_one("#method", Select).value = "HEAD"
        form.query_one(
            "#headers", TextArea
        ).text = "Authorization: Bearer $X_BEARER_TOKEN\nAccept: application/json\n"
        await pilot.press("ctrl+s")  # kind auto: the local server's plain text is a probe
        await wait_for(pilot, lambda: len(store.sources()) == 1)
        (source,) = store.sources()
    assert source.kind == "probe"
    assert (source.method, source.expect_status) == ("HEAD", "200,301")
    assert (source.latency_limit_ms, source.cert_expiry_days) == (800, 14)
    assert source.body_contains == "ok"
    assert source.body_excludes == "Your current API plan does not include access"
    assert source.json_check == "data.status == ok"
    assert source.headers == "Authorization: Bearer $X_BEARER_TOKEN\nAccept: application/json"


async def test_the_form_refuses_what_source_add_refuses(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot)
        form.query_one("#url", Input).value = "https://example.org/api"
        form.query_one("#kind", Select).value = "probe"
        form.query_one("#headers", TextArea).text = "Authorization: Bearer sk-live-123"
        form.query_one("#json_check", Input).value = "data.status"
        form.query_one("#latency_limit", Input).value = "fast"
        form.query_one("#expect_status", Input).value = "20O"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "expected status '20O'" in message(form, "expect_status")
        form.query_one("#expect_status", Input).value = "2xx"
        assert "carries a secret: write it as $VARIABLE" in message(form, "headers")
        assert "not a JSON check" in message(form, "json_check")
        assert "a whole number of milliseconds" in message(form, "latency_limit")
        # Probe checks on a status page are refused, as page fields on a probe are.
        form.query_one("#headers", TextArea).text = ""
        form.query_one("#json_check", Input).value = ""
        form.query_one("#latency_limit", Input).value = "500"
        form.query_one("#kind", Select).value = "statuspage"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "HTTP probes only" in message(form, "latency_limit")
        assert message(form, "headers") == ""
    assert store.sources() == []
    assert "sk-live-123" not in "".join(p.read_text() for p in tmp_path.rglob("*.json"))


async def test_a_rule_only_source_add_knows_is_shown_not_raised(
    tmp_path: Path, monkeypatch
) -> None:
    """Should ``probe_checks`` learn a rule the form's own checks miss, the form says it."""
    import tui.cli.source as cli_source
    from tui.kinds.conditions import ConditionError

    def stricter(flags):
        raise ConditionError("--expect-status: not a status code: '20O'")

    monkeypatch.setattr(cli_source, "probe_checks", stricter)
    store = Store.open(tmp_path)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot)
        form.query_one("#url", Input).value = "https://example.org/api"
        form.query_one("#kind", Select).value = "probe"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "not a status code" in message(form, "probe")
    assert store.sources() == []


async def test_escape_while_detecting_adds_nothing(tmp_path: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    release, asked, answered = threading.Event(), threading.Event(), threading.Event()

    class Slow(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            asked.set()
            release.wait(10)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
            answered.set()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/health"
    store = Store.open(tmp_path)
    app = WhalewatchApp(store, poll=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            form = await open_form(app, pilot)
            form.query_one("#url", Input).value = url
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: asked.is_set() and "Detecting" in message(form, "url"))
            assert form.query_one("#url-error").has_class("-progress")  # not drawn as an error
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, SourceForm))
            release.set()
            await wait_for(pilot, answered.is_set)
            for _ in range(10):  # the detection's answer reaches the (closed) form
                await pilot.pause(0.02)
            assert not isinstance(app.screen, SourceForm)
        assert store.sources() == []
    finally:
        release.set()
        server.shutdown()
        server.server_close()


def test_whole_numbers_are_ascii_digits() -> None:
    from tui.screens.source_form import probe_field_errors

    assert probe_field_errors({"latency_limit": "800", "cert_expiry": "14"}) == {}
    for odd in ("²", "-5", "1.5", "10 ms"):
        errors = probe_field_errors({"latency_limit": odd, "cert_expiry": odd})
        assert set(errors) == {"latency_limit", "cert_expiry"}, odd
