"""The dashboard's side of alerts, driven with Pilot: the demo's replay, toasts, the palette's
settings and failing targets on the Sources screen (the bytes on a real terminal are
tests/alerts/test_dashboard_pty.py's)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

import tui.app
from tests.app.conftest import wait_for
from tui.alerts.alert import Alert
from tui.alerts.config import AlertConfig, Target, load_alert_config, save_alert_config
from tui.alerts.ledger import Ledger
from tui.app import WhalewatchApp
from tui.commands import palette_commands
from tui.demo.dataset import load_demo
from tui.demo.replay import TITLE
from tui.domain import SourceHealth, utcnow
from tui.messages import AlertsRaised
from tui.store import Store

from .conftest import T0, WebhookServer

SECRET_HOOK = "https://hooks.example/services/T0123/B0456/xoxSECRETtoken999"


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WHALEWATCH_CONFIG", str(tmp_path / "config" / "settings.json"))
    return tmp_path / "config"


def toasts(app: WhalewatchApp) -> list[tuple[str, str]]:
    return [(n.title, n.message) for n in app._notifications]


async def test_the_demo_replay_raises_its_outage_and_resolution_and_pushes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, webhook: WebhookServer
) -> None:
    monkeypatch.setattr(tui.app, "POLL_TICK", 0.2)
    save_alert_config(AlertConfig(targets=(Target("n1", url=webhook.url("/hook")),)))
    store = Store.open(tmp_path / "store")
    # The replay began 100 s ago (monitoring; resolved at 115 s) and was polled before, so
    # what it says now is news.
    now = utcnow()
    load_demo(store, now=now - timedelta(seconds=100))
    store.save_health([SourceHealth("demo-replay", last_poll=now, last_ok=now, next_poll=now)])
    app = WhalewatchApp(store, demo=True, poll=True)
    raised: list[Alert] = []
    shown = app.alerts.show
    app.alerts.show = lambda alerts, terminal: (raised.extend(alerts), shown(alerts, terminal))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        try:
            await wait_for(pilot, lambda: [a.kind for a in raised] == ["new", "resolved"], 2500)
            assert {a.title for a in raised} == {TITLE}
            assert ("Incident now resolved", TITLE) in toasts(app)
        finally:
            app._stop.set()
        await pilot.press("q")
    assert webhook.bodies("/hook") == []  # the demo's throwaway store sends to no target
    assert not Ledger(store.root).path.exists()


async def test_alerts_the_feed_does_not_toast_get_a_toast_of_their_own(tmp_path: Path) -> None:
    app = WhalewatchApp(Store.open(tmp_path / "store"), poll=False)
    failing = Alert("failing", "failing:s1:x", "GitHub status: HTTP 503", platform="GitHub")
    new = Alert("new", "new:s1:a", "API errors", platform="GitHub", impact="major")
    async with app.run_test(notifications=True) as pilot:
        app.post_message(AlertsRaised((failing, new)))
        await wait_for(pilot, lambda: bool(toasts(app)))
        await pilot.pause(0.2)
        assert toasts(app) == [("Source failing · GitHub", "GitHub status: HTTP 503")]


async def test_the_palette_changes_the_saved_alert_settings(tmp_path: Path) -> None:
    app = WhalewatchApp(Store.open(tmp_path / "store"), poll=False, terminal_alerts="bell")
    async with app.run_test(notifications=True) as pilot:
        titles = {command.title for command in palette_commands(app)}
        assert {"Alerts: terminal notifications", "Alerts: minimum impact"} <= titles
        assert "Alerts: new incidents" in titles
        app.alerts.cycle_terminal_mode()  # from the session's --bell to the next mode
        await wait_for(pilot, lambda: load_alert_config().terminal == "off")
        assert app.alerts.terminal is None  # the saved mode rules from now on
        app.alerts.toggle_kind("new")
        await wait_for(pilot, lambda: "new" not in load_alert_config().rules.kinds)
        app.alerts.cycle_min_impact()
        await wait_for(pilot, lambda: load_alert_config().rules.min_impact == "major")
        await pilot.pause(0.2)
        said = [message for _, message in toasts(app)]
        assert said == [
            "Terminal alerts: off",
            "New incidents: not alerted",
            "Incident alerts from impact major",
        ]


async def test_the_sources_screen_shows_a_failing_target_masked(tmp_path: Path) -> None:
    save_alert_config(AlertConfig(targets=(Target("n1", url=SECRET_HOOK),)))
    store = Store.open(tmp_path / "store")
    ledger = Ledger(store.root)
    alert = Alert("new", "new:s1:a", "API errors", platform="GitHub", impact="major")
    ledger.enqueue({"n1": [alert]}, T0)
    ledger.settle([], {"n1": "HTTP 500 Internal Server Error"}, now=T0)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("s")
        line = app.screen.query_one("#sources-alerts")
        await wait_for(pilot, lambda: line.display)
        text = str(line.render())
        assert "Alert target n1 (webhook https://hooks.example/services/***" in text
        assert "failing, once: HTTP 500 Internal Server Error" in text
        assert "1 queued" in text
        assert "SECRET" not in text


async def test_the_palette_limits_alerts_to_one_platform(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store")
    load_demo(store)
    app = WhalewatchApp(store, poll=False)
    async with app.run_test(notifications=True) as pilot:
        await wait_for(pilot, lambda: bool(app.snapshot.platform_names))
        titles = {command.title for command in palette_commands(app)}
        assert {"Alerts: every platform", "Alerts: only X/Twitter"} <= titles
        app.alerts.only_platform("X/Twitter")
        await wait_for(pilot, lambda: load_alert_config().rules.platforms == {"x/twitter"})
        app.alerts.only_platform("")
        await wait_for(pilot, lambda: not load_alert_config().rules.platforms)
