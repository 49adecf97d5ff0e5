"""Guessing what kind of source a URL is, so ``source add URL`` needs no ``--kind``.

Every auto-detectable kind (see :func:`tui.kinds.detectable_kinds`) says which extra URL it
wants fetched (a Statuspage's ``/api/v2/summary.json``) and whether the responses are its own;
the first in detection order that recognises the URL wins. A URL no kind recognises becomes
the fallback kind (an HTTP probe) — unless it did not answer at all, which callers report.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from ..kinds import SourceKind, detectable_kinds, fallback_kind
from .http import FetchResult, fetch

EXTRA_MAX_BYTES = 2 * 1024 * 1024
"""An API document fetched only to recognise a kind needs no more than this."""


@dataclass(frozen=True)
class Detection:
    """What auto-detection decided about a URL, and the fetch of the URL itself."""

    kind: SourceKind
    result: FetchResult
    recognised: bool
    """False when no kind recognised the URL and ``kind`` is only the fallback."""
    url: str = ""
    """The URL to store: the one given, or the API URL the kind found there (Status.io)."""

    @property
    def unreachable(self) -> bool:
        """Nothing recognised and the URL did not answer: there is nothing to add."""
        return not self.recognised and not self.result.ok


def recognise(
    url: str, first: FetchResult, extras: Mapping[str, FetchResult] | None = None
) -> tuple[SourceKind, bool]:
    """The kind ``url`` is, from its response and the extra URLs' responses (keyed by URL).

    Returns the kind and whether it recognised the URL (else it is the fallback kind).
    """
    extras = extras or {}
    for kind in detectable_kinds():
        extra_url = kind.extra_url(url)
        extra = extras.get(extra_url) if extra_url else None
        if kind.recognises(url, first, extra):
            return kind, True
    return fallback_kind(), False


def detect_kind(
    url: str, first: FetchResult, extras: Mapping[str, FetchResult] | None = None
) -> str:
    """The name of the kind ``url`` is (see :func:`recognise`)."""
    return recognise(url, first, extras)[0].name


async def detect_source(client: httpx.AsyncClient, url: str) -> Detection:
    """Fetch ``url`` and every extra URL a kind asks for (concurrently), and decide."""
    extra_urls = sorted({u for kind in detectable_kinds() if (u := kind.extra_url(url))} - {url})
    first, *extra_results = await asyncio.gather(
        fetch(client, url),
        *(fetch(client, extra, max_bytes=EXTRA_MAX_BYTES) for extra in extra_urls),
    )
    extras = {url: first, **dict(zip(extra_urls, extra_results, strict=True))}
    kind, recognised = recognise(url, first, extras)
    stored = kind.source_url(url, first) if recognised else url
    return Detection(kind, first, recognised, stored)
