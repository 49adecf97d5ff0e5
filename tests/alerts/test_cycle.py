"""PollAlerts, the cycle both poll loops run: settings read again when their file changes, the
poll never held up by a target, problems said once, delivery left queued when stopped."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

import tui.domain.values
import tui.feeds.poller
from tui.alerts.config import AlertConfig, Target, save_alert_config
from tui.alerts.cycle import PollAlerts
from tui.alerts.ledger import Ledger
from tui.domain import Source
from tui.feeds.http import make_client
from tui.feeds.poller import Poller, PollReport
from tui.store import Store, StoreWriteError

from .conftest import WebhookServer, publish_statuspage, statuspage_incident

HOOK = "/hook"


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "alerts.json"


@pytest.fixture
def store(tmp_path: Path, webhook: WebhookServer) -> Store:
    store = Store.open(tmp_path / "store")
    store.save_source(Source(id="", url=webhook.url(""), kind="statuspage", platform="GitHub"))
    publish_statuspage(webhook, [])
    return store


def test_the_settings_are_read_again_when_the_file_changes(tmp_path, config_path):
    problems: list[str] = []
    alerting = PollAlerts(
        Store.open(tmp_path / "s"), config_path=config_path, on_problem=problems.append
    )
    assert alerting.config == AlertConfig()  # no file yet: the defaults
    save_alert_config(AlertConfig(terminal="bell"), config_path)
    assert alerting.config.terminal == "bell"
    config_path.write_text("{ damaged")
    os.utime(config_path, ns=(1, 1))
    assert alerting.config.terminal == "bell"  # the last good settings are kept
    assert alerting.config.terminal == "bell"
    assert len(problems) == 1 and "damaged" in problems[0]  # said once, not every cycle


async def test_a_cycle_returns_before_a_slow_target_answers(store, webhook, config_path):
    save_alert_config(AlertConfig(targets=(Target("n1", url=webhook.url(HOOK)),)), config_path)
    alerting = PollAlerts(store, config_path=config_path)
    webhook.delay[HOOK] = 1.5
    async with make_client() as client:
        await alerting.poll(client)  # history
        publish_statuspage(webhook, [statuspage_incident("fresh")])
        cycle = await alerting.poll(client, force=True)
        assert [a.kind for a in cycle.alerts] == ["new"]
        assert cycle.for_dashboard()[0].incident_id == "s1:fresh"
        assert webhook.bodies(HOOK) == []  # the cycle is over; the send is still on its way
        await alerting.finish()
    assert [b["incident_id"] for b in webhook.bodies(HOOK)] == ["s1:fresh"]


async def test_stopping_cancels_a_slow_delivery_and_the_alert_stays_queued(
    store, webhook, config_path
):
    save_alert_config(AlertConfig(targets=(Target("n1", url=webhook.url(HOOK)),)), config_path)
    alerting = PollAlerts(store, config_path=config_path)
    webhook.delay[HOOK] = 3.0
    async with make_client() as client:
        await alerting.poll(client)
        publish_statuspage(webhook, [statuspage_incident("fresh")])
        await alerting.poll(client, force=True)
        await asyncio.sleep(0.2)
        await alerting.close(wait=0.1)
    assert alerting.delivery is not None and alerting.delivery.done()
    assert Ledger(store.root).state("n1").pending == 1  # sent after the next start


async def test_without_push_nothing_is_queued_but_the_dashboard_still_hears(
    store, webhook, config_path
):
    save_alert_config(AlertConfig(targets=(Target("n1", url=webhook.url(HOOK)),)), config_path)
    alerting = PollAlerts(store, push=False, config_path=config_path)
    async with make_client() as client:
        await alerting.poll(client)
        publish_statuspage(webhook, [statuspage_incident("fresh")])
        cycle = await alerting.poll(client, force=True)
    assert [a.kind for a in cycle.for_dashboard()] == ["new"]
    assert alerting.delivery is None and not Ledger(store.root).path.exists()


async def test_a_ledger_that_cannot_be_written_is_said_and_polling_goes_on(
    store, webhook, config_path, monkeypatch
):
    save_alert_config(AlertConfig(targets=(Target("n1", url=webhook.url(HOOK)),)), config_path)
    problems: list[str] = []
    alerting = PollAlerts(store, config_path=config_path, on_problem=problems.append)

    def full_disk(*args, **kwargs):
        raise StoreWriteError("alerts-ledger.json: No space left on device")

    monkeypatch.setattr(alerting.ledger, "enqueue", full_disk)
    async with make_client() as client:
        await alerting.poll(client)
        publish_statuspage(webhook, [statuspage_incident("fresh")])
        cycle = await alerting.poll(client, force=True)
        await alerting.finish()
    assert cycle.report.all_ok and [a.kind for a in cycle.alerts] == ["new"]
    assert problems == ["alerts not queued: alerts-ledger.json: No space left on device"]


async def test_the_poll_loop_runs_the_alerting_cycle(tmp_path, webhook, config_path, monkeypatch):
    """``whalewatch poll``'s loop (``Poller``) with ``run_cycle``: what its cycles find is sent."""
    monkeypatch.setattr(tui.domain.values, "MIN_INTERVAL_SECONDS", 1)
    monkeypatch.setattr(tui.feeds.poller, "JITTER", 0.0)
    store = Store.open(tmp_path / "store")
    store.save_source(
        Source(id="", url=webhook.url(""), kind="statuspage", platform="GitHub", every=1)
    )
    publish_statuspage(webhook, [statuspage_incident("old")])
    save_alert_config(AlertConfig(targets=(Target("n1", url=webhook.url(HOOK)),)), config_path)
    alerting = PollAlerts(store, config_path=config_path)
    stop = asyncio.Event()
    reports: list[PollReport] = []

    def on_report(report: PollReport) -> None:
        reports.append(report)
        publish_statuspage(webhook, [statuspage_incident("old"), statuspage_incident("fresh")])
        if any(incident.external_id == "fresh" for incident in report.merge.new):
            stop.set()

    async with make_client() as client:
        poller = Poller(store, client, on_report, idle_cap=0.2, run_cycle=alerting.poll_report)
        await asyncio.wait_for(poller.run(stop), timeout=30)
        await alerting.finish()
    assert [b["incident_id"] for b in webhook.bodies(HOOK)] == ["s1:fresh"]
