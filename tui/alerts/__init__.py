"""Alerts: what is worth telling the user, and getting it to them exactly once.

No Textual here: the poller and the CLI use this package headless, and the dashboard only
writes the string :func:`~tui.alerts.terminal.notification_for` builds. Import the modules
themselves: this file re-exports nothing, so that the dashboard, which needs the rules and the
terminal sequences at start-up, does not load httpx and the poller with them.

* :mod:`.alert` — the :class:`Alert` value and its documented webhook payload
* :mod:`.rules` — from what a poll cycle changed to alerts; filters; coalescing bursts
* :mod:`.config` — targets and rules in the user config file (0600), shown masked
* :mod:`.redact` — URLs without their secrets
* :mod:`.targets` — sending to a webhook, an Apprise URL or a command
* :mod:`.ledger` — what was sent where, retries with backoff, across sessions
* :mod:`.status` — which targets are failing, in words, for the Sources screen
* :mod:`.delivery` — queue after a cycle, deliver within a deadline
* :mod:`.cycle` — one poll cycle and its alerts, as both poll loops run it
* :mod:`.terminal` — the OSC 9 / 777 / 99 or bell sequence for the dashboard
"""
