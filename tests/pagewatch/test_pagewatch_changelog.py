"""Changelog feeds (RSS, Atom, JSON Feed) as entries matched by id, sanitised."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tui.pagewatch.changelog import (
    ChangelogError,
    entry_key,
    parse_changelog,
    remembered_hashes,
    sort_entries,
)

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>X Developers</title>
<item><guid isPermaLink="false">t-101</guid><title>Rate limits &amp; pricing</title>
<link>https://devcommunity.x.com/t/101</link>
<description>&lt;p&gt;New tiers:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Basic&lt;/li&gt;&lt;/ul&gt;</description>
<pubDate>Tue, 01 Dec 2026 08:30:00 GMT</pubDate></item>
<item><title>No guid here</title><link>https://devcommunity.x.com/t/102</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Changelog</title><id>urn:x</id><updated>2026-12-01T09:00:00Z</updated>
<entry><id>urn:x:1</id><title type="html">&lt;b&gt;v2&lt;/b&gt; endpoints</title>
<link href="https://docs.x.com/changelog#1"/><published>2026-11-30T10:00:00Z</published>
<updated>2026-12-01T09:00:00Z</updated><content type="html">&lt;p&gt;Deprecated.&lt;/p&gt;</content></entry>
</feed>"""


def json_feed(**item: object) -> bytes:
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "Log", "items": [item]}
    ).encode()


def test_rss_entries() -> None:
    log = parse_changelog(RSS, "application/rss+xml")
    assert log.title == "X Developers"
    first, second = log.entries
    assert (first.id, first.title, first.link) == (
        "t-101",
        "Rate limits & pricing",
        "https://devcommunity.x.com/t/101",
    )
    assert first.published == datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    assert first.summary == "New tiers:\n* Basic"
    assert second.id == "https://devcommunity.x.com/t/102"  # no guid: the link


def test_atom_entries() -> None:
    (entry,) = parse_changelog(ATOM).entries
    assert entry.id == "urn:x:1" and entry.title == "v2 endpoints"
    assert entry.updated == datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert entry.when == datetime(2026, 11, 30, 10, tzinfo=UTC)
    assert entry.summary == "Deprecated."


def test_json_feed_entries() -> None:
    body = json_feed(
        id=7,
        title="Streaming ends",
        url="https://docs.x.com/changelog#7",
        content_html="<p>Use <b>filtered</b> streams.</p>",
        date_published="2026-12-01T10:00:00+01:00",
    )
    (entry,) = parse_changelog(body, "application/feed+json").entries
    assert (entry.id, entry.title, entry.summary) == (
        "7",
        "Streaming ends",
        "Use filtered streams.",
    )
    assert entry.published == datetime(2026, 12, 1, 9, tzinfo=UTC)
    plain = parse_changelog(json_feed(id="a", content_text="Plain  words\n here")).entries[0]
    assert plain.summary == "Plain words here" and plain.title == "(untitled)"


def test_new_and_edited_entries_are_told_apart() -> None:
    before = parse_changelog(json_feed(id="a", title="One", content_text="x")).entries
    known = {entry.id: entry.content_hash for entry in before}
    same_words_new_date = json_feed(
        id="a", title="One", content_text="x", date_modified="2026-12-02T00:00:00Z"
    )
    assert sort_entries(parse_changelog(same_words_new_date).entries, known).edited == ()
    edited = parse_changelog(json_feed(id="a", title="One", content_text="y")).entries
    changes = sort_entries(edited, known)
    assert changes.new == () and [entry.id for entry in changes.edited] == ["a"]
    assert sort_entries(edited, {}).new == edited


def test_hostile_strings_are_cleaned_and_bad_links_dropped() -> None:
    body = json_feed(
        id="e",
        title="\x1b]8;;evil\x07Click\u202e",
        url="javascript:alert(1)",
        summary="\x1b[2J wiped",
        date_published="year 3000",
    )
    (entry,) = parse_changelog(body).entries
    assert "\x1b" not in entry.title and "\u202e" not in entry.title and "\x07" not in entry.title
    assert entry.link == "" and "\x1b" not in entry.summary and entry.published is None


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><rss/>', "entity"),
        (b"<html><body>Not a feed</body></html>", "not an RSS, Atom or JSON feed"),
        (b"{not json", "not valid JSON"),
        (b'{"version": "1"}', "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": 3}', "without an items list"),
        (b'{"a":' + b"[" * 100_000, "not valid JSON"),
    ],
    ids=["entities", "html", "bad-json", "no-version", "no-items", "deep-json"],
)
def test_what_is_not_a_feed_is_refused(body: bytes, reason: str) -> None:
    with pytest.raises(ChangelogError, match=reason):
        parse_changelog(body)


def test_known_hashes_are_kept_bounded_newest_first() -> None:
    entries = parse_changelog(json_feed(id="new", title="N")).entries
    known = {f"old{n}": "h" for n in range(5)}
    merged = remembered_hashes(known, entries, limit=3)
    assert list(merged) == ["new", "old0", "old1"]
    assert merged["new"] == entries[0].content_hash


def test_entry_keys_are_stable_and_distinct() -> None:
    assert entry_key("x-dev", "t-1") == entry_key("x-dev", "t-1")
    assert entry_key("x-dev", "t-1") != entry_key("x-dev", "t-2")
    assert entry_key("x-dev", "t-1").startswith("x-dev:")
