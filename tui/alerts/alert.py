"""One alert: what happened, in the words every delivery path (terminal, webhook, Apprise) uses.

An :class:`Alert` is built once per cycle from domain objects by :mod:`tui.alerts.rules` and
then travels as data: into the ledger (``to_dict``), onto the wire (``payload``) and onto the
terminal (``headline``/``body``). Its ``key`` is what makes delivery exactly-once: the same
happening always yields the same key, so a target that already got it is never sent it again.

The webhook payload (``Alert.payload()``, one JSON object per POST) has these fields:

==============  ===========================================================================
``kind``        ``new``, ``resolved``, ``unacknowledged``, ``change``, ``failing`` or ``test``
``platform``    the platform's name (``""`` when unknown or mixed in a burst)
``title``       the incident's, change's or source's title, cleaned of terminal controls
``status``      the incident status (``investigating``…), or ``failing``/``detected``
``impact``      ``none``, ``minor``, ``major``, ``critical``, ``maintenance`` or ``""``
``url``         where to read more (``""`` when there is nothing to link)
``started_at``  ISO-8601 UTC, or ``null``
``incident_id`` ``"source:external"`` for incident alerts, else ``null``
``event_id``    the event's id for ``change`` alerts, else ``null``
``source_id``   the source it came from (``""`` for a burst across sources)
``count``       1, or how many alerts a coalesced burst stands for
``key``         the stable de-duplication key (the same happening always has the same key)
==============  ===========================================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain import parse_iso, to_iso
from ..text import clean_text

ALERT_KINDS = ("new", "resolved", "unacknowledged", "change", "failing")
"""What a user can switch on or off (``--on``), in the order the CLI lists them."""

TEST_KIND = "test"
"""``notify test``'s alert: passes every filter, never recorded in the ledger."""

TITLE_LIMIT = 300
PAYLOAD_VERSION = 1

_HEADLINES = {
    "new": "New incident",
    "resolved": "Resolved",
    "unacknowledged": "Outage not on the status page",
    "change": "Change detected",
    "failing": "Source failing",
    TEST_KIND: "Test alert",
}
_BURST_NOUNS = {
    "new": "new incidents",
    "resolved": "incidents resolved",
    "unacknowledged": "outages not on the status page",
    "change": "changes detected",
    "failing": "sources failing",
    TEST_KIND: "test alerts",
}


@dataclass(frozen=True, slots=True)
class Alert:
    """Something worth telling the user, ready to send anywhere.

    ``members`` is set on a coalesced burst: the keys of the alerts it stands for, so the
    ledger marks each of them as delivered too.
    """

    kind: str
    key: str
    title: str
    platform: str = ""
    status: str = ""
    impact: str = ""
    url: str = ""
    started_at: datetime | None = None
    incident_id: str = ""
    event_id: int | None = None
    source_id: str = ""
    source_kind: str = ""
    count: int = 1
    members: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Remote text (titles come from status pages) is cleaned here once more, whatever the
        # caller did: the sanitiser is idempotent, and an alert leaves the machine.
        object.__setattr__(self, "title", clean_text(self.title, TITLE_LIMIT))
        object.__setattr__(self, "platform", clean_text(self.platform, 100))

    @property
    def headline(self) -> str:
        """A short first line: ``New incident · GitHub`` or ``12 new incidents · GitHub``."""
        if self.count > 1:
            text = f"{self.count} {_BURST_NOUNS.get(self.kind, 'alerts')}"
        else:
            text = _HEADLINES.get(self.kind, "Alert")
        return f"{text} · {self.platform}" if self.platform else text

    @property
    def body(self) -> str:
        """The alert's own words: the title, plus status and impact when they say something."""
        details = [part for part in (self.status, self.impact) if part and part != "none"]
        return f"{self.title} ({', '.join(details)})" if details else self.title

    def payload(self) -> dict[str, Any]:
        """The documented JSON object a webhook or an ``--exec`` command receives."""
        return {
            "version": PAYLOAD_VERSION,
            "kind": self.kind,
            "platform": self.platform,
            "title": self.title,
            "status": self.status,
            "impact": self.impact,
            "url": self.url,
            "started_at": to_iso(self.started_at),
            "incident_id": self.incident_id or None,
            "event_id": self.event_id,
            "source_id": self.source_id,
            "count": self.count,
            "key": self.key,
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything, for the ledger (``from_dict`` reads it back)."""
        data = self.payload()
        del data["version"]
        data["source_kind"] = self.source_kind
        data["members"] = list(self.members)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Alert:
        event_id = data.get("event_id")
        return cls(
            kind=str(data.get("kind", "")),
            key=str(data.get("key", "")),
            title=str(data.get("title", "")),
            platform=str(data.get("platform", "")),
            status=str(data.get("status", "")),
            impact=str(data.get("impact", "")),
            url=str(data.get("url", "")),
            started_at=parse_iso(data.get("started_at")),
            incident_id=str(data.get("incident_id") or ""),
            event_id=int(event_id) if isinstance(event_id, int) else None,
            source_id=str(data.get("source_id", "")),
            source_kind=str(data.get("source_kind", "")),
            count=max(1, int(data.get("count", 1) or 1)),
            members=tuple(str(key) for key in data.get("members") or ()),
        )
