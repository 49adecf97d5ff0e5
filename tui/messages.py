"""The messages the workers post to the UI: what a read, a poll or a write came to.

Every disk and network job runs in a thread; what it found comes back as one of these typed
messages (``post_message`` is thread-safe), never as a call into a screen. Messages for the
app (``SnapshotLoaded``, ``StoreChanged``, ``IncidentsPolled``, ``AlertsRaised``) bubble from
wherever they are posted; the ones a screen asked for (a note save, a Sources screen job) are posted to
that screen and go no further.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

from .domain import Incident, Note, Source, SourceHealth
from .snapshot import StoreSnapshot

if TYPE_CHECKING:
    from .alerts.alert import Alert
    from .alerts.status import FailingTarget


@dataclass
class SnapshotLoaded(Message):
    """A read of the store finished; the app makes it its ``snapshot``."""

    snapshot: StoreSnapshot
    new_keys: frozenset[str] = frozenset()
    """Incidents new or changed since the last read, shown as unread in the feed."""
    shown: threading.Event = field(default_factory=threading.Event)
    """Set once the screens show it: the loader waits for it before its next disk work."""


@dataclass
class StoreChanged(Message):
    """This session (or another) changed the store: read it again, and say ``notice``."""

    notice: str = ""


@dataclass
class IncidentsPolled(Message):
    """The poller merged new or changed incidents into the store."""

    new: tuple[Incident, ...]
    changed: tuple[Incident, ...]


@dataclass
class AlertsRaised(Message):
    """The poller's cycle deserves these alerts by the dashboard's rules (bursts folded)."""

    alerts: tuple[Alert, ...]
    terminal: str = "auto"
    """The saved terminal mode when they were judged (``--bell`` may override it)."""


@dataclass
class NoteSaved(Message, bubble=False):
    """The editor's text reached the disk as ``note`` (``conflict``: the other session's note
    it would have overwritten, kept as it was)."""

    note: Note
    text: str
    conflict: Note | None = None


@dataclass
class NoteSaveFailed(Message, bubble=False):
    """The editor's text could not be saved; the editor keeps it and retries."""

    error: str


@dataclass
class SourcesRead(Message, bubble=False):
    """The sources and their health, read for the Sources screen."""

    sources: list[Source]
    health: dict[str, SourceHealth]
    failing_targets: tuple[FailingTarget, ...] = ()
    """Alert targets whose sends fail (from the ledger), shown under the table."""


@dataclass
class SourceJobReport(Message, bubble=False):
    """How a Sources screen job (add, test, pause, remove) goes or went, in ``text``."""

    text: str
    failed: bool = False
    changed: bool = False
    """True when the store changed: the screen reads its sources again."""
