"""A platform's announcement feed (RSS, Atom or JSON Feed) read as changelog entries.

A developer changelog or an announcements forum (a Discourse ``/latest.rss``) says what a
platform changed in its own words, one entry per change. Each entry becomes one event on the
timeline, matched by its id: :func:`sort_entries` tells entries never seen (new events) from
entries whose content changed (the event is updated, not duplicated), using a content hash
per id that the caller keeps. RSS and Atom are read by feedparser, JSON Feed 1.0/1.1 by
``json``; every string goes through :func:`tui.text.clean_text`, links through
:func:`tui.text.safe_url`, summaries through :func:`.extract.html_fragment_text`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import feedparser

from ..domain import parse_iso
from ..feeds.documents import declares_entities, plausible, struct_time_moment
from ..feeds.http import MAX_BYTES, describe_size
from ..text import clean_text, safe_url
from .extract import html_fragment_text, media_type

MAX_ENTRIES = 500
"""Entries read from one document (a forum's feed holds 30 to 100)."""

MAX_REMEMBERED = 1000
"""Entry ids whose content hash a source keeps between polls."""

SUMMARY_CHARS = 4000
TITLE_CHARS = 300


class ChangelogError(Exception):
    """A document that is not a readable RSS, Atom or JSON feed; ``str`` says why."""


@dataclass(frozen=True)
class ChangelogEntry:
    """One announcement. ``content_hash`` covers title, link and summary (not the dates), so
    an entry whose words change is "edited" and one whose timestamp alone moves is not."""

    id: str
    title: str
    link: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    summary: str = ""
    content_hash: str = ""

    @property
    def when(self) -> datetime | None:
        """When the entry was published (or last updated, if that is all it says)."""
        return self.published or self.updated


@dataclass(frozen=True)
class Changelog:
    title: str
    entries: tuple[ChangelogEntry, ...]


@dataclass(frozen=True)
class EntryChanges:
    """Entries sorted against what the caller already holds (id -> content hash)."""

    new: tuple[ChangelogEntry, ...] = ()
    edited: tuple[ChangelogEntry, ...] = ()
    unchanged: tuple[ChangelogEntry, ...] = ()


def parse_changelog(body: bytes, content_type: str = "") -> Changelog:
    """The entries of an RSS, Atom or JSON Feed document, in the document's order."""
    if len(body) > MAX_BYTES:
        raise ChangelogError(f"feed larger than {describe_size(MAX_BYTES)}")
    if _is_json_feed(body, content_type):
        return _json_feed(body)
    if declares_entities(body):
        raise ChangelogError("feed declares XML entities (refused: entity expansion attack)")
    try:
        parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    except Exception as error:  # feedparser is lenient; a crash inside it is still "not a feed"
        raise ChangelogError(f"not a readable feed ({type(error).__name__})") from None
    version = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    if not version and not entries:
        raise ChangelogError("not an RSS, Atom or JSON feed")
    feed = parsed.get("feed") or {}
    title = _plain(feed.get("title", ""), TITLE_CHARS)
    return Changelog(
        title, tuple(_entry(_feedparser_fields(item)) for item in entries[:MAX_ENTRIES])
    )


def sort_entries(entries: tuple[ChangelogEntry, ...], known: Mapping[str, str]) -> EntryChanges:
    """Which entries are new (id unknown) and which were edited (hash differs)."""
    new, edited, unchanged = [], [], []
    for entry in entries:
        previous = known.get(entry.id)
        if previous is None:
            new.append(entry)
        elif previous != entry.content_hash:
            edited.append(entry)
        else:
            unchanged.append(entry)
    return EntryChanges(tuple(new), tuple(edited), tuple(unchanged))


def remembered_hashes(
    known: Mapping[str, str], entries: tuple[ChangelogEntry, ...], limit: int = MAX_REMEMBERED
) -> dict[str, str]:
    """``known`` updated with ``entries``' hashes, the document's entries first, bounded.

    The poller keeps this map in the source's health between polls, so an entry that drops
    out of the feed and comes back is still recognised, within ``limit`` ids.
    """
    merged = {entry.id: entry.content_hash for entry in entries}
    for entry_id, digest in known.items():
        if len(merged) >= limit:
            break
        merged.setdefault(entry_id, digest)
    return merged


def entry_key(source_id: str, entry_id: str) -> str:
    """A short, stable key for the event of one entry: the same entry, the same event."""
    digest = hashlib.sha256(f"{source_id}\x1f{entry_id}".encode("utf-8", "surrogatepass"))
    return f"{source_id}:{digest.hexdigest()[:16]}"


def _feedparser_fields(item: Any) -> dict[str, Any]:
    content = item.get("content")
    html = ""
    if isinstance(content, list) and content and isinstance(content[0], dict):
        html = content[0].get("value") or ""
    return {
        "id": item.get("id") or item.get("guid") or "",
        "title": item.get("title") or "",
        "link": item.get("link") or "",
        "published": struct_time_moment(item.get("published_parsed")),
        # Asked with ``in`` first: feedparser's get() falls back to the published date, warning.
        "updated": struct_time_moment(item["updated_parsed"] if "updated_parsed" in item else None),
        "html": item.get("summary") or html or "",
        "text": "",
    }


def _json_feed(body: bytes) -> Changelog:
    try:
        document = json.loads(body.decode("utf-8-sig", "replace"))
    except (ValueError, RecursionError):
        raise ChangelogError("not valid JSON") from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
        _JSON_FEED_VERSION
    ):
        raise ChangelogError("not a JSON Feed (no jsonfeed.org version)")
    items = document.get("items")
    if not isinstance(items, list):
        raise ChangelogError("JSON Feed without an items list")
    entries = []
    for item in items[:MAX_ENTRIES]:
        if not isinstance(item, dict):
            continue
        entries.append(
            _entry(
                {
                    "id": item.get("id"),
                    "title": item.get("title"),
                    "link": item.get("url") or item.get("external_url"),
                    "published": _iso(item.get("date_published")),
                    "updated": _iso(item.get("date_modified")),
                    # JSON Feed's summary and content_text are plain text; content_html is not.
                    "text": item.get("summary") or item.get("content_text"),
                    "html": item.get("content_html"),
                }
            )
        )
    return Changelog(_plain(document.get("title", ""), TITLE_CHARS), tuple(entries))


def _entry(fields: Mapping[str, Any]) -> ChangelogEntry:
    title = _plain(fields.get("title"), TITLE_CHARS)
    link = safe_url(_string(fields.get("link")))
    text = _string(fields.get("text"))
    html = _string(fields.get("html"))
    summary = (
        clean_text(" ".join(text.split()), SUMMARY_CHARS)
        if text
        else html_fragment_text(html, limit=SUMMARY_CHARS)
    )
    published, updated = fields.get("published"), fields.get("updated")
    raw_id = clean_text(_string(fields.get("id")).strip(), 500)
    content_hash = _hash(title, link, summary)
    if not raw_id:
        # No id: the link is the next most stable thing; failing that, the words and the date.
        when = published or updated
        raw_id = link or f"sha256:{_hash(title, when.isoformat() if when else '')}"
    return ChangelogEntry(
        raw_id, title or "(untitled)", link, published, updated, summary, content_hash
    )


def _plain(value: Any, limit: int) -> str:
    """A title: markup stripped if any, one line, sanitised."""
    text = _string(value)
    if "<" in text and ">" in text:
        text = html_fragment_text(text, limit=limit)
    return clean_text(" ".join(text.split()), limit)


def _string(value: Any) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    return value if isinstance(value, str) else str(value)


def _hash(*parts: str) -> str:
    joined = "\x1f".join(parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = parse_iso(value.strip())
    except (TypeError, ValueError):
        return None
    return plausible(moment)


def _is_json_feed(body: bytes, content_type: str) -> bool:
    declared = media_type(content_type)
    if declared in ("application/feed+json", "application/json"):
        return True
    return body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


_JSON_FEED_VERSION = "https://jsonfeed.org/version/"
