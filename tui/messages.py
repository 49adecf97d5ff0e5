"""The messages the workers post to the UI: what a read, a poll or a write came to.

Every disk and network job runs in a thread; what it found comes back as one of these typed
messages (``post_message`` is thread-safe), never as a call into a screen. Messages for the
app (``SnapshotLoaded``, ``StoreChanged``, ``IncidentsPolled``, ``AlertsRaised``) bubble from
wherever they are posted; the ones a screen asked for (a note save, a Sources screen job) are posted to
that screen and go no further.

Each is a plain class with its own ``__init__``, as Textual writes its messages: the app
imports them all at start, and a dataclass costs about a millisecond to build (its methods
are compiled then), where a class costs nothing past its bytecode.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual.message import Message

from .domain import Incident, Note, Source, SourceHealth
from .snapshot import StoreSnapshot

if TYPE_CHECKING:
    from .alerts.alert import Alert
    from .alerts.status import FailingTarget


class SnapshotLoaded(Message):
    """A read of the store finished; the app makes it its ``snapshot``."""

    def __init__(self, snapshot: StoreSnapshot, new_keys: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.new_keys = new_keys
        """Incidents new or changed since the last read, shown as unread in the feed."""
        self.shown = threading.Event()
        """Set once the screens show it: the loader waits for it before its next disk work."""


class StoreChanged(Message):
    """This session (or another) changed the store: read it again, and say ``notice``."""

    def __init__(self, notice: str = "") -> None:
        super().__init__()
        self.notice = notice


class IncidentsPolled(Message):
    """The poller merged new or changed incidents into the store."""

    def __init__(self, new: tuple[Incident, ...], changed: tuple[Incident, ...]) -> None:
        super().__init__()
        self.new = new
        self.changed = changed


class AlertsRaised(Message):
    """The poller's cycle deserves these alerts by the dashboard's rules (bursts folded)."""

    def __init__(self, alerts: tuple[Alert, ...], terminal: str = "auto") -> None:
        super().__init__()
        self.alerts = alerts
        self.terminal = terminal
        """The saved terminal mode when they were judged (``--bell`` may override it)."""


class NoteSaved(Message, bubble=False):
    """The editor's text reached the disk as ``note`` (``conflict``: the other session's note
    it would have overwritten, kept as it was)."""

    def __init__(self, note: Note, text: str, conflict: Note | None = None) -> None:
        super().__init__()
        self.note = note
        self.text = text
        self.conflict = conflict


class NoteSaveFailed(Message, bubble=False):
    """The editor's text could not be saved; the editor keeps it and retries."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class SourcesRead(Message, bubble=False):
    """The sources and their health, read for the Sources screen."""

    def __init__(
        self,
        sources: list[Source],
        health: dict[str, SourceHealth],
        failing_targets: tuple[FailingTarget, ...] = (),
    ) -> None:
        super().__init__()
        self.sources = sources
        self.health = health
        self.failing_targets = failing_targets
        """Alert targets whose sends fail (from the ledger), shown under the table."""


class SourceJobReport(Message, bubble=False):
    """How a Sources screen job (add, test, pause, remove) goes or went, in ``text``."""

    def __init__(self, text: str, failed: bool = False, changed: bool = False) -> None:
        super().__init__()
        self.text = text
        self.failed = failed
        self.changed = changed
        """True when the store changed: the screen reads its sources again."""
