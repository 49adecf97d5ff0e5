"""What the user writes down: dated events on the timeline, and Markdown notes.

Nothing here imports Textual or TinyDB. See :mod:`.records` for why this is a module of its own.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from .record_fields import known_fields
from .values import TARGET_KINDS, parse_day, parse_iso, parse_time_of_day, to_iso

_HEADING_MARK = re.compile(r"^#{1,6}(?=\s|$)")
_TAG_RE = re.compile(r"(?<![\w#&])#([A-Za-z][\w-]{0,63})")


@dataclass(frozen=True, slots=True)
class Event:
    """A dated change on a platform (a layoff, an API price, a policy), entered by the user
    or detected by a watched page or changelog (``detected``, with the page's ``diff``).

    ``is_change`` marks the events that analysis compares before/after (e.g. the acquisition).
    """

    id: int
    day: date
    title: str
    category: str = "other"
    platform: str = ""
    time: str = ""
    """Optional ``HH:MM`` (UTC) when the hour matters."""
    url: str = ""
    description: str = ""
    is_change: bool = False
    confidence: str = ""
    """How sure the chronicle is of this fact (``seed``, ``high``, ``medium``), when known."""
    detected: bool = False
    """Recorded by a watched page or changelog source, not typed in."""
    source_id: str = ""
    """The source that detected it (``''`` for typed events)."""
    diff: dict[str, Any] | None = field(default=None, hash=False)
    """A detected page change's diff (``PageDiff.to_dict()``), ``None`` for other events."""
    version: int | None = None
    """The page version the change produced, when it kept one."""
    key: str = ""
    """A detected event's stable identity (a changelog entry's key): merging an event with
    the same key updates it instead of adding another."""

    @property
    def moment(self) -> datetime:
        """The event as an aware datetime (midnight UTC when it has no time)."""
        hour, minute = 0, 0
        if self.time:
            try:
                hour, minute = (int(part) for part in self.time.split(":")[:2])
            except ValueError:
                hour, minute = 0, 0
        return datetime(self.day.year, self.day.month, self.day.day, hour, minute, tzinfo=UTC)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["day"] = self.day.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """The event of a stored document; raises (the reader skips it, and says so) on one
        whose text fields are not text or whose time is not a time: every list, the
        timeline's table and each sort by moment take those as they are."""
        values = known_fields(cls, data)
        values["day"] = parse_day(str(values["day"]))
        values["id"] = int(values.get("id", 0))
        for name in _EVENT_TEXT_FIELDS:
            if not isinstance(values.get(name, ""), str):
                raise TypeError(f"{name} is not text: {values[name]!r}")
        if values.get("time"):
            values["time"] = parse_time_of_day(values["time"])
        return cls(**values)

    def with_id(self, new_id: int) -> Event:
        return replace(self, id=new_id)


_EVENT_TEXT_FIELDS = (
    "title",
    "category",
    "platform",
    "time",
    "url",
    "description",
    "confidence",
    "source_id",
    "key",
)


@dataclass(frozen=True, slots=True)
class Note:
    """The user's own Markdown note, standalone or attached to an incident, event or platform.

    ``revision`` grows by one on each save; a save based on an older revision than the one on
    disk is a conflict, and the store keeps both texts rather than overwrite either.
    """

    id: int
    text: str
    target_kind: str = ""
    target_id: str = ""
    pinned: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = 0

    @property
    def tags(self) -> tuple[str, ...]:
        return note_tags(self.text)

    @property
    def title(self) -> str:
        """The first non-empty line, without Markdown heading marks."""
        for line in self.text.splitlines():
            # "# Heading" is a heading; "#outage #api" is tags, kept as written.
            stripped = _HEADING_MARK.sub("", line.strip()).strip()
            if stripped:
                return stripped
        return "(empty note)"

    @property
    def tags_beside_title(self) -> tuple[str, ...]:
        """The tags a list shows after the title: not those the title already shows."""
        shown = {word.lstrip("#").casefold() for word in self.title.split() if word.startswith("#")}
        return tuple(tag for tag in self.tags if tag.casefold() not in shown)

    @property
    def target(self) -> str:
        """``kind:id`` of what the note is attached to, or ``''`` when it stands alone."""
        return f"{self.target_kind}:{self.target_id}" if self.target_kind else ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["created_at"] = to_iso(self.created_at)
        data["updated_at"] = to_iso(self.updated_at)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Note:
        values = known_fields(cls, data)
        values["created_at"] = parse_iso(values.get("created_at"))
        values["updated_at"] = parse_iso(values.get("updated_at"))
        values["id"] = int(values.get("id", 0))
        return cls(**values)


def note_tags(text: str) -> tuple[str, ...]:
    """``#tags`` written in a note, lower-cased, in order of first appearance, without repeats."""
    seen: dict[str, None] = {}
    for match in _TAG_RE.finditer(text):
        seen.setdefault(match.group(1).lower(), None)
    return tuple(seen)


def parse_target(text: str) -> tuple[str, str]:
    """Parse ``incident:ID``, ``event:ID`` or ``platform:NAME`` into ``(kind, id)``."""
    kind, sep, ident = text.partition(":")
    if not sep or kind not in TARGET_KINDS or not ident:
        raise ValueError(f"expected incident:ID, event:ID or platform:NAME, got {text!r}")
    return kind, ident
