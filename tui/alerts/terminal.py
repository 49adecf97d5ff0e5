"""Desktop notifications through the terminal: the escape sequence for one alert.

A terminal that knows how turns an OSC sequence into a desktop notification, and since it is
only bytes on the terminal it works over SSH too. Terminals disagree on which sequence:

==========  ================================================  ===============================
protocol    sequence                                          read by
==========  ================================================  ===============================
``osc9``    ``ESC ] 9 ; text BEL``                            iTerm2, WezTerm, Ghostty
``osc777``  ``ESC ] 777 ; notify ; title ; body BEL``          foot, urxvt, VTE, Konsole, Windows
                                                              Terminal
``osc99``   ``ESC ] 99 ; i=…:d=0:p=title ; title ESC \\``      kitty
            then ``ESC ] 99 ; i=…:d=1:p=body ; body ESC \\``
``bell``    ``BEL``                                           everything else
==========  ================================================  ===============================

:func:`detect_protocol` chooses from the environment (``TERM_PROGRAM``, ``LC_TERMINAL``,
``KITTY_WINDOW_ID``, ``TERM``, ``VTE_VERSION``, ``KONSOLE_VERSION``, ``WT_SESSION``); the
setting may force one or turn notifications off. Inside tmux (``$TMUX``) the sequence is
wrapped in tmux's passthrough, ``ESC P tmux ; … ESC \\`` with every inner ESC doubled, which
tmux ≥ 3.3 forwards only with ``set -g allow-passthrough on``.

The text is remote text: every control and format character (ESC, BEL, C1, bidi overrides)
is removed, so are the sequences' separators (``;``), and the length is capped. OSC 9 text
never starts with a digit, which ConEmu and Windows Terminal would read as a command
(``9;4;…`` is a progress bar). Nothing here writes: the dashboard sends the string through
Textual's driver.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from typing import Literal

from .alert import Alert

Protocol = Literal["osc9", "osc777", "osc99", "bell", "off"]
PROTOCOLS: tuple[Protocol, ...] = ("osc9", "osc777", "osc99", "bell", "off")
_BY_NAME: dict[str, Protocol] = {name: name for name in PROTOCOLS}

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"
TITLE_LIMIT = 80
BODY_LIMIT = 240
APP_NAME = "whalewatch"

_OSC9_PROGRAMS = frozenset({"iterm.app", "wezterm", "ghostty"})
_OSC9_TERMS = ("xterm-ghostty", "wezterm")
_OSC777_TERMS = ("foot", "rxvt-unicode", "rxvt")
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_SPACES = re.compile(r"\s+")


def detect_protocol(env: Mapping[str, str] | None = None) -> Protocol:
    """The notification sequence this terminal reads, from its environment; ``bell`` if unsure.

    Inside tmux ``TERM_PROGRAM`` says ``tmux``; the outer terminal's own variables (inherited
    by the tmux server) still tell, and the caller wraps the result with :func:`tmux_wrap`.
    """
    env = os.environ if env is None else env
    program = env.get("TERM_PROGRAM", "").lower()
    term = env.get("TERM", "").lower()
    if env.get("KITTY_WINDOW_ID") or term == "xterm-kitty":
        return "osc99"
    if (
        program in _OSC9_PROGRAMS
        or env.get("LC_TERMINAL", "").lower() == "iterm2"
        or env.get("WEZTERM_EXECUTABLE")
        or env.get("GHOSTTY_RESOURCES_DIR")
        or term.startswith(_OSC9_TERMS)
    ):
        return "osc9"
    if (
        env.get("VTE_VERSION")
        or env.get("KONSOLE_VERSION")
        or env.get("WT_SESSION")  # Windows Terminal reads OSC 777 since 2026 (PR #20012)
        or term.startswith(_OSC777_TERMS)
    ):
        return "osc777"
    # Apple Terminal, VS Code, Alacritty and unknown terminals: the bell, which they turn
    # into a dock bounce, a taskbar flash or a sound.
    return "bell"


def in_tmux(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return bool(env.get("TMUX"))


def notification_text(text: str, limit: int) -> str:
    """Remote text made inert for an OSC payload: no controls, no ``;``, one line, capped."""
    kept = []
    for char in str(text):
        if char == ";":
            kept.append(",")
        elif char in "\t\n\r":
            kept.append(" ")
        elif unicodedata.category(char) not in _DROPPED_CATEGORIES:
            kept.append(char)
    clean = _SPACES.sub(" ", "".join(kept)).strip()
    if len(clean) > limit:
        clean = clean[: max(0, limit - 1)].rstrip() + "…"
    return clean


def _not_a_command(text: str) -> str:
    """OSC 9 text that no terminal reads as ``9;N;…`` (ConEmu's and Windows Terminal's)."""
    return f"{APP_NAME}: {text}" if text[:1].isdigit() else text


def _kitty_id(alert_key: str) -> str:
    """kitty's notification id: letters, digits, ``-``, ``_`` and ``.`` only."""
    ident = re.sub(r"[^A-Za-z0-9_.-]", "-", alert_key)[:60].strip("-")
    return ident or APP_NAME


_KITTY_URGENCY = {"critical": "2", "major": "1", "minor": "1"}


def sequence(protocol: Protocol, title: str, body: str, ident: str = "", urgency: str = "1") -> str:
    """The raw sequence for ``protocol`` (no tmux wrapping); ``""`` when notifications are off."""
    title = notification_text(title, TITLE_LIMIT)
    body = notification_text(body, BODY_LIMIT)
    if protocol == "off":
        return ""
    if protocol == "bell":
        return BEL
    if protocol == "osc9":
        text = f"{title}: {body}" if title and body else title or body
        return f"{ESC}]9;{_not_a_command(text)}{BEL}"
    if protocol == "osc777":
        return f"{ESC}]777;notify;{title or APP_NAME};{body}{BEL}"
    meta = f"i={_kitty_id(ident or APP_NAME)}"
    urgency = urgency if urgency in ("0", "1", "2") else "1"
    return (
        f"{ESC}]99;{meta}:d=0:u={urgency}:p=title;{title or APP_NAME}{ST}"
        f"{ESC}]99;{meta}:d=1:p=body;{body}{ST}"
    )


def tmux_wrap(data: str) -> str:
    """``data`` in tmux passthrough, for tmux to hand to the outer terminal unchanged."""
    if not data or ESC not in data:
        return data  # the bell is tmux's own business (it forwards or shows it)
    return f"{ESC}Ptmux;{data.replace(ESC, ESC + ESC)}{ST}"


def notification_for(
    alert: Alert, setting: str = "auto", env: Mapping[str, str] | None = None
) -> str:
    """What to write to the terminal for ``alert``: the sequence chosen by ``setting`` (a
    protocol name, ``auto`` to detect it, ``off`` for nothing), tmux-wrapped inside tmux."""
    protocol = _BY_NAME.get(setting) or detect_protocol(env)
    data = sequence(
        protocol,
        f"{APP_NAME} · {alert.headline}",
        alert.body,
        ident=alert.key,
        urgency=_KITTY_URGENCY.get(alert.impact, "1"),
    )
    return tmux_wrap(data) if in_tmux(env) else data
