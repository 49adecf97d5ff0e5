"""The bundled demo: Twitter from the buyout offer (April 2022) to the rebrand (July 2023).

The events are the dated facts of ``seed/facts.md``, retold in English, each with how sure we
are of it (``confidence``: ``seed`` when the source article states it, else ``high`` or
``medium``) and the English Wikipedia article that covers it. The incidents are the three
outages of that list, the 6 March 2023 API outage told update by update, plus smaller
incidents marked *Illustrative* in their first update: they are invented, but shaped like the
real record (rare before the takeover, frequent after), so that the before/after comparison
around the acquisition has something to show. Everything is deterministic.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path

from ..domain import Event, Platform, Source, utcnow
from ..store import Store
from . import replay
from .incidents import (
    HISTORY_SOURCE_ID,
    MARCH_6_EXTERNAL_ID,
    PLATFORM,
    UNDER_MUSK_URL,
    at,
    demo_incidents,
)

ACQUISITION_URL = "https://en.wikipedia.org/wiki/Acquisition_of_Twitter_by_Elon_Musk"
ACQUISITION_TITLE = "Musk's acquisition of Twitter closes; CEO, CFO and policy chief dismissed"
ACQUISITION_DAY = date(2022, 10, 27)
CONTROL_URL = "https://example.com/"
"""The demo's control URL (``whalewatch source control``), to show the setting. Its sources
fetch nothing, so it is never asked: the demo needs no network."""

# (day, category, title, description, confidence, url, is_change)
FACTS: tuple[tuple[date, str, str, str, str, str, bool], ...] = (
    (
        date(2022, 4, 14),
        "business",
        "Musk offers to buy Twitter for $54.20 a share",
        "The offer values the company at about $44 billion.",
        "high",
        ACQUISITION_URL,
        False,
    ),
    (
        date(2022, 4, 25),
        "business",
        "Twitter's board accepts Musk's offer",
        "The board agrees to the $44 billion deal.",
        "high",
        ACQUISITION_URL,
        False,
    ),
    (
        date(2022, 7, 8),
        "business",
        "Musk says he is terminating the agreement",
        "He announces that he is walking away from the deal.",
        "high",
        ACQUISITION_URL,
        False,
    ),
    (
        date(2022, 7, 12),
        "business",
        "Twitter sues Musk in Delaware to enforce the deal",
        "The company asks the Delaware Court of Chancery to hold Musk to the agreement.",
        "high",
        ACQUISITION_URL,
        False,
    ),
    (
        date(2022, 10, 4),
        "business",
        "Musk proposes to close the deal at the original price",
        "After months of litigation he offers again to buy at $54.20 a share.",
        "high",
        ACQUISITION_URL,
        False,
    ),
    (
        ACQUISITION_DAY,
        "business",
        ACQUISITION_TITLE,
        "The $44 billion acquisition is completed; the chief executive, the chief financial "
        "officer and the head of legal and policy are let go the same day.",
        "high",
        ACQUISITION_URL,
        True,
    ),
    (
        date(2022, 11, 4),
        "staff",
        "Mass layoffs: about half of the ~7,500 employees let go",
        "Roughly half of the staff lose their jobs in a single wave of layoffs.",
        "high",
        UNDER_MUSK_URL,
        True,
    ),
    (
        date(2022, 11, 4),
        "business",
        "Musk says the company is losing over $4 million a day",
        "He justifies the cost cutting by the losses, a week after taking over.",
        "seed",
        UNDER_MUSK_URL,
        False,
    ),
    (
        date(2022, 11, 9),
        "product",
        "Paid Twitter Blue with a blue check launches at $7.99 a month",
        "The verification checkmark becomes part of a paid subscription.",
        "high",
        UNDER_MUSK_URL,
        False,
    ),
    (
        date(2022, 11, 11),
        "product",
        "Paid verification paused after a wave of impersonations",
        "Accounts impersonating brands and public figures with paid checks force a pause.",
        "high",
        UNDER_MUSK_URL,
        False,
    ),
    (
        date(2022, 11, 16),
        "staff",
        'The "extremely hardcore" ultimatum to staff',
        "Employees are asked to commit to long hours or leave; many leave at the deadline on "
        "17 November.",
        "high",
        UNDER_MUSK_URL,
        False,
    ),
    (
        date(2022, 11, 23),
        "moderation",
        "COVID-19 misleading-information policy no longer enforced",
        "The rules against misleading COVID-19 information stop being applied.",
        "high",
        UNDER_MUSK_URL,
        False,
    ),
    (
        date(2022, 12, 12),
        "product",
        "Twitter Blue relaunches at $8 on the web and $11 on iOS",
        "The paid subscription returns with a higher price through Apple's store.",
        "high",
        UNDER_MUSK_URL,
        False,
    ),
    (
        date(2022, 12, 15),
        "moderation",
        "Several journalists' accounts suspended",
        "The suspensions come a day after the @ElonJet account was suspended.",
        "high",
        UNDER_MUSK_URL,
        False,
    ),
    (
        date(2023, 1, 12),
        "api",
        "Third-party clients such as Tweetbot and Twitterrific stop working",
        "They are cut off without notice in the evening, US time (13 January in Europe).",
        "high",
        UNDER_MUSK_URL,
        True,
    ),
    (
        date(2023, 1, 19),
        "api",
        "Developer agreement changed to forbid third-party clients",
        "The terms now ban apps that replicate Twitter's own client.",
        "high",
        UNDER_MUSK_URL,
        False,
    ),
    (
        date(2023, 2, 2),
        "api",
        "End of free access to the v2 and v1.1 APIs announced",
        "Free API access is to end on 9 February; the date was later postponed.",
        "high",
        UNDER_MUSK_URL,
        True,
    ),
    (
        date(2023, 2, 8),
        "outage",
        "Many users cannot post: told they are over the daily limit",
        "Posting fails with an error about the daily tweet limit. It lasts a few hours "
        "(the exact duration is less certain).",
        "high",
        UNDER_MUSK_URL,
        False,
    ),
    (
        date(2023, 3, 1),
        "outage",
        "Timelines fail to load for many users",
        "Home timelines stay empty or show errors for many users (details less certain).",
        "medium",
        UNDER_MUSK_URL,
        False,
    ),
    (
        date(2023, 3, 6),
        "outage",
        "API outage for several hours: broken links and images, TweetDeck down",
        'Twitter Support: "We made an internal change that had some unintended consequences."',
        "seed",
        UNDER_MUSK_URL,
        False,
    ),
    (
        date(2023, 3, 29),
        "api",
        "New API tiers: write-only free tier, Basic at $100 a month, Enterprise",
        "The paid tiers replace the free access that developers relied on.",
        "high",
        UNDER_MUSK_URL,
        True,
    ),
    (
        date(2023, 4, 20),
        "product",
        "Legacy verified checkmarks removed",
        "Checks earned under the old verification programme disappear.",
        "high",
        UNDER_MUSK_URL,
        False,
    ),
    (
        date(2023, 5, 12),
        "staff",
        "Linda Yaccarino named CEO",
        "Musk announces a new chief executive.",
        "high",
        UNDER_MUSK_URL,
        False,
    ),
    (
        date(2023, 6, 5),
        "staff",
        "Linda Yaccarino starts as CEO",
        "Her first day in the role (the exact day is less certain).",
        "medium",
        UNDER_MUSK_URL,
        False,
    ),
    (
        date(2023, 7, 1),
        "product",
        "Temporary daily limits on how many posts accounts can read",
        "At first 600 posts a day for unverified accounts.",
        "high",
        UNDER_MUSK_URL,
        False,
    ),
    (
        date(2023, 7, 3),
        "product",
        "TweetDeck to require a paid subscription within 30 days",
        "The professional client will be reserved for verified subscribers.",
        "high",
        UNDER_MUSK_URL,
        False,
    ),
    (
        date(2023, 7, 23),
        "business",
        "Rebrand to X announced",
        "The bird logo is replaced by an X the next day.",
        "high",
        UNDER_MUSK_URL,
        False,
    ),
)


def demo_events() -> list[Event]:
    """Every fact of the demo chronicle as an unsaved event (``id`` 0), oldest first."""
    return [
        Event(
            id=0,
            day=day,
            title=title,
            category=category,
            platform=PLATFORM,
            url=url,
            description=description,
            is_change=is_change,
            confidence=confidence,
        )
        for day, category, title, description, confidence, url, is_change in FACTS
    ]


def demo_notes() -> list[tuple[str, str, str]]:
    """Example notes as ``(text, target_kind, target)``.

    ``target`` is the incident key for incidents, the event's *title* for events (its id is
    only known once saved: :func:`load_demo` looks it up), and ``''`` for a standalone note.
    """
    march6_key = f"{HISTORY_SOURCE_ID}:{MARCH_6_EXTERNAL_ID}"
    return [
        (
            "# 6 March: the API goes down\n\n"
            "Links in tweets led to an error page all evening (European time); TweetDeck "
            "unusable; images did not load. Support blamed *an internal change that had some "
            "unintended consequences*.\n\n#outage #api #article",
            "incident",
            march6_key,
        ),
        (
            "Second big outage in a week, a month after free API access was cut. Check whether "
            "the change freeze claims hold. #outage #followup",
            "incident",
            march6_key,
        ),
        (
            "# The takeover\n\nUse this as the *before/after* line for the stats: compare 90 "
            "days on each side. Half the staff gone a week later. #acquisition #staff",
            "event",
            ACQUISITION_TITLE,
        ),
        (
            "# Article outline\n\n1. The fail whale is back (6 March)\n2. The buyout and the "
            "layoffs\n3. The API as a business\n4. What the numbers say #article #draft",
            "",
            "",
        ),
    ]


def history_source() -> Source:
    return Source(
        id=HISTORY_SOURCE_ID,
        url="https://api.twitterstat.us",
        kind="statuspage",
        platform=PLATFORM,
        paused=True,
        name="X/Twitter API status (demo history)",
    )


def replay_source(now: datetime) -> Source:
    return Source(
        id="demo-replay",
        url=replay.REPLAY_URL,
        kind=replay.KIND_NAME,
        platform=PLATFORM,
        every=replay.REPLAY_INTERVAL_SECONDS,
        name="Live replay",
        created_at=now,
    )


def probe_source(now: datetime) -> Source:
    """The demo's probe of X's API: paused (the demo fetches nothing), the replay plays it."""
    return Source(
        id=replay.PROBE_SOURCE_ID,
        url=replay.PROBE_URL,
        kind="probe",
        platform=PLATFORM,
        paused=True,
        name="X API probe (demo: the replay plays it)",
        created_at=now,
    )


def load_demo(store: Store, now: datetime | None = None) -> None:
    """Fill an (empty) store with the demo: platform, sources, events, incidents, notes.

    ``now`` starts the live replay's clock (default: the current time).
    """
    now = now or utcnow()
    store.save_platform(
        Platform(PLATFORM, "Twitter, renamed X in July 2023: the demo's platform in turmoil")
    )
    store.save_source(history_source())
    store.save_source(replay_source(now))
    store.save_source(probe_source(now))
    store.configuration.save_control_url(CONTROL_URL)
    saved = store.add_events(demo_events())
    store.bulk_load_incidents(demo_incidents(HISTORY_SOURCE_ID))
    event_ids = {event.title: event.id for event in saved}
    for text, kind, target in demo_notes():
        target_id = str(event_ids[target]) if kind == "event" else target
        store.add_note(text, kind, target_id, created_at=at(2023, 3, 8, 9, 0))


def make_demo_store() -> Path:
    """A fresh store in a temporary directory, filled with the bundled dataset.

    Returns the temporary directory (the store is its ``store`` folder); whoever made it
    removes it when done: the demo never touches the user's own store.
    """
    root = Path(tempfile.mkdtemp(prefix="whalewatch-demo-"))
    load_demo(Store.open(root / "store"))
    return root
