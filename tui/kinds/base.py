"""The one interface every source kind implements, and what a poll of a source yields.

A kind is one object (an instance of a :class:`SourceKind` subclass) registered in
:mod:`tui.kinds.registry`. The poller, ``source add/test``, auto-detection and the add-source
form ask the registry for kinds and call only what is declared here, so a new kind is one new
module and one ``register(...)`` call — nothing else names it.

The life of one source in one polling cycle:

1. :meth:`SourceKind.poll` fetches (concurrently with every other due source) and parses,
   returning a :class:`PollResult`: incidents, events, the new health.
2. :meth:`SourceKind.conclude` runs after every fetch of the cycle, synchronously, with a
   :class:`CycleContext` for what only the whole cycle knows (the probe needs its open
   incident and the platform's status-page indicator). Most kinds keep the default.
3. The poller schedules the next poll by the kind's :class:`PollingRules`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from ..domain import Event, Incident, Source, SourceHealth

if TYPE_CHECKING:  # the HTTP stack is imported by the kinds that fetch, not by the table
    import httpx

    from ..feeds.http import FetchResult


@dataclass(frozen=True)
class PollingRules:
    """How often a kind is polled and how it behaves while failing."""

    fixed_interval: int | None = None
    """Seconds between polls whatever the source's ``every`` says (a local, scripted source)."""
    backs_off: bool = True
    """Double the interval on each consecutive failure (be kind to a struggling server)."""
    jitter: bool = True
    """Add up to 10 % at random so many sources do not poll in lock-step."""


@dataclass(frozen=True)
class PollResult:
    """What one poll of one source yields, before the cycle's single write to the store.

    ``incidents`` are merged by identity (re-sending one changes nothing); ``events`` are
    timeline events, merged by their ``key`` (an event whose key is stored updates it; one
    without a key is added) — a kind yields an event once, when it detects the change.
    ``health`` replaces the source's stored health.
    """

    source: Source
    health: SourceHealth
    incidents: tuple[Incident, ...] = ()
    events: tuple[Event, ...] = ()
    not_modified: bool = False
    retry_after: float | None = None
    """Seconds the server asked us to wait (``Retry-After``), if it did."""
    note: str = ""
    """One line saying what was read (page name, feed title, probe latency) for ``source test``."""
    fetched: FetchResult | None = None
    """The main response, so ``source test`` can warn about redirects and downgrades."""
    pending: object = field(default=None, compare=False)
    """The kind's own state handed from :meth:`SourceKind.poll` to :meth:`SourceKind.conclude`."""

    @property
    def ok(self) -> bool:
        return not self.health.error


@dataclass(frozen=True)
class PollContext:
    """What a poll may use of the store it polls into, besides the source's own health.

    ``pages`` is the folder where watched pages keep their versions (``None`` outside any
    store: ``source test`` keeps nothing); ``lock`` is the store's lock, held while a kind
    writes there, so two sessions polling at once do not write over each other.
    """

    pages: Path | None = None
    lock: Callable[[], AbstractContextManager[object]] = nullcontext


NO_STORE = PollContext()


class CycleContext(Protocol):
    """What a kind may ask about the whole cycle once every fetch is done."""

    def open_incident(self, key_prefix: str) -> Incident | None:
        """The stored open incident whose key starts with ``key_prefix`` (``source:prefix``)."""
        ...

    def page_indicator(self, platform: str) -> str:
        """The platform's status-page indicator (``none`` = all operational), or ``''``."""
        ...


class NoCycle:
    """A cycle that knows nothing: for polling one URL outside any store (``source test``)."""

    def open_incident(self, key_prefix: str) -> Incident | None:
        return None

    def page_indicator(self, platform: str) -> str:
        return ""


class SourceKind(ABC):
    """One kind of source: how to recognise it, how to poll it, how often.

    Subclasses set the class attributes and implement :meth:`poll`; everything else has a
    default that suits a plain fetch-and-parse kind.
    """

    name: ClassVar[str]
    """What ``Source.kind`` holds and ``--kind`` accepts, e.g. ``statuspage``."""
    label: ClassVar[str]
    """A few words for people, e.g. "Atlassian Statuspage"."""
    detect_order: ClassVar[int | None] = None
    """Where auto-detection tries this kind (lower first); ``None``: only by ``--kind``."""
    fallback: ClassVar[bool] = False
    """Offered when no kind recognises a URL (exactly one kind says so: the HTTP probe)."""
    addable: ClassVar[bool] = True
    """Offered in ``source add --kind`` and the add-source form (not a bundled store's own)."""
    menu_group: ClassVar[int] = 0
    """Kinds of a higher group are offered after the others (a provider's own format after
    the generic Statuspage, feed and probe), whatever their detection order."""
    is_status_page: ClassVar[bool] = False
    fetches_url: ClassVar[bool] = True
    """Its URL is fetched over the network, so it must be a plain http(s) URL (the demo's
    replay is local: its URL only names it)."""
    """Its health's ``indicator`` is what the platform admits; probes compare against it."""
    rules: ClassVar[PollingRules] = PollingRules()
    options: ClassVar[frozenset[str]] = frozenset()
    """The :class:`~tui.domain.Source` fields it reads besides the common ones (a page's
    ``select``, ``remove``, ``ignore``…): ``source add`` and the form offer only these."""
    default_category: ClassVar[str] = ""
    """The category of the events it records when the source names none."""
    checked_on_add: ClassVar[bool] = False
    """``source add`` polls it once outside the store first and refuses it if that fails
    (a page that is a PDF, a selector that matches nothing)."""

    def extra_url(self, url: str) -> str | None:
        """A second URL auto-detection should fetch to recognise this kind (e.g. its API)."""
        return None

    def recognises(self, url: str, first: FetchResult, extra: FetchResult | None) -> bool:
        """Whether ``url`` is this kind, from its response and :meth:`extra_url`'s response."""
        return False

    def source_url(self, url: str, first: FetchResult) -> str:
        """The URL to store for a source this kind recognised at ``url`` (by default ``url``).

        A page whose home URL does not name its API document (Status.io) is stored as the
        API URL its page names.
        """
        return url

    def poll_url(self, url: str) -> str:
        """The URL a poll fetches first, named in ``source test``'s error messages."""
        return url

    @abstractmethod
    async def poll(
        self, client: httpx.AsyncClient, source: Source, health: SourceHealth, now: datetime
    ) -> PollResult:
        """Fetch and read ``source`` once.

        A bad payload raises :class:`~tui.feeds.errors.FeedError` with a reason for the user;
        the poller records it (or any other exception) on this source only.
        """

    async def poll_in(
        self,
        context: PollContext,
        client: httpx.AsyncClient,
        source: Source,
        health: SourceHealth,
        now: datetime,
    ) -> PollResult:
        """:meth:`poll`, for a kind that keeps files in the store (a page's versions).

        The poller calls this one; by default it is :meth:`poll`, which most kinds implement.
        """
        return await self.poll(client, source, health, now)

    def state_summary(self, health: SourceHealth) -> str:
        """A few words on what the kind remembers of the source, for the Sources screen (a
        page: its versions, its last change, whether it is noisy); ``''`` for most kinds."""
        return ""

    def conclude(self, polled: PollResult, cycle: CycleContext) -> PollResult:
        """The result once the whole cycle is known; by default, the poll's own."""
        return polled


# --- health transitions every fetching kind shares ---------------------------------------------


def failed_health(
    previous: SourceHealth, now: datetime, error: str, status: int | None
) -> SourceHealth:
    """``previous`` after a failed poll: the reason recorded, one more failure counted."""
    return replace(
        previous,
        last_poll=now,
        http_status=status,
        error=error,
        consecutive_failures=previous.consecutive_failures + 1,
        consecutive_successes=0,
    )


def ok_health(
    previous: SourceHealth, now: datetime, result: FetchResult | None, **changes: Any
) -> SourceHealth:
    """``previous`` after a good poll, with the response's status, latency and validators,
    and the kind's own ``changes`` (its indicator, its note), made in one copy."""
    if result is not None:
        changes = {
            "http_status": result.status,
            "latency_ms": result.elapsed_ms,
            "etag": result.etag or previous.etag,
            "last_modified": result.last_modified or previous.last_modified,
            **changes,
        }
    return replace(
        previous,
        last_poll=now,
        last_ok=now,
        error="",
        consecutive_failures=0,
        consecutive_successes=previous.consecutive_successes + 1,
        **changes,
    )


def failed_poll(
    source: Source, previous: SourceHealth, now: datetime, result: FetchResult
) -> PollResult:
    """The result of a poll whose fetch failed (unreachable, HTTP error, too big)."""
    return PollResult(
        source,
        failed_health(previous, now, result.error, result.status),
        retry_after=result.retry_after,
        fetched=result,
    )


def unchanged_poll(
    source: Source, previous: SourceHealth, now: datetime, result: FetchResult
) -> PollResult:
    """The result of a poll the server answered ``304 Not Modified``: nothing new to read."""
    return PollResult(source, ok_health(previous, now, result), not_modified=True, fetched=result)
