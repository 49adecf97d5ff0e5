"""Alert settings: the destinations (targets) and the dashboard's own rules, in the user config.

Alerts belong to the person, like the theme (see :mod:`tui.settings`): the file sits beside
``settings.json`` in the platform's user config directory, and ``$WHALEWATCH_CONFIG`` (the
settings file's path) moves both. Target URLs hold secrets (tokens in Apprise URLs), so the
file is written 0600 in a 0700 directory, shown only through :func:`~tui.alerts.redact.mask_url`,
and kept out of the store, so no export or backup carries it.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from ..domain import parse_iso, to_iso
from ..settings import settings_path
from ..store.atomic import FILE_MODE, atomic_write_bytes
from .redact import mask_url
from .rules import AlertRules

ALERTS_FILE = "alerts.json"
CONFIG_VERSION = 1

TERMINAL_MODES = ("auto", "osc9", "osc777", "osc99", "bell", "off")
"""How the dashboard notifies: chosen from the terminal (``auto``), forced, or not at all."""

TargetKind = Literal["webhook", "apprise", "exec"]
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")


class AlertConfigError(Exception):
    """The alert file cannot be read or written; the message says why in one line."""


@dataclass(frozen=True)
class Target:
    """Where alerts go: a webhook or Apprise URL, or a command (``command``, an argv)."""

    id: str
    url: str = ""
    command: tuple[str, ...] = ()
    rules: AlertRules = field(default_factory=AlertRules)
    created_at: datetime | None = None

    @property
    def kind(self) -> TargetKind:
        if self.command:
            return "exec"
        scheme = self.url.partition(":")[0].lower()
        return "webhook" if scheme in ("http", "https") else "apprise"

    @property
    def shown(self) -> str:
        """What to print: the URL with its secrets masked, or the command's program."""
        if self.command:
            rest = " …" if len(self.command) > 1 else ""
            return f"exec {self.command[0]}{rest}"
        return mask_url(self.url)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "command": list(self.command),
            "rules": self.rules.to_dict(),
            "created_at": to_iso(self.created_at),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Target:
        return cls(
            id=str(data["id"]),
            url=str(data.get("url", "")),
            command=tuple(str(part) for part in data.get("command") or ()),
            rules=AlertRules.from_dict(data.get("rules") or {}),
            created_at=parse_iso(data.get("created_at")),
        )


@dataclass(frozen=True)
class AlertConfig:
    """The whole alert file: the dashboard's rules and terminal mode, and the targets."""

    rules: AlertRules = field(default_factory=AlertRules)
    terminal: str = "auto"
    targets: tuple[Target, ...] = ()

    def target(self, target_id: str) -> Target | None:
        return next((t for t in self.targets if t.id == target_id), None)

    def with_target(self, target: Target) -> AlertConfig:
        """A copy with ``target`` added (given the next free ``nN`` id when it has none)."""
        if not target.id:
            target = replace(target, id=self.next_id())
        elif not _ID.fullmatch(target.id):
            raise ValueError(f"a target id is letters, digits, - and _ (got {target.id!r})")
        if self.target(target.id) is not None:
            raise ValueError(f"there is already a target {target.id!r}")
        return replace(self, targets=(*self.targets, target))

    def without_target(self, target_id: str) -> AlertConfig:
        return replace(self, targets=tuple(t for t in self.targets if t.id != target_id))

    def next_id(self) -> str:
        taken = {t.id for t in self.targets}
        number = len(self.targets) + 1
        while f"n{number}" in taken:
            number += 1
        return f"n{number}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": CONFIG_VERSION,
            "rules": self.rules.to_dict(),
            "terminal": self.terminal,
            "targets": [target.to_dict() for target in self.targets],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AlertConfig:
        terminal = str(data.get("terminal") or "auto")
        return cls(
            rules=AlertRules.from_dict(data.get("rules") or {}),
            terminal=terminal if terminal in TERMINAL_MODES else "auto",
            targets=tuple(Target.from_dict(item) for item in data.get("targets") or ()),
        )


def alerts_path() -> Path:
    """``alerts.json`` beside the settings file (``$WHALEWATCH_CONFIG`` may name a directory)."""
    settings = settings_path()
    if settings.is_dir():
        return settings / ALERTS_FILE
    return settings.with_name(ALERTS_FILE)


def load_alert_config(path: Path | None = None) -> AlertConfig:
    """The saved alert settings; defaults when there is no file yet.

    A file that exists but cannot be read is an error (unlike the theme): silently dropping
    someone's alert targets would mean alerts they count on never arrive.
    """
    path = path or alerts_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return AlertConfig()
    except OSError as error:
        raise AlertConfigError(f"cannot read {path}: {error.strerror or error}") from error
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return AlertConfig.from_dict(data)
    except (ValueError, KeyError, TypeError) as error:
        raise AlertConfigError(f"{path} is damaged ({error}); fix or delete it") from error


def save_alert_config(config: AlertConfig, path: Path | None = None) -> Path:
    """Write the file atomically, 0600, in a 0700 directory (it holds tokens)."""
    path = path or alerts_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        payload = json.dumps(config.to_dict(), indent=2, ensure_ascii=False).encode()
        atomic_write_bytes(path, payload)
        os.chmod(path, FILE_MODE)
    except OSError as error:
        raise AlertConfigError(f"cannot write {path}: {error.strerror or error}") from error
    return path
