"""Deciding what one fetch of a watched page means: nothing, a change, a removal, or noise.

The rules, in the order they apply:

- a failed fetch (network, 5xx, a refused body, a selector that matched nothing) changes
  nothing and makes no event: it is a health error;
- the first text ever read is the **baseline**: kept as version 1, no event;
- the same text again (or ``304 Not Modified``) is **unchanged**;
- a 404 or 410 after the page had content is **removed**, once; a 404 before it ever had
  content is an error;
- text after a removal is **restored** (with a diff if it came back different);
- different text is **changed**, with its diff — unless the page is **noisy**: the third
  change within an hour flags it, and from then on changes are kept as versions but make no
  event, until the page has been quiet (no change) for six hours, or the user edits the
  source's rules (:meth:`PageState.calm`).

:func:`detect_change` is pure (``now`` comes in, the previous :class:`PageState` comes in,
a new one goes out), so the poller, the demo and the tests share it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from ..domain import parse_iso, to_iso
from .diff import PageDiff, diff_texts
from .extract import text_sha256

GONE_STATUSES = frozenset({404, 410})


class Verdict(StrEnum):
    """What one fetch meant."""

    BASELINE = "baseline"
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    REMOVED = "removed"
    GONE = "gone"
    """Still answering 404/410 after the removal was recorded."""
    RESTORED = "restored"
    NOISY = "noisy"
    """Changed, but the page is flagged noisy: a version, no event."""
    FAILED = "failed"


EVENT_VERDICTS = frozenset({Verdict.CHANGED, Verdict.REMOVED, Verdict.RESTORED})


@dataclass(frozen=True)
class NoiseRule:
    """When a page counts as noisy, and when it stops."""

    changes: int = 3
    window: timedelta = timedelta(hours=1)
    quiet: timedelta = timedelta(hours=6)


@dataclass(frozen=True)
class PageState:
    """What detection remembers about one page between polls (kept in the source's health)."""

    digest: str = ""
    """SHA-256 of the last text read; ``''`` before the baseline."""
    exists: bool = False
    """The page had content at the last conclusive fetch."""
    removed: bool = False
    """A "page removed" event was recorded and the page has not come back since."""
    changes: tuple[datetime, ...] = ()
    """When the recent changes were seen (within the noise window), oldest first."""
    last_change: datetime | None = None
    noisy_since: datetime | None = None

    @property
    def noisy(self) -> bool:
        return self.noisy_since is not None

    def calm(self) -> PageState:
        """The state with the noisy flag and the change history cleared (after a rules edit)."""
        return replace(self, changes=(), noisy_since=None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "digest": self.digest,
            "exists": self.exists,
            "removed": self.removed,
            "changes": [to_iso(moment) for moment in self.changes],
            "last_change": to_iso(self.last_change),
            "noisy_since": to_iso(self.noisy_since),
        }

    @classmethod
    def from_dict(cls, data: Any) -> PageState:
        """Tolerant of a missing or hand-edited record: what cannot be read is left out."""
        if not isinstance(data, dict):
            return cls()
        digest = data.get("digest")
        changes = tuple(
            moment
            for moment in (_moment(item) for item in data.get("changes") or ())
            if moment is not None
        )
        return cls(
            digest=digest if isinstance(digest, str) else "",
            exists=data.get("exists") is True,
            removed=data.get("removed") is True,
            changes=changes,
            last_change=_moment(data.get("last_change")),
            noisy_since=_moment(data.get("noisy_since")),
        )


@dataclass(frozen=True)
class FetchOutcome:
    """One fetch, reduced to what detection needs: the page's text, a gone status, or an error."""

    text: str | None = None
    status: int | None = None
    error: str = ""
    not_modified: bool = False

    @classmethod
    def page(cls, text: str, status: int = 200) -> FetchOutcome:
        return cls(text=text, status=status)

    @classmethod
    def gone(cls, status: int = 404) -> FetchOutcome:
        return cls(status=status)

    @classmethod
    def failed(cls, error: str, status: int | None = None) -> FetchOutcome:
        return cls(status=status, error=error or "fetch failed")

    @classmethod
    def unmodified(cls) -> FetchOutcome:
        return cls(status=304, not_modified=True)


@dataclass(frozen=True)
class Detection:
    """The decision on one fetch, and what the poller does with it.

    ``state`` replaces the stored state. ``keep_text`` is the text to save as a new version
    (``None``: save nothing). ``diff`` is set for changed, noisy and restored-different
    pages. ``note`` is one line for the source's health on the Sources screen.
    """

    verdict: Verdict
    state: PageState
    keep_text: str | None = None
    diff: PageDiff | None = None
    error: str = ""
    note: str = ""
    became_noisy: bool = False

    @property
    def makes_event(self) -> bool:
        return self.verdict in EVENT_VERDICTS

    @property
    def summary(self) -> str:
        """The event title's tail: "3 paragraphs added, 1 removed", "page removed"…"""
        if self.verdict is Verdict.REMOVED:
            return "page removed"
        if self.verdict is Verdict.RESTORED:
            if self.diff is not None and not self.diff.is_empty:
                return f"page restored, {self.diff.summary}"
            return "page restored"
        if self.diff is not None:
            return self.diff.summary
        return "text changed (the previous version is not available)"

    def title(self, label: str) -> str:
        """The event title: "X Terms of Service changed: 3 paragraphs added, 1 removed"."""
        if self.verdict is Verdict.CHANGED:
            return f"{label} changed: {self.summary}"
        return f"{label}: {self.summary}"


def detect_change(
    state: PageState,
    outcome: FetchOutcome,
    now: datetime,
    *,
    old_text: str | None = None,
    rule: NoiseRule | None = None,
) -> Detection:
    """What ``outcome`` means after ``state``. ``old_text`` is the last version's text (for
    the diff); without it a change is still detected, only without a diff."""
    rule = rule or NoiseRule()
    state = _settled(state, now, rule)
    if outcome.not_modified:
        return Detection(Verdict.UNCHANGED, state, note=_noise_note(state))
    if outcome.text is None and outcome.status in GONE_STATUSES and not outcome.error:
        return _gone(state, outcome.status)
    if outcome.text is None:
        return Detection(Verdict.FAILED, state, error=outcome.error or "no text")
    text = outcome.text
    digest = text_sha256(text)
    if not state.digest:
        new_state = replace(state, digest=digest, exists=True, removed=False)
        return Detection(Verdict.BASELINE, new_state, keep_text=text, note="baseline kept")
    if state.removed or not state.exists:
        same = digest == state.digest
        diff = None if same or old_text is None else diff_texts(old_text, text)
        new_state = replace(state, digest=digest, exists=True, removed=False)
        return Detection(Verdict.RESTORED, new_state, keep_text=None if same else text, diff=diff)
    if digest == state.digest:
        return Detection(Verdict.UNCHANGED, state, note=_noise_note(state))
    diff = diff_texts(old_text, text) if old_text is not None else None
    recent = tuple(moment for moment in state.changes if now - moment < rule.window) + (now,)
    recent = recent[-rule.changes :]
    new_state = replace(state, digest=digest, changes=recent, last_change=now)
    if state.noisy:
        return Detection(
            Verdict.NOISY, new_state, keep_text=text, diff=diff, note=_noise_note(state)
        )
    if len(recent) >= rule.changes:
        noisy = replace(new_state, noisy_since=now)
        note = (
            f"noisy: {rule.changes} changes within {_duration(rule.window)}; "
            "changes are kept as versions without events"
        )
        return Detection(
            Verdict.NOISY, noisy, keep_text=text, diff=diff, note=note, became_noisy=True
        )
    return Detection(Verdict.CHANGED, new_state, keep_text=text, diff=diff)


def _gone(state: PageState, status: int | None) -> Detection:
    if state.removed:
        return Detection(Verdict.GONE, state, note="page still removed")
    if not state.exists:
        error = f"HTTP {status}: the page does not exist"
        return Detection(Verdict.FAILED, state, error=error)
    return Detection(Verdict.REMOVED, replace(state, exists=False, removed=True))


def _settled(state: PageState, now: datetime, rule: NoiseRule) -> PageState:
    """The noisy flag dropped once the page has been quiet for ``rule.quiet``."""
    if not state.noisy:
        return state
    last = state.last_change or state.noisy_since
    if last is not None and now - last >= rule.quiet:
        return state.calm()
    return state


def _noise_note(state: PageState) -> str:
    if state.noisy_since is None:
        return ""
    return f"noisy since {state.noisy_since:%Y-%m-%d %H:%M} UTC: changes kept without events"


def _duration(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return "an hour" if hours == 1 else f"{hours} hours"
    return f"{minutes} minutes"


def _moment(value: Any) -> datetime | None:
    try:
        return parse_iso(value) if isinstance(value, str) else None
    except (TypeError, ValueError):
        return None
