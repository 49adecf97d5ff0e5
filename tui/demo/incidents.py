"""The demo's incident history: the chronicle's three outages and the illustrative ones.

The 6 March 2023 API outage is told update by update as a status page would have; the
smaller incidents are invented (each says *Illustrative* in its first update) but shaped like
the real record, rare before the takeover and frequent after. Everything is deterministic.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..domain import Incident, IncidentUpdate

PLATFORM = "X/Twitter"
HISTORY_SOURCE_ID = "demo-history"
UNDER_MUSK_URL = "https://en.wikipedia.org/wiki/Twitter_under_Elon_Musk"
MARCH_6_EXTERNAL_ID = "2023-03-06-api"
ILLUSTRATIVE = "Illustrative"


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of the chronicle, in UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _seed_incidents(source_id: str) -> list[Incident]:
    """The three outages of the chronicle, told as a status page would have."""
    march6 = (
        IncidentUpdate(
            "investigating",
            "Some parts of Twitter may not be working as expected right now. We are "
            "investigating reports that links and images fail to load and that API requests "
            "return errors.",
            at(2023, 3, 6, 16, 25),
        ),
        IncidentUpdate(
            "identified",
            "We made an internal change that had some unintended consequences. We are "
            "rolling it back. TweetDeck and apps using the API are affected.",
            at(2023, 3, 6, 17, 40),
        ),
        IncidentUpdate(
            "monitoring",
            "The change has been rolled back. Links, images and the API are recovering; we "
            "are monitoring.",
            at(2023, 3, 6, 19, 50),
        ),
        IncidentUpdate(
            "resolved",
            "This incident has been resolved. Links, images, TweetDeck and the API work "
            "normally again.",
            at(2023, 3, 6, 21, 5),
        ),
    )
    february8 = (
        IncidentUpdate(
            "investigating",
            'Many accounts cannot post; they see an error saying they are "over the daily '
            'limit for sending Tweets".',
            at(2023, 2, 8, 21, 40),
        ),
        IncidentUpdate(
            "identified",
            "The posting limit is being applied in error. A fix is in progress.",
            at(2023, 2, 8, 22, 30),
        ),
        IncidentUpdate(
            "resolved",
            "Posting works again for everyone.",
            at(2023, 2, 9, 0, 45),
        ),
    )
    march1 = (
        IncidentUpdate(
            "investigating",
            "Home timelines fail to load for many users.",
            at(2023, 3, 1, 22, 50),
        ),
        IncidentUpdate(
            "resolved",
            "Timelines load normally again.",
            at(2023, 3, 2, 0, 20),
        ),
    )
    return [
        Incident(
            source_id=source_id,
            external_id="2023-02-08-posting",
            title='Users cannot post: "over the daily limit" error',
            status="resolved",
            impact="major",
            started_at=february8[0].at,
            platform=PLATFORM,
            resolved_at=february8[-1].at,
            url=UNDER_MUSK_URL,
            components=("Posting",),
            updates=february8,
        ),
        Incident(
            source_id=source_id,
            external_id="2023-03-01-timelines",
            title="Timelines fail to load",
            status="resolved",
            impact="major",
            started_at=march1[0].at,
            platform=PLATFORM,
            resolved_at=march1[-1].at,
            url=UNDER_MUSK_URL,
            components=("Timelines",),
            updates=march1,
        ),
        Incident(
            source_id=source_id,
            external_id=MARCH_6_EXTERNAL_ID,
            title="API outage: links and images broken, TweetDeck down",
            status="resolved",
            impact="critical",
            started_at=march6[0].at,
            platform=PLATFORM,
            resolved_at=march6[-1].at,
            url=UNDER_MUSK_URL,
            components=("API", "Media", "Link shortener (t.co)", "TweetDeck"),
            updates=march6,
        ),
    ]


# Invented incidents: (start, minutes, impact, component, what users saw)
ILLUSTRATIVE_INCIDENTS: tuple[tuple[datetime, int, str, str, str], ...] = (
    (at(2022, 7, 14, 13, 10), 45, "minor", "Notifications", "Delayed notifications"),
    (at(2022, 8, 17, 9, 30), 35, "minor", "Search", "Search returns errors"),
    (at(2022, 9, 21, 15, 5), 50, "minor", "Media", "Image uploads fail"),
    (at(2022, 10, 19, 11, 0), 30, "minor", "Direct Messages", "Direct Messages slow to send"),
    (at(2022, 11, 2, 18, 20), 70, "minor", "Timelines", "Timelines slow to refresh"),
    (at(2022, 11, 10, 14, 0), 95, "major", "Login", "Some users cannot log in"),
    (at(2022, 11, 18, 20, 15), 120, "major", "API", "Elevated API error rates"),
    (at(2022, 11, 26, 8, 40), 55, "minor", "Direct Messages", "Direct Messages fail to load"),
    (at(2022, 12, 3, 16, 10), 80, "minor", "Media", "Videos fail to play"),
    (at(2022, 12, 11, 22, 5), 110, "major", "Timelines", "Home timeline errors"),
    (at(2022, 12, 20, 10, 30), 65, "minor", "Notifications", "Notifications missing"),
    (at(2022, 12, 28, 21, 0), 150, "major", "Posting", "Posting fails intermittently"),
    (at(2023, 1, 9, 12, 45), 60, "minor", "Search", "Search results empty"),
    (at(2023, 1, 17, 17, 30), 90, "major", "API", "API requests time out"),
    (at(2023, 1, 24, 9, 15), 40, "minor", "Media", "Images load slowly"),
    (at(2023, 2, 15, 19, 0), 100, "major", "Timelines", "Timelines show errors"),
    (at(2023, 2, 24, 14, 20), 45, "minor", "Login", "Password resets delayed"),
    (at(2023, 3, 15, 8, 50), 70, "minor", "Notifications", "Notifications delayed"),
    (at(2023, 3, 24, 13, 35), 85, "major", "Direct Messages", "Direct Messages unavailable"),
    (at(2023, 4, 6, 18, 0), 55, "minor", "Search", "Search unavailable"),
    (at(2023, 4, 19, 11, 10), 75, "minor", "API", "Elevated API latency"),
    (at(2023, 5, 4, 20, 25), 60, "minor", "Media", "Video uploads fail"),
    (at(2023, 5, 22, 15, 40), 130, "major", "Timelines", "Timelines fail to load"),
    (at(2023, 6, 8, 9, 5), 50, "minor", "Login", "Two-factor codes delayed"),
    (at(2023, 6, 27, 16, 45), 95, "major", "API", "API errors for apps"),
    (at(2023, 7, 1, 14, 0), 240, "major", "Timelines", "Rate limit exceeded errors"),
    (at(2023, 7, 12, 10, 20), 45, "minor", "Notifications", "Notifications missing"),
)


def _illustrative_incidents(source_id: str) -> list[Incident]:
    items = []
    for start, minutes, impact, component, title in ILLUSTRATIVE_INCIDENTS:
        end = start + timedelta(minutes=minutes)
        updates = (
            IncidentUpdate(
                "investigating",
                f"{ILLUSTRATIVE} (invented for the demo): we are investigating reports "
                f"about {component}: {title.lower()}.",
                start,
            ),
            IncidentUpdate(
                "monitoring",
                "A fix has been applied and we are monitoring the results.",
                start + timedelta(minutes=minutes * 2 // 3),
            ),
            IncidentUpdate("resolved", "This incident has been resolved.", end),
        )
        items.append(
            Incident(
                source_id=source_id,
                external_id="illustrative-" + start.strftime("%Y%m%d-%H%M"),
                title=title,
                status="resolved",
                impact=impact,
                started_at=start,
                platform=PLATFORM,
                resolved_at=end,
                components=(component,),
                updates=updates,
            )
        )
    return items


def demo_incidents(source_id: str = HISTORY_SOURCE_ID) -> list[Incident]:
    """The demo's incident history, oldest first (the seed outages plus illustrative ones)."""
    items = _seed_incidents(source_id) + _illustrative_incidents(source_id)
    return sorted(items, key=lambda i: i.started_at)
