"""The built-in source kinds by name, for the command line, without loading a single kind.

Loading the kinds (:mod:`tui.kinds.registry`) imports httpx, feedparser and every provider's
parser: about 0.2 s, which ``whalewatch --help`` and ``source list`` from cron should not pay
just to offer ``--kind``'s choices or print a kind's label. This table is a copy of what the
registry says about its built-in kinds; tests/analysis/test_cli_imports.py checks that it is
the same (names in ``addable_kind_names()``'s order, labels, no fixed interval), so a kind
added to the registry and not here fails a test rather than drifting.
"""

from __future__ import annotations

import sys

from ..domain import poll_interval

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (mypy reads it so)
if TYPE_CHECKING:
    from ..domain import Source
    from ..store.clean_read import SourceRow

AUTO = "auto"
"""The ``--kind`` of ``source add`` and ``source test`` that means: find out what the URL is."""

BUILTIN_KIND_LABELS: dict[str, str] = {
    "statuspage": "Atlassian Statuspage",
    "feed": "RSS/Atom feed",
    "probe": "HTTP probe",
    "changelog": "changelog feed",
    "page": "watched web page",
    "incidentio": "incident.io",
    "instatus": "Instatus",
    "betterstack": "Better Stack",
    "cstate": "cState",
    "cachet": "Cachet",
    "statusio": "Status.io",
    "slack": "Slack status API",
    "gcloud": "Google Cloud status",
    "aws": "AWS Health Dashboard",
    "jsonfeed": "JSON Feed",
}
"""Each built-in kind's name and label, in the order ``source add --kind`` offers them."""

ADDABLE_KIND_NAMES = tuple(BUILTIN_KIND_LABELS)


def addable_kind_names() -> tuple[str, ...]:
    """The built-in kinds, then any other addable kind registered in this process so far.

    A kind registered by its own module (a plug-in, a test's) is offered as the registry
    would offer it, read from the table without loading the built-ins.
    """
    if "tui.kinds.table" not in sys.modules:  # no kind module loaded: none registered
        return ADDABLE_KIND_NAMES
    from ..kinds.table import registered

    others = (k.name for k in registered() if k.addable and k.name not in BUILTIN_KIND_LABELS)
    return (*ADDABLE_KIND_NAMES, *others)


def kind_label(name: str) -> str:
    """The kind's label (``incident.io``); the registry is asked only for a kind not built in."""
    if name in BUILTIN_KIND_LABELS:
        return BUILTIN_KIND_LABELS[name]
    from ..kinds import kind_label as registered_label

    return registered_label(name)


def kind_choices() -> tuple[str, ...]:
    """What ``--kind`` accepts: ``auto`` and every kind the registry offers for adding."""
    return (AUTO, *addable_kind_names())


def kind_with_label(kind_name: str) -> str:
    """The kind's name and the provider it is: ``incidentio (incident.io)``."""
    label = kind_label(kind_name)
    return kind_name if label == kind_name else f"{kind_name} ({label})"


def interval_of(source: Source | SourceRow) -> int:
    """Seconds between polls, as the poller counts them (:func:`tui.feeds.poller.interval_of`).

    No built-in kind has a fixed interval, so for them it is the source's own; any other kind
    (the demo's replay) is asked.
    """
    if source.kind in BUILTIN_KIND_LABELS:
        return poll_interval(source.every)
    from ..domain import Source
    from ..feeds.poller import interval_of as polled_interval

    if not isinstance(source, Source):  # a listing's row: the kind may read any field
        raise TypeError(f"the interval of a {source.kind} source needs the whole source")
    return polled_interval(source)
