"""Reading RSS and Atom feeds (feedparser) into incidents, refusing hostile XML first.

Status pages that are not on Statuspage's JSON API usually publish a feed, and Statuspage
itself publishes ``history.atom``/``history.rss`` whose entries carry every update of an
incident as HTML paragraphs ("<strong>Resolved</strong> - ..."). Documents that declare
entities (billion laughs) or exceed the size cap are refused before feedparser sees them;
external DTDs are never resolved (feedparser disables external entities, and we refuse
``<!ENTITY`` outright).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

import feedparser
import httpx
from lxml import etree

from ..domain import Incident, IncidentUpdate, Source, SourceHealth, utcnow
from ..feeds.documents import byte_view, declares_entities, struct_time_moment
from ..feeds.errors import FeedError
from ..feeds.http import MAX_BYTES, FetchResult, describe_size, fetch
from ..text import clean_line, clean_text, html_to_text, safe_url, text_from_markup
from .base import PollResult, SourceKind, failed_poll, ok_health, unchanged_poll
from .stamps import day_stamp, zone_of_date
from .table import register

_ROOT_END = re.compile(rb"</\s*(rss|feed|rdf:RDF)\s*>\s*$", re.IGNORECASE)
STATUS_WORDS = {
    "investigating": "investigating",
    "identified": "identified",
    "monitoring": "monitoring",
    "update": "",
    "resolved": "resolved",
    "postmortem": "postmortem",
    "completed": "completed",
    "scheduled": "scheduled",
    "in progress": "in_progress",
    "verifying": "verifying",
}
_STATUSPAGE_UPDATE = re.compile(
    r"<p>\s*<small>(?P<when>.*?)</small>\s*(?:<br\s*/?>)?\s*<strong>(?P<status>[^<]{1,40})</strong>"
    r"\s*-?\s*(?P<body>.*?)</p>",
    re.IGNORECASE | re.DOTALL,
)
_RESOLVED_WORDS = re.compile(r"\b(resolved|fixed|restored|completed)\b", re.IGNORECASE)
CLOSING_STATUSES = frozenset({"resolved", "postmortem", "completed"})
_MAINTENANCE_STATUSES = frozenset({"scheduled", "in_progress", "verifying", "completed"})
_MAINTENANCE_TITLE = re.compile(r"\b(scheduled|planned)\s+maintenance\b|^maintenance\b", re.I)
FEED_ROOTS = frozenset({"rss", "feed", "rdf"})


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    incidents: tuple[Incident, ...]


def check_document(body: bytes, max_bytes: int = MAX_BYTES) -> None:
    """Refuse what must never reach an XML parser: oversize documents and entity declarations."""
    if len(body) > max_bytes:
        raise FeedError(f"feed larger than {describe_size(max_bytes)}")
    if declares_entities(body):
        raise FeedError("feed declares XML entities (refused: entity expansion attack)")


def looks_like_feed(body: bytes) -> bool:
    """Whether ``body`` parses as XML whose root is RSS, Atom or RDF.

    Parsed, not sniffed: a stylesheet instruction, a comment after the DOCTYPE, UTF-16/32 or
    a declared ISO-8859-1 are all feeds. Never resolves entities or fetches a DTD, and a
    document :func:`check_document` refuses is not a feed.
    """
    try:
        check_document(body)
    except FeedError:
        return False
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=False
    )
    try:
        root = etree.fromstring(body, parser)
    except (etree.LxmlError, ValueError):
        return False
    if root is None or not isinstance(root.tag, str):
        return False
    return etree.QName(root).localname.lower() in FEED_ROOTS


def _entry_html(entry: Any) -> str:
    content = entry.get("content")
    if isinstance(content, list) and content:
        value = content[0].get("value") if isinstance(content[0], dict) else None
        if isinstance(value, str) and value:
            return value
    for key in ("summary", "description"):
        value = entry.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def _statuspage_updates(
    markup: str, reference: datetime, zone: tzinfo | None = None
) -> list[IncidentUpdate]:
    """The ``<p><small>stamp</small><strong>Status</strong> - body</p>`` updates, oldest first.

    Statuspage writes them newest first, to the minute; within one minute a closing update
    ("Resolved" after "Monitoring") comes last, so the incident ends as the page says it did.
    """
    updates = []
    for match in _STATUSPAGE_UPDATE.finditer(markup):
        word = html_to_text(match["status"], 40).strip().lower()
        if word not in STATUS_WORDS:
            continue
        at = day_stamp(html_to_text(match["when"], 200), reference, zone)
        if at is None:
            return []
        updates.append(
            IncidentUpdate(status=STATUS_WORDS[word] or "", body=html_to_text(match["body"]), at=at)
        )
    if len(updates) > 1 and updates[0].at >= updates[-1].at:
        updates.reverse()
    updates.sort(key=lambda u: (u.at, u.status in CLOSING_STATUSES))
    # "Update" paragraphs keep the status they follow.
    settled = []
    current = "investigating"
    for update in updates:
        current = update.status or current
        settled.append(IncidentUpdate(status=current, body=update.body, at=update.at))
    return settled


def said_resolved(title: str, body: str) -> bool:
    """Whether an unstructured entry says it is over ("resolved", "fixed", "restored" …)."""
    return bool(_RESOLVED_WORDS.search(title) or _RESOLVED_WORDS.search(body[:400]))


def entry_impact(title: str, updates: Sequence[IncidentUpdate]) -> str:
    """``maintenance`` for a maintenance entry (by its updates' statuses, else its title)."""
    if updates:
        maintenance = any(u.status in _MAINTENANCE_STATUSES for u in updates)
    else:
        maintenance = bool(_MAINTENANCE_TITLE.search(title))
    return "maintenance" if maintenance else "minor"


def _entry_incident(entry: Any, source_id: str, platform: str, now: datetime) -> Incident | None:
    link = entry.get("link") if isinstance(entry.get("link"), str) else ""
    url = safe_url(link)
    title = clean_line(text_from_markup(entry.get("title") or "", 300)) or "(untitled entry)"
    external = entry.get("id") if isinstance(entry.get("id"), str) else ""
    external_id = clean_text(external or link, 300).strip()
    # dict.get: feedparser's own get() maps a missing updated_parsed to published (deprecated).
    published = struct_time_moment(dict.get(entry, "published_parsed"))
    updated = struct_time_moment(dict.get(entry, "updated_parsed"))
    if not external_id:
        digest = hashlib.sha256(f"{title}|{published or updated}".encode("utf-8", "replace"))
        external_id = "entry-" + digest.hexdigest()[:16]
    markup = _entry_html(entry)
    started = published or updated or now
    last = updated or published or now
    zone = zone_of_date(dict.get(entry, "published") or dict.get(entry, "updated"))
    updates = _statuspage_updates(markup, started, zone) if markup else []
    structured = bool(updates)
    if updates:
        status = updates[-1].status
        started = min(started, updates[0].at)
    else:
        body = html_to_text(markup)
        status = "resolved" if said_resolved(title, body) else "investigating"
        updates = [IncidentUpdate(status=status, body=body, at=last)]
    resolved_at = None
    if status in ("resolved", "postmortem", "completed"):
        resolved_at = next(
            (u.at for u in reversed(updates) if u.status in ("resolved", "completed")),
            updates[-1].at,
        )
    impact = entry_impact(title, updates if structured else ())
    return Incident(
        source_id=source_id,
        external_id=external_id,
        title=title,
        status=status,
        impact=impact,
        started_at=started,
        platform=platform,
        resolved_at=resolved_at,
        url=url,
        updates=tuple(updates),
    )


def parse_feed(
    body: bytes,
    source_id: str,
    platform: str = "",
    *,
    max_bytes: int = MAX_BYTES,
    now: datetime | None = None,
) -> ParsedFeed:
    """Parse an RSS/Atom document into incidents, one per entry; raises :class:`FeedError`."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    check_document(body, max_bytes)
    now = now or utcnow()
    try:
        # bytes, never str: feedparser treats a str as a URL or a file name to open.
        parsed = feedparser.parse(bytes(body), sanitize_html=False, resolve_relative_uris=False)
    except RecursionError:
        raise FeedError("feed nested too deeply") from None
    except Exception as error:  # feedparser is lenient; anything it raises means "not a feed"
        raise FeedError(f"not an RSS/Atom feed: {clean_text(str(error), 200)}") from None
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        reason = parsed.get("bozo_exception")
        detail = f": {clean_text(str(reason), 200)}" if reason else ""
        raise FeedError(f"not an RSS/Atom feed{detail}")
    if parsed.get("bozo") and not _ROOT_END.search(byte_view(body)[-512:]):
        raise FeedError("truncated feed (the document ends before its closing tag)")
    incidents: dict[str, Incident] = {}
    for entry in entries[:500]:
        incident = _entry_incident(entry, source_id, platform, now)
        if incident is not None and incident.external_id not in incidents:
            incidents[incident.external_id] = incident
    title = clean_line(text_from_markup((parsed.get("feed") or {}).get("title") or "", 200))
    return ParsedFeed(title=title, incidents=tuple(incidents.values()))


# --- the kind ----------------------------------------------------------------------------------

FEED_CONTENT_TYPES = ("application/rss+xml", "application/atom+xml")


async def fetch_document(
    client: httpx.AsyncClient, source: Source, health: SourceHealth, now: datetime
) -> tuple[FetchResult, PollResult | None]:
    """Fetch a feed conditionally; the poll's result already when it failed or is unchanged."""
    result = await fetch(client, source.url, etag=health.etag, last_modified=health.last_modified)
    if result.error:
        return result, failed_poll(source, health, now, result)
    if result.not_modified:
        return result, unchanged_poll(source, health, now, result)
    return result, None


class FeedKind(SourceKind):
    """An RSS or Atom feed of incidents (a status page's history feed, or any other)."""

    name = "feed"
    label = "RSS/Atom feed"
    detect_order = 20

    def recognises(self, url: str, first: FetchResult, extra: FetchResult | None) -> bool:
        if not (first.ok and first.body):
            return False
        return looks_like_feed(first.body) or first.content_type in FEED_CONTENT_TYPES

    async def poll(
        self, client: httpx.AsyncClient, source: Source, health: SourceHealth, now: datetime
    ) -> PollResult:
        result, settled = await fetch_document(client, source, health, now)
        if settled is not None:
            return settled
        parsed = parse_feed(result.body, source.id, source.platform, now=now)
        return PollResult(
            source,
            ok_health(health, now, result),
            incidents=parsed.incidents,
            note=parsed.title,
            fetched=result,
        )


FEED = register(FeedKind())
