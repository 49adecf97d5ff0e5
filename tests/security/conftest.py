"""A hostile corpus, and stores built from it the two ways text reaches whalewatch.

Remote text arrives by polling: a Statuspage (``summary.json``/``incidents.json``) and an RSS
feed served from 127.0.0.1 carry the corpus, and :func:`tui.feeds.poller.poll_once` ingests
them (so the ingestion sanitiser runs). The user's own and imported data (events, notes,
incidents merged from a file) is written straight through the store API with the corpus
*raw*: it is sanitised only when it is drawn, which is what these tests check.

A baseline store of the same shape with plain text is built the same way, so that the PTY
test can compare what a hostile store makes the app write with what a clean one does.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ (TerminalSession) lives beside tui/ and is not installed
    sys.path.insert(0, str(ROOT))

from tui.domain import Event, Incident, IncidentUpdate, Source  # noqa: E402
from tui.feeds.http import make_client  # noqa: E402
from tui.feeds.poller import poll_once  # noqa: E402
from tui.store import Store  # noqa: E402

ZALGO = "z" + "\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308" * 40 + "algo"

HOSTILE: dict[str, str] = {
    "osc52": "\x1b]52;c;cm0gLXJmIH4K\x07 clipboard write",
    "osc0": "\x1b]0;pwned\x07 window title",
    "osc2": "\x1b]2;pwned\x1b\\ window title (ST)",
    "osc8": "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\ hyperlink",
    "dsr": "cursor report \x1b[6n query",
    "da": "device attributes \x1b[c and \x1b[>c query",
    "clear": "\x1b[2J\x1b[H\x1b[?1049l screen wipe",
    "dcs": "\x1bP+q544e\x1b\\ termcap query",
    "c1": "eight-bit \x9b6n csi \x9d0;pwned\x9c osc",
    "bidi": "bidi \u202eevil.exe\u202c \u2066isolate\u2069 \u200f",
    "surrogate": "lone \ud800 surrogate \udfff here",
    "zalgo": ZALGO,
    "click": "[@click=app.quit]x[/]",
    "link": "[link=https://evil.example]x[/link]",
    "open": "unclosed [/",
    "close": "stray [/bold] close",
    "zeros": "odd [00] tag",
    "entities": "&#27;]52;c;cm0=&#7; &#x1b;]0;pwned&#x07; &#155;6n &#x9d;",
}
"""Name -> hostile string. Every title, body, note and description below carries one."""

HOSTILE_URLS = (
    "javascript:alert(document.cookie)",
    "file:///etc/passwd",
    "https://evil.example/\x1b\\x",
    "JaVaScRiPt:alert(1)",
)

FORBIDDEN = {
    "ESC": lambda ch: ch == "\x1b",
    "C1": lambda ch: "\x80" <= ch <= "\x9f",
    "bidi": lambda ch: (
        ch in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    ),
    "surrogate": lambda ch: "\ud800" <= ch <= "\udfff",
    "C0": lambda ch: ch < " " and ch not in "\n\t",
}
"""What no string on screen may hold (newline and tab are layout, not controls)."""

POLLED_SOURCE = "hostile-page"
FEED_SOURCE = "hostile-feed"
IMPORTED_SOURCE = "imported"
DAY = date(2024, 3, 4)
START = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


def forbidden_in(text: str) -> list[str]:
    """The kinds of forbidden characters in ``text`` (empty when it is clean).

    Each distinct character is tested once: a screen's text repeats the same few hundred
    characters, and testing every one of them took a third of the hostile-widgets test.
    """
    return sorted({kind for ch in set(text) for kind, test in FORBIDDEN.items() if test(ch)})


@dataclass
class BuiltStore:
    """A store on disk, and the keys a test needs to open each hostile item."""

    path: Path
    polled_keys: list[str]
    feed_keys: list[str]
    imported_keys: list[str]
    event_ids: list[int]
    note_ids: list[int]

    @property
    def incident_keys(self) -> list[str]:
        return self.polled_keys + self.feed_keys + self.imported_keys

    @property
    def item_count(self) -> int:
        """Timeline items (every incident and every event)."""
        return len(self.incident_keys) + len(self.event_ids)


class _Pages:
    """A Statuspage and an RSS feed on 127.0.0.1 whose bodies are set before polling."""

    def __init__(self) -> None:
        self.bodies: dict[str, tuple[str, bytes]] = {}
        pages = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                found = pages.bodies.get(self.path)
                status, (kind, body) = (200, found) if found else (404, ("text/plain", b"no"))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _statuspage_incident(n: int, text: str, url: str, resolved: bool) -> dict:
    created = START + timedelta(minutes=n)
    updates = [
        {
            "status": "investigating",
            "body": text,
            "created_at": created.isoformat(),
            "display_at": created.isoformat(),
            "affected_components": [{"name": text}],
        }
    ]
    if resolved:
        done = created + timedelta(minutes=30)
        updates.append(
            {
                "status": "resolved",
                "body": f"resolved: {text}",
                "created_at": done.isoformat(),
                "display_at": done.isoformat(),
            }
        )
    return {
        "id": f"sp{n}",
        "name": text,
        "status": "resolved" if resolved else "investigating",
        "impact": "major",
        "created_at": created.isoformat(),
        "resolved_at": (created + timedelta(minutes=30)).isoformat() if resolved else None,
        "shortlink": url,
        "components": [{"name": text}],
        "incident_updates": updates,
    }


def _statuspage_bodies(texts: list[str], urls: list[str], page_text: str) -> tuple[bytes, bytes]:
    incidents = [
        _statuspage_incident(n, text, urls[n % len(urls)], resolved=n % 2 == 1)
        for n, text in enumerate(texts)
    ]
    page = {"id": "page", "name": page_text, "url": urls[0]}
    summary = {
        "page": page,
        "status": {"indicator": "major", "description": page_text},
        "components": [{"name": page_text, "status": "major_outage", "group": False}],
        "incidents": [i for i in incidents if i["status"] != "resolved"],
        "scheduled_maintenances": [],
    }
    # ensure_ascii keeps lone surrogates and controls as \u escapes, valid JSON either way.
    return json.dumps(summary).encode(), json.dumps({"page": page, "incidents": incidents}).encode()


def _xml_escape(text: str) -> str:
    """Escape for XML text, keeping ``&#27;``-style entities as entities (that is the attack)."""
    out = text.replace("<", "&lt;").replace(">", "&gt;")
    # Raw controls and surrogates cannot be written into an XML document; send them as
    # numeric character references, as a hostile feed would.
    return "".join(
        f"&#{ord(ch)};" if (ch < " " and ch not in "\n\t") or "\x7f" <= ch <= "\x9f" else ch
        for ch in out
        if not ("\ud800" <= ch <= "\udfff")
    )


def _rss_body(texts: list[str], urls: list[str]) -> bytes:
    items = []
    for n, text in enumerate(texts):
        when = (START + timedelta(hours=2, minutes=n)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        items.append(
            "<item>"
            f"<title>{_xml_escape(text)}</title>"
            f"<link>{_xml_escape(urls[n % len(urls)])}</link>"
            f"<guid>rss-{n}</guid>"
            f"<pubDate>{when}</pubDate>"
            f"<description>{_xml_escape('<p>' + text + '</p>')}</description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>hostile feed</title><link>https://example.com/</link><description>x</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode("utf-8", "surrogatepass")


async def _poll(store: Store) -> None:
    async with make_client() as client:
        report = await poll_once(store, client, force=True)
    assert report.all_ok, [outcome.summary for outcome in report.outcomes]


def build_store(
    path: Path,
    texts: list[str],
    urls: list[str],
    platform: str,
    source_name: str,
) -> BuiltStore:
    """A store whose every title, body, note and description is one of ``texts``."""
    pages = _Pages()
    try:
        summary, history = _statuspage_bodies(texts, urls, texts[0])
        pages.bodies["/api/v2/summary.json"] = ("application/json", summary)
        pages.bodies["/api/v2/incidents.json"] = ("application/json", history)
        pages.bodies["/feed.rss"] = ("application/rss+xml", _rss_body(texts, urls))
        store = Store.open(path)
        store.save_source(
            Source(
                id=POLLED_SOURCE,
                url=pages.base,
                kind="statuspage",
                platform=platform,
                name=source_name,
            )
        )
        store.save_source(
            Source(id=FEED_SOURCE, url=pages.base + "/feed.rss", kind="feed", platform=platform)
        )
        asyncio.run(_poll(store))
    finally:
        pages.close()

    # Imported incidents: raw text straight into the store (sanitised only when drawn).
    imported = [
        Incident(
            source_id=IMPORTED_SOURCE,
            external_id=f"imp{n}",
            title=text,
            status="investigating" if n % 2 == 0 else "resolved",
            impact="minor",
            started_at=START + timedelta(hours=4, minutes=n),
            platform=platform,
            resolved_at=None if n % 2 == 0 else START + timedelta(hours=5, minutes=n),
            url=urls[n % len(urls)],
            components=(text,),
            updates=(IncidentUpdate("investigating", text, START + timedelta(hours=4)),),
        )
        for n, text in enumerate(texts)
    ]
    store.merge_incidents(imported, START + timedelta(hours=6))

    events = store.add_events(
        Event(
            id=0,
            day=DAY,
            title=text,
            category="outage" if n % 2 else "policy",
            platform=platform,
            time=f"{8 + n % 10:02d}:{n:02d}",
            url=urls[n % len(urls)],
            description=text,
            is_change=n == 0,
        )
        for n, text in enumerate(texts)
    )
    all_keys = [i.id for i in store.incidents()]
    polled = sorted(k for k in all_keys if k.startswith(f"{POLLED_SOURCE}:"))
    fed = sorted(k for k in all_keys if k.startswith(f"{FEED_SOURCE}:"))
    imported_keys = [i.id for i in imported]
    note_ids = []
    for n, text in enumerate(texts):
        note_ids.append(store.add_note(f"{text}\n\n{text} #tag{n}").id)
        note_ids.append(store.add_note(text, "event", str(events[n].id)).id)
        note_ids.append(store.add_note(text, "incident", imported_keys[n]).id)
        note_ids.append(store.add_note(text, "incident", polled[n % len(polled)]).id)
    return BuiltStore(path, polled, fed, imported_keys, [e.id for e in events], note_ids)


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> BuiltStore:
    path = tmp_path_factory.mktemp("hostile") / "store"
    built = build_store(
        path,
        list(HOSTILE.values()),
        list(HOSTILE_URLS),
        platform="Evil\x1b]0;pwned\x07\u202eCorp",
        source_name=HOSTILE["click"] + HOSTILE["osc52"],
    )
    assert len(built.polled_keys) == len(HOSTILE), built.polled_keys
    assert len(built.feed_keys) == len(HOSTILE), built.feed_keys
    return built


@pytest.fixture(scope="session")
def baseline_store(tmp_path_factory: pytest.TempPathFactory) -> BuiltStore:
    """The same shape as the hostile store, with plain titles and plain https links."""
    path = tmp_path_factory.mktemp("baseline") / "store"
    built = build_store(
        path,
        [f"Plain title number {n} for {name}" for n, name in enumerate(HOSTILE)],
        [f"https://status.example.com/incidents/{n}" for n in range(len(HOSTILE_URLS))],
        platform="PlainCorp",
        source_name="Plain status page",
    )
    assert len(built.polled_keys) == len(HOSTILE)
    return built


@pytest.fixture
def hostile() -> dict[str, str]:
    return HOSTILE


@pytest.fixture
def forbidden():
    """``forbidden(text)`` lists the kinds of forbidden characters in ``text``."""
    return forbidden_in
