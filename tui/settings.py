"""The user's interface preferences (the theme), kept apart from the store.

Preferences belong to the person, not to a store: a demo store, a ``--db`` store and the
default store all open in the theme the user chose last. The file lives in the platform's
user config directory (``$WHALEWATCH_CONFIG`` overrides it, for tests and odd setups).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import NamedTuple

from .store.atomic import atomic_write_bytes


class Settings(NamedTuple):
    theme: str = ""
    """The theme the user chose; empty until they choose one (see :func:`default_theme`).

    (The bell on new incidents became the alerts' terminal mode, in ``alerts.json``.)"""


DEFAULT_THEME = "whalewatch"
ANSI_THEME = "ansi-dark"


def default_theme(color_system: str | None) -> str:
    """The theme to start in until the user chooses one, for a terminal's colour depth.

    whalewatch's own theme is drawn in truecolor or 256 colours. A 16-colour terminal
    (TERM=xterm, TERM=linux) would get its shades rounded to the nearest of 16 colours,
    which turns muted text grey on grey; Textual's ANSI theme uses the terminal's own
    palette instead, chosen by the user to be readable.
    """
    return ANSI_THEME if color_system in ("standard", "windows") else DEFAULT_THEME


def terminal_color_system() -> str | None:
    """The colour depth the terminal advertises (TERM, COLORTERM), as Textual will see it."""
    import io

    from rich.console import Console

    forced = os.environ.get("TEXTUAL_COLOR_SYSTEM", "auto")  # Textual's own override
    if forced != "auto":
        return forced
    return Console(file=io.StringIO(), force_terminal=True, legacy_windows=False).color_system


def settings_path() -> Path:
    env = os.environ.get("WHALEWATCH_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("whalewatch", appauthor=False)) / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings; defaults when the file is missing or unreadable (never an error)."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    values = {}
    if isinstance(data.get("theme"), str):
        values["theme"] = data["theme"]
    assert set(values) <= set(Settings._fields)
    return Settings(**values)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    atomic_write_bytes(path, json.dumps(settings._asdict(), indent=2).encode())
