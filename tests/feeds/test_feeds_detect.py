"""Kind detection: what `source add URL` decides when no --kind is given."""

from __future__ import annotations

from pathlib import Path

from tui.feeds.detect import detect_kind, detect_source
from tui.feeds.http import FetchResult
from tui.kinds import addable_kind_names
from tui.kinds.presets import PRESETS
from tui.kinds.statuspage import summary_url
from tui.text import safe_url

SUMMARY = Path("/work/shared/fixtures/github-summary-operational-2019-12-30.json").read_bytes()
ATOM = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>'


def ok(body: bytes, content_type: str = "") -> FetchResult:
    headers = {"content-type": content_type} if content_type else {}
    return FetchResult(url="", status=200, body=body, headers=headers)


def extra(url: str, summary: FetchResult) -> dict[str, FetchResult]:
    """What the Statuspage kind's extra URL (``/api/v2/summary.json``) answered."""
    return {summary_url(url): summary}


def test_detect_kind_from_results() -> None:
    page = ok(b"<!doctype html><html></html>", "text/html")
    assert detect_kind("https://s.example", page, extra("https://s.example", ok(SUMMARY))) == (
        "statuspage"
    )
    assert detect_kind("https://s.example/api/v2/summary.json", ok(SUMMARY)) == "statuspage"
    assert detect_kind("https://s.example/history.atom", ok(ATOM)) == "feed"
    assert detect_kind("https://s.example/x", ok(b"...", "application/rss+xml")) == "feed"
    missing = FetchResult(url="", status=404, error="HTTP 404 Not Found")
    assert detect_kind("https://x.com", page, extra("https://x.com", missing)) == "probe"
    assert detect_kind("https://x.com", page, extra("https://x.com", ok(b'{"page": {}}'))) == (
        "probe"
    )


async def test_auto_detect_over_http(server, client) -> None:
    server.routes["/api/v2/summary.json"] = server.Reply(200, SUMMARY)
    server.routes["/feed"] = server.Reply(200, ATOM)
    server.routes["/home"] = server.Reply(200, b"<html>hi</html>")
    assert (await detect_source(client, server.base)).kind.name == "statuspage"
    assert (await detect_source(client, server.url("/feed"))).kind.name == "feed"
    detection = await detect_source(client, server.url("/home"))
    assert detection.kind.name == "probe" and detection.result.ok


def test_presets_are_valid_sources() -> None:
    assert {"x", "github", "reddit", "discord", "cloudflare", "openai"} <= set(PRESETS)
    for preset in PRESETS.values():
        assert preset.kind in addable_kind_names()
        assert safe_url(preset.url) == preset.url and preset.url.startswith("https://")
