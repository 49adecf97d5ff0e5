"""One poll of a watched page after its fetch: text, decision, version — the page kind's core.

The ``page`` source kind fetches with the shared client (:func:`tui.feeds.http.fetch`, which
caps the size and the time) and hands the result here. :func:`check_page` turns it into text
(:mod:`.extract`), decides what it means (:mod:`.detect`), keeps the new version
(:mod:`.versions`) and returns a :class:`PageCheck` from which the kind builds its event and
its health. It does no network and no Textual; its only I/O is the version directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from ..feeds.http import FetchResult
from .detect import (
    GONE_STATUSES,
    Detection,
    FetchOutcome,
    NoiseRule,
    PageState,
    Verdict,
    detect_change,
)
from .extract import PageError, PageRules, page_text
from .versions import VersionInfo, VersionStore


@dataclass(frozen=True)
class PageCheck:
    """What one poll of a page learnt.

    ``detection`` holds the verdict, the new state and the diff; ``version`` is the version
    written by this poll (``None`` if none); ``redirected_to`` names another host the page
    now lives on (``''`` when it stayed on its own); ``error`` is a health error (the fetch's,
    the extraction's, or a disk error saving the version).
    """

    detection: Detection
    version: VersionInfo | None = None
    redirected_to: str = ""
    error: str = ""


def outcome_of(result: FetchResult, rules: PageRules) -> FetchOutcome:
    """A fetch result as detection sees it; extraction errors become failures."""
    if result.status in GONE_STATUSES:
        return FetchOutcome.gone(result.status or 404)
    if result.not_modified:
        return FetchOutcome.unmodified()
    if not result.ok:
        return FetchOutcome.failed(result.error, result.status)
    try:
        text = page_text(result.body, result.headers.get("content-type", ""), rules)
    except PageError as error:
        return FetchOutcome.failed(str(error), result.status)
    return FetchOutcome.page(text, result.status or 200)


def check_page(
    result: FetchResult,
    *,
    source_id: str,
    rules: PageRules,
    state: PageState,
    versions: VersionStore,
    now: datetime,
    noise: NoiseRule | None = None,
) -> PageCheck:
    """Run one fetched page through extraction, detection and the version store."""
    outcome = outcome_of(result, rules)
    old_text = None
    if outcome.text is not None:
        latest = versions.latest_text(source_id)
        if latest is not None and not state.digest:
            # The health was lost or rebuilt but the versions are there: compare with the
            # newest one rather than taking a new baseline that would hide a change.
            state = PageState(digest=latest[0].sha256, exists=True)
        if latest is not None and latest[0].sha256 == state.digest:
            old_text = latest[1]
    detection = detect_change(state, outcome, now, old_text=old_text, rule=noise)
    version = None
    error = detection.error
    if detection.keep_text is not None:
        try:
            version = versions.save(source_id, detection.keep_text, now)
        except OSError as problem:
            # No version, no event, no new state: the next poll sees the change again.
            error = f"could not keep the new version: {problem.strerror or problem}"
            detection = Detection(Verdict.FAILED, state, error=error)
    return PageCheck(detection, version, other_host(result.url, result.final_url), error)


def other_host(url: str, final_url: str) -> str:
    """The host a redirect ended on when it differs from the source's own, else ``''``."""
    try:
        start = (urlsplit(url).hostname or "").lower()
        end = (urlsplit(final_url).hostname or "").lower()
    except ValueError:
        return ""
    return end if end and start and end != start else ""
