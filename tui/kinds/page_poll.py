"""One poll of a watched page once it is fetched: the ``page`` kind's work, loaded lazily.

:func:`read_page` hands the fetch to :func:`tui.pagewatch.check.check_page` (the selected
part of the page as text, compared with the last version, the new version kept under
``<store>/pages/``) and turns what it learnt into the poll's result: the health (with what
detection remembers in ``kind_state["page"]`` and the version count), and one timeline event
carrying the diff when the wording changed. The kind (:mod:`.page`) imports this module on
its first poll, so that every start of the command line, which reads the table of kinds,
does not load the page parsers.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..domain import Event, Source, SourceHealth
from ..feeds.errors import FeedError
from ..feeds.http import FetchResult
from ..pagewatch.check import PageCheck, check_page, other_host
from ..pagewatch.detect import GONE_STATUSES, PageState
from ..pagewatch.extract import PageError, PageRules, check_rules, page_text
from ..pagewatch.versions import VersionStore
from .base import PollContext, PollResult, failed_health, ok_health


def page_rules(source: Source) -> PageRules:
    """The part of the page ``source`` watches (its ``--select``/``--remove``/``--ignore``)."""
    return PageRules(tuple(source.select), tuple(source.remove), tuple(source.ignore))


def page_state(health: SourceHealth) -> PageState:
    """What detection remembered about this page at its last poll."""
    return PageState.from_dict((health.kind_state or {}).get("page"))


def page_versions(context: PollContext, source: Source) -> VersionStore | None:
    """The source's versions in the store being polled (``None`` outside a store)."""
    if context.pages is None:
        return None
    return VersionStore(context.pages, keep=source.keep_versions, lock=context.lock)


def page_summary(health: SourceHealth) -> str:
    """ "NOISY · 5 versions · changed 2026-12-01 09:10": the page's state on the Sources screen."""
    if health.kind_state is None:
        return ""
    state = page_state(health)
    count = health.kind_state.get("versions")
    parts = ["NOISY"] if state.noisy else []
    if state.removed:
        parts.append("removed")
    if isinstance(count, int) and not isinstance(count, bool):
        parts.append(f"{count} version{'s' if count != 1 else ''}")
    if state.last_change is not None:
        parts.append(f"changed {state.last_change:%Y-%m-%d %H:%M}")
    return " · ".join(parts)


def redirect_note(result: FetchResult) -> str:
    """ "redirected to HOST" when the page now lives on another host, else ``''``."""
    host = other_host(result.url, result.final_url)
    return f"redirected to {host}" if host else ""


def change_event(source: Source, check: PageCheck, now: datetime, category: str) -> Event:
    """The timeline event of a detected change, removal or restoration, with its diff."""
    detection = check.detection
    version = check.version.number if check.version is not None else None
    kept = f"; kept as version {version}" if version is not None else ""
    return Event(
        id=0,
        day=now.date(),
        time=now.strftime("%H:%M"),
        title=detection.title(source.label),
        category=source.category or category,
        platform=source.platform,
        url=source.url,
        description=f"Detected by whalewatch watching {source.url} ({source.id}){kept}.",
        is_change=True,
        detected=True,
        source_id=source.id,
        diff=detection.diff.to_dict() if detection.diff is not None else None,
        version=version,
    )


def read_page(
    context: PollContext,
    source: Source,
    health: SourceHealth,
    now: datetime,
    result: FetchResult,
    category: str = "policy",
) -> PollResult:
    """The poll's result once the page is fetched: CPU and disk, so the kind runs it in a
    thread. ``category`` is the events' category when the source names none."""
    rules = page_rules(source)
    versions = page_versions(context, source)
    if versions is None:
        return _trial(source, health, now, result, rules)
    check = check_page(
        result,
        source_id=source.id,
        rules=rules,
        state=page_state(health),
        versions=versions,
        now=now,
    )
    note = "; ".join(part for part in (check.detection.note, redirect_note(result)) if part)
    if check.error:
        entry = failed_health(health, now, check.error, result.status)
    else:
        entry = ok_health(health, now, result)
    kind_state = {
        **(health.kind_state or {}),
        "page": check.detection.state.to_dict(),
        "versions": len(versions.list(source.id).versions),
    }
    entry = replace(entry, kind_state=kind_state, note=note)
    events: tuple[Event, ...] = ()
    if check.detection.makes_event:
        events = (change_event(source, check, now, category),)
    return PollResult(source, entry, events=events, note=note, fetched=result)


def _trial(
    source: Source, health: SourceHealth, now: datetime, result: FetchResult, rules: PageRules
) -> PollResult:
    """Outside a store (``source test``, ``source add``): read the text, keep nothing."""
    if result.status in GONE_STATUSES or not result.ok:
        return PollResult(source, failed_health(health, now, result.error, result.status))
    try:
        check_rules(rules)
        text = page_text(result.body, result.headers.get("content-type", ""), rules)
    except PageError as error:
        raise FeedError(str(error)) from None
    lines = text.count("\n") + 1
    parts = [f"{lines} line{'s' if lines != 1 else ''} of text, {len(text)} characters"]
    if redirect_note(result):
        parts.append(redirect_note(result))
    return PollResult(source, ok_health(health, now, result), note="; ".join(parts), fetched=result)
