"""A large, deterministic synthetic store, for benchmarks and performance tests.

The bundled demo is small; this builds a store the size of years of watching many platforms
(100,000 incidents, 10,000 events, 1,000 notes by default) in a few seconds, through the
store's bulk writes, so that start-up, scrolling and saving can be measured against a
realistic history. The same ``seed`` always gives the same store.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ..domain import EVENT_CATEGORIES, Event, Incident, IncidentUpdate, Note, Platform, utcnow
from ..store import Store

PLATFORMS = ("X/Twitter", "GitHub", "Reddit", "Discord", "Mastodon", "Bluesky", "Slack", "Zoom")
WORDS = (
    "API",
    "timeline",
    "login",
    "search",
    "notifications",
    "uploads",
    "direct messages",
    "webhooks",
    "payments",
    "media",
    "feeds",
    "mobile app",
)
TROUBLES = (
    "Degraded performance of",
    "Elevated errors on",
    "Outage of",
    "Delays in",
    "Issues with",
)
START = datetime(2015, 1, 1, tzinfo=UTC)
SPAN_DAYS = 365 * 10
OPEN_INCIDENTS = 5
"""The newest few incidents stay open, like a platform in the middle of an outage."""


@dataclass(frozen=True)
class SyntheticCounts:
    incidents: int
    events: int
    notes: int


def synthetic_incidents(count: int, seed: int = 1) -> Iterator[Incident]:
    """``count`` incidents spread over ten years, oldest first; the newest few are open."""
    rng = random.Random(seed)
    step = SPAN_DAYS * 86400 / max(1, count)
    for n in range(count):
        started = START + timedelta(seconds=int(n * step + rng.random() * step))
        platform = PLATFORMS[n % len(PLATFORMS)]
        title = f"{rng.choice(TROUBLES)} {rng.choice(WORDS)}"
        is_open = n >= count - OPEN_INCIDENTS
        resolved = None if is_open else started + timedelta(minutes=rng.randint(5, 600))
        status = "investigating" if is_open else "resolved"
        updates = [
            IncidentUpdate("investigating", f"We are investigating {title.lower()}.", started)
        ]
        if resolved is not None:
            updates.append(IncidentUpdate("resolved", "This incident has been resolved.", resolved))
        yield Incident(
            source_id=f"synthetic-{n % len(PLATFORMS)}",
            external_id=f"i{n:07d}",
            title=title,
            status=status,
            impact=rng.choice(("none", "minor", "minor", "major", "critical")),
            started_at=started,
            platform=platform,
            resolved_at=resolved,
            url=f"https://status.example.com/incidents/i{n:07d}",
            components=(rng.choice(WORDS),),
            updates=tuple(updates),
            first_seen_at=started,
            updated_at=resolved or started,
        )


def synthetic_events(count: int, seed: int = 1) -> Iterator[Event]:
    """``count`` dated changes over the same ten years; one in fifty marks a change."""
    rng = random.Random(seed + 1)
    start = START.date()
    for n in range(count):
        day = start + timedelta(days=int(n * SPAN_DAYS / max(1, count)))
        category = EVENT_CATEGORIES[n % len(EVENT_CATEGORIES)]
        yield Event(
            id=0,
            day=day,
            title=f"{PLATFORMS[n % len(PLATFORMS)]} changes its {rng.choice(WORDS)} ({n})",
            category=category,
            platform=PLATFORMS[n % len(PLATFORMS)],
            time=f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}" if n % 3 else "",
            description=f"Synthetic event number {n}, about the {rng.choice(WORDS)}.",
            is_change=n % 50 == 0,
        )


def synthetic_notes(count: int, incidents: int, seed: int = 1) -> Iterator[Note]:
    """``count`` Markdown notes, some standalone, most attached to incidents."""
    rng = random.Random(seed + 2)
    now = utcnow()
    for n in range(count):
        target_kind, target_id = "", ""
        if incidents and n % 4:
            n = rng.randrange(incidents)  # the key of synthetic incident n (see above)
            target_kind, target_id = "incident", f"synthetic-{n % len(PLATFORMS)}:i{n:07d}"
        text = f"# Note {n}\n\nSomething worth remembering about {rng.choice(WORDS)}. #synthetic\n"
        moment = now - timedelta(hours=n)
        yield Note(
            id=0,
            text=text,
            target_kind=target_kind,
            target_id=target_id,
            pinned=n < 3,
            created_at=moment,
            updated_at=moment,
            revision=1,
        )


def build_synthetic_store(
    path: Path | str,
    incidents: int = 100_000,
    events: int = 10_000,
    notes: int = 1_000,
    seed: int = 1,
    keep_fraction: float = 1.0,
) -> SyntheticCounts:
    """Fill a new store at ``path`` with synthetic history; returns what was written.

    With ``keep_fraction`` below 1, only that newest part of the history is kept (and the
    notes on it): the same density of items per day as the whole, over a shorter time, which
    is what a benchmark compares a long history with.

    Incidents go through :meth:`Store.bulk_load_incidents` (one write per month file); events
    and notes are inserted with one ``insert_multiple`` in one transaction of their file.
    """
    store = Store.open(Path(path))
    if store.incident_months() or store.events():
        # Loading is not merging: a second history over the first doubles every incident.
        raise ValueError(f"{path} already holds a history: build the synthetic one anew")
    for name in PLATFORMS:
        store.save_platform(Platform(name))
    kept_incidents = list(synthetic_incidents(incidents, seed))
    kept_incidents = kept_incidents[len(kept_incidents) - round(incidents * keep_fraction) :]
    kept_keys = {incident.id for incident in kept_incidents}
    written = store.bulk_load_incidents(kept_incidents)
    event_docs = []
    all_events = list(synthetic_events(events, seed))
    for event in all_events[len(all_events) - round(events * keep_fraction) :]:
        doc = event.to_dict()
        doc.pop("id")
        event_docs.append(doc)
    if event_docs:
        # One insert_multiple: Store.add_events inserts one by one, which TinyDB makes
        # quadratic (each insert copies the table), ~30 s for 10,000 events.
        with store.events_file.transaction() as db:
            db.table("events").insert_multiple(event_docs)
    docs = []
    for note in synthetic_notes(notes, incidents, seed):
        if keep_fraction < 1 and note.target_kind and note.target_id not in kept_keys:
            continue
        doc = note.to_dict()
        doc.pop("id")
        docs.append(doc)
    if docs:
        with store.notes_file.transaction() as db:
            db.table("notes").insert_multiple(docs)
    return SyntheticCounts(written, len(event_docs), len(docs))


def newest_day(incidents: int) -> date:
    """The day of the newest synthetic incident (tests look for it on screen)."""
    return (START + timedelta(days=SPAN_DAYS)).date() if incidents else START.date()
