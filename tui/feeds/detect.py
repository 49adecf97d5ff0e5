"""Guessing what kind of source a URL is, so ``source add URL`` needs no ``--kind``."""

from __future__ import annotations

import httpx

from .http import FetchResult, fetch
from .rss import looks_like_feed
from .statuspage import SUMMARY_PATH, looks_like_summary, summary_url

KINDS = ("statuspage", "feed", "probe")


def detect_kind(
    url: str, fetch_result: FetchResult, summary_result: FetchResult | None = None
) -> str:
    """``'statuspage'``, ``'feed'`` or ``'probe'`` from what the URL (and its summary) returned.

    A Statuspage answers ``/api/v2/summary.json`` with JSON holding ``page`` and ``status``; a
    document that starts like RSS/Atom is a feed; anything else is worth probing.
    """
    if summary_result is not None and summary_result.ok and looks_like_summary(summary_result.body):
        return "statuspage"
    if url.rstrip("/").endswith(SUMMARY_PATH) and fetch_result.ok:
        if looks_like_summary(fetch_result.body):
            return "statuspage"
    if fetch_result.ok and fetch_result.body:
        content_type = fetch_result.content_type
        if looks_like_feed(fetch_result.body) or content_type in (
            "application/rss+xml",
            "application/atom+xml",
        ):
            return "feed"
    return "probe"


async def auto_detect(client: httpx.AsyncClient, url: str) -> tuple[str, FetchResult]:
    """Fetch ``url`` (and its would-be Statuspage summary) and say what kind it is.

    Returns the kind and the fetch of ``url`` itself, so callers can report why a URL that
    does not answer cannot be added.
    """
    result = await fetch(client, url)
    summary = None
    if not url.rstrip("/").endswith(SUMMARY_PATH):
        summary = await fetch(client, summary_url(url), max_bytes=2 * 1024 * 1024)
    return detect_kind(url, result, summary), result
