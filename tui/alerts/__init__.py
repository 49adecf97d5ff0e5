"""Alerts: what is worth telling the user, and getting it to them exactly once.

No Textual here: the poller and the CLI use this package headless, and the dashboard only
writes the string :func:`~tui.alerts.terminal.notification_for` builds.

* :mod:`.alert` — the :class:`Alert` value and its documented webhook payload
* :mod:`.rules` — from what a poll cycle changed to alerts; filters; coalescing bursts
* :mod:`.config` — targets and rules in the user config file (0600), shown masked
* :mod:`.redact` — URLs without their secrets
* :mod:`.targets` — sending to a webhook, an Apprise URL or a command
* :mod:`.ledger` — what was sent where, retries with backoff, across sessions
* :mod:`.delivery` — queue after a cycle, deliver within a deadline
* :mod:`.terminal` — the OSC 9 / 777 / 99 or bell sequence for the dashboard
"""

from .alert import ALERT_KINDS, TEST_KIND, Alert
from .config import AlertConfig, AlertConfigError, Target, load_alert_config, save_alert_config
from .delivery import DeliveryReport, deliver_pending, queue_alerts, queue_cycle
from .ledger import Ledger, TargetState
from .rules import (
    AlertRules,
    CycleChanges,
    alerts_for_cycle,
    coalesce,
    for_destination,
    select,
)
from .terminal import notification_for

__all__ = [
    "ALERT_KINDS",
    "TEST_KIND",
    "Alert",
    "AlertConfig",
    "AlertConfigError",
    "AlertRules",
    "CycleChanges",
    "DeliveryReport",
    "Ledger",
    "Target",
    "TargetState",
    "alerts_for_cycle",
    "coalesce",
    "deliver_pending",
    "for_destination",
    "load_alert_config",
    "notification_for",
    "queue_alerts",
    "queue_cycle",
    "save_alert_config",
    "select",
]
