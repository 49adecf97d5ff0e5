"""Sending one alert to one target: a webhook, an Apprise URL, or a command.

* A plain ``http(s)://`` URL is a **webhook**: one JSON POST per alert, the body being
  :meth:`Alert.payload` (fields documented in :mod:`tui.alerts.alert`). Any 2xx is success.
  Loopback addresses are allowed (local relays, tests).
* Any other scheme goes to **Apprise** (``pip install -e ".[notify]"``), which speaks ntfy,
  Slack, Matrix, Discord, Telegram, e-mail and 100+ more with one URL syntax.
* An **exec** target runs a program (no shell; the command line is split with :mod:`shlex`)
  with the alert's JSON on standard input; a non-zero exit status or a timeout is a failure.

Every send returns ``""`` on success or one line saying why it failed, with the target's
secrets scrubbed out, so the ledger and ``notify list`` can keep and show it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shlex
import shutil
from typing import Any

import httpx

from ..feeds.http import describe_error, status_phrase
from ..text import clean_text, safe_url
from .alert import Alert
from .config import Target
from .redact import scrub

SEND_TIMEOUT = 10.0
ERROR_LIMIT = 300
NOTIFY_EXTRA_HINT = 'Apprise is not installed: pip install -e ".[notify]" (or pip install apprise)'


class TargetError(ValueError):
    """A target refused when it is added; the message is the reason."""


def _apprise() -> Any:
    """The Apprise module, or :class:`TargetError` naming the extra to install."""
    try:
        import apprise
    except ImportError as error:
        raise TargetError(NOTIFY_EXTRA_HINT) from error
    # Apprise's warnings are read from each call's result; without a handler of its own,
    # logging's last resort would print them over the dashboard.
    logger = logging.getLogger("apprise")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    return apprise


def check_url(url: str) -> str:
    """``url`` stripped, if whalewatch can send to it; else :class:`TargetError` with the reason."""
    url = (url or "").strip()
    if not url:
        raise TargetError("give a URL (or --exec COMMAND)")
    if any(char.isspace() or not char.isprintable() for char in url):
        raise TargetError("the URL contains spaces or control characters")
    scheme, colon, _rest = url.partition("://")
    if not colon or not scheme:
        raise TargetError(f"not a URL (expected SCHEME://…): {url[:60]!r}")
    if scheme.lower() in ("http", "https"):
        if not safe_url(url):
            raise TargetError("an http(s) URL needs a host name, e.g. https://example.com/hook")
        return url
    apprise = _apprise()
    if apprise.Apprise.instantiate(url) is None:
        raise TargetError(
            f"Apprise does not understand {scheme}:// URLs like this one "
            "(see https://github.com/caronc/apprise/wiki for the URL of each service)"
        )
    return url


def check_command(command: str) -> tuple[str, ...]:
    """An ``--exec`` command line as an argv whose program exists; else :class:`TargetError`."""
    try:
        argv = tuple(shlex.split(command or ""))
    except ValueError as error:
        raise TargetError(f"cannot split the command: {error}") from error
    if not argv:
        raise TargetError("the --exec command is empty")
    program = argv[0]
    if os.sep in program:
        if not (os.path.isfile(program) and os.access(program, os.X_OK)):
            raise TargetError(f"{program} is not an executable file")
    elif shutil.which(program) is None:
        raise TargetError(f"no program named {program!r} on the PATH")
    return argv


def _one_line(text: str, target: Target) -> str:
    text = " ".join(text.split())
    return clean_text(scrub(text, target.url) if target.url else text, ERROR_LIMIT)


async def send_webhook(
    client: httpx.AsyncClient, url: str, alert: Alert, timeout: float = SEND_TIMEOUT
) -> str:
    try:
        response = await client.post(
            url, json=alert.payload(), timeout=timeout, follow_redirects=False
        )
    except httpx.HTTPError as error:
        return describe_error(error)
    except (OSError, ValueError) as error:
        return f"network error: {error}"
    if 200 <= response.status_code < 300:
        return ""
    return status_phrase(response.status_code)


_NOTIFY_TYPES = {"resolved": "success", "failing": "failure", "test": "info"}


async def send_apprise(url: str, alert: Alert, timeout: float = SEND_TIMEOUT) -> str:
    try:
        apprise = _apprise()
    except TargetError as error:
        return str(error)
    sender = apprise.Apprise()
    if not sender.add(url):
        return "Apprise does not understand this URL"
    notify_type = _NOTIFY_TYPES.get(alert.kind, "warning")
    body = alert.body + (f"\n{alert.url}" if alert.url else "")
    try:
        async with asyncio.timeout(timeout):
            result = await sender.async_notify(
                body=body, title=alert.headline, notify_type=notify_type, timeout=timeout
            )
    except TimeoutError:
        return f"timed out after {timeout:g} s"
    if result:
        return ""
    reasons = [
        entry.message for entry in result.logs() if entry.level in ("WARNING", "ERROR", "CRITICAL")
    ]
    return reasons[-1] if reasons else "Apprise could not deliver the notification"


async def send_exec(argv: tuple[str, ...], alert: Alert, timeout: float = SEND_TIMEOUT) -> str:
    payload = json.dumps(alert.payload(), ensure_ascii=False).encode()
    try:
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
    except OSError as error:
        return f"cannot run {argv[0]}: {error.strerror or error}"
    try:
        async with asyncio.timeout(timeout):
            _out, err = await process.communicate(payload)
    except TimeoutError:
        process.kill()
        await process.wait()
        return f"{argv[0]} timed out after {timeout:g} s"
    except BaseException:
        if process.returncode is None:
            process.kill()
            await process.wait()
        raise
    if process.returncode == 0:
        return ""
    said = err.decode("utf-8", "replace").strip().splitlines()
    last = f": {said[-1]}" if said else ""
    return f"{argv[0]} exited with status {process.returncode}{last}"


async def send_alert(
    target: Target, alert: Alert, client: httpx.AsyncClient, timeout: float = SEND_TIMEOUT
) -> str:
    """Send ``alert`` to ``target``: ``""`` on success, else one clean line saying why not."""
    try:
        if target.kind == "exec":
            error = await send_exec(target.command, alert, timeout)
        elif target.kind == "webhook":
            error = await send_webhook(client, target.url, alert, timeout)
        else:
            error = await send_apprise(target.url, alert, timeout)
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # a bug or a plugin's surprise: this target only
        error = f"internal error: {type(exc).__name__}: {exc}"
    return _one_line(error, target) if error else ""
