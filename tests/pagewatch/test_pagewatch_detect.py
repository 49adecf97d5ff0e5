"""The change-detection rules, one fetch at a time, with ``now`` handed in."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from tui.pagewatch.detect import (
    FetchOutcome,
    PageState,
    Verdict,
    detect_change,
)
from tui.pagewatch.extract import text_sha256

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def after_baseline(text: str = "Rule one.") -> PageState:
    return detect_change(PageState(), FetchOutcome.page(text), T0).state


def test_first_text_is_the_baseline_without_an_event() -> None:
    detection = detect_change(PageState(), FetchOutcome.page("Rule one."), T0)
    assert detection.verdict is Verdict.BASELINE and not detection.makes_event
    assert detection.keep_text == "Rule one."
    assert detection.state.digest == text_sha256("Rule one.") and detection.state.exists


def test_same_text_and_not_modified_are_unchanged() -> None:
    state = after_baseline()
    for outcome in (FetchOutcome.page("Rule one."), FetchOutcome.unmodified()):
        detection = detect_change(state, outcome, T0 + timedelta(minutes=5))
        assert detection.verdict is Verdict.UNCHANGED and detection.keep_text is None
        assert detection.state == state


def test_a_change_makes_an_event_with_its_diff() -> None:
    state = after_baseline()
    new = "Rule one.\nRule two."
    detection = detect_change(state, FetchOutcome.page(new), T0, old_text="Rule one.")
    assert detection.verdict is Verdict.CHANGED and detection.makes_event
    assert detection.title("X Rules") == "X Rules changed: 1 paragraph added"
    assert detection.keep_text == new and detection.state.digest == text_sha256(new)
    assert detection.state.last_change == T0


def test_a_change_without_the_old_text_is_still_detected() -> None:
    detection = detect_change(after_baseline(), FetchOutcome.page("Other."), T0)
    assert detection.verdict is Verdict.CHANGED and detection.diff is None
    assert detection.summary == "text changed (the previous version is not available)"


def test_removal_is_recorded_once_and_restoration_after() -> None:
    state = after_baseline()
    removed = detect_change(state, FetchOutcome.gone(410), T0)
    assert (
        removed.verdict is Verdict.REMOVED and removed.title("X Rules") == "X Rules: page removed"
    )
    still = detect_change(removed.state, FetchOutcome.gone(404), T0)
    assert still.verdict is Verdict.GONE and not still.makes_event
    back = detect_change(still.state, FetchOutcome.page("Rule one."), T0, old_text="Rule one.")
    assert back.verdict is Verdict.RESTORED and back.summary == "page restored"
    assert back.keep_text is None and back.state.exists and not back.state.removed


def test_restored_with_other_text_carries_the_diff() -> None:
    removed = detect_change(after_baseline(), FetchOutcome.gone(), T0).state
    back = detect_change(removed, FetchOutcome.page("Rule 1."), T0, old_text="Rule one.")
    assert back.verdict is Verdict.RESTORED and back.keep_text == "Rule 1."
    assert back.title("X Rules") == "X Rules: page restored, 1 paragraph changed"


def test_not_found_before_any_content_is_an_error() -> None:
    detection = detect_change(PageState(), FetchOutcome.gone(404), T0)
    assert detection.verdict is Verdict.FAILED and "does not exist" in detection.error


def test_failures_keep_the_state() -> None:
    state = after_baseline()
    detection = detect_change(state, FetchOutcome.failed("HTTP 503 Service Unavailable", 503), T0)
    assert detection.verdict is Verdict.FAILED and detection.state == state
    assert detection.error == "HTTP 503 Service Unavailable" and not detection.makes_event


def changes(times: list[int], start: PageState | None = None) -> list[Verdict]:
    state = start or after_baseline("v0")
    verdicts = []
    for index, minute in enumerate(times, start=1):
        detection = detect_change(
            state, FetchOutcome.page(f"v{index}"), T0 + timedelta(minutes=minute)
        )
        verdicts.append(detection.verdict)
        state = detection.state
    return verdicts


def test_third_change_within_an_hour_flags_the_page_noisy() -> None:
    assert changes([1, 2, 3, 4]) == [
        Verdict.CHANGED,
        Verdict.CHANGED,
        Verdict.NOISY,
        Verdict.NOISY,
    ]


def test_changes_spread_over_hours_are_not_noise() -> None:
    assert changes([0, 40, 100, 160]) == [Verdict.CHANGED] * 4


def test_noisy_flag_and_its_note() -> None:
    state = after_baseline("v0")
    for minute in (1, 2):
        state = detect_change(
            state, FetchOutcome.page(f"v{minute}"), T0 + timedelta(minutes=minute)
        ).state
    flagged = detect_change(state, FetchOutcome.page("v3"), T0 + timedelta(minutes=3))
    assert flagged.became_noisy and flagged.state.noisy_since == T0 + timedelta(minutes=3)
    assert flagged.note.startswith("noisy: 3 changes within an hour")
    assert flagged.keep_text == "v3"  # kept as a version, no event
    quiet = detect_change(flagged.state, FetchOutcome.page("v3"), T0 + timedelta(minutes=9))
    assert quiet.note == "noisy since 2026-12-01 09:03 UTC: changes kept without events"


def test_noise_ends_after_six_quiet_hours_or_a_rules_edit() -> None:
    state = after_baseline("v0")
    for minute in (1, 2, 3):
        state = detect_change(
            state, FetchOutcome.page(f"v{minute}"), T0 + timedelta(minutes=minute)
        ).state
    assert state.noisy
    later = detect_change(state, FetchOutcome.page("v4"), T0 + timedelta(hours=7))
    assert later.verdict is Verdict.CHANGED and not later.state.noisy
    assert not state.calm().noisy and state.calm().changes == ()


def test_state_round_trips_through_json_and_survives_junk() -> None:
    state = after_baseline()
    for minute in (1, 2, 3):
        state = detect_change(
            state, FetchOutcome.page(f"v{minute}"), T0 + timedelta(minutes=minute)
        ).state
    assert PageState.from_dict(json.loads(json.dumps(state.to_dict()))) == state
    assert PageState.from_dict(None) == PageState()
    junk = {"digest": 5, "exists": "yes", "changes": ["not a time", 3], "noisy_since": "x"}
    assert PageState.from_dict(junk) == PageState()
