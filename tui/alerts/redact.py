"""Notification URLs shown without their secrets.

Apprise URLs carry tokens in every part (``tgram://BOTTOKEN/CHAT``, ``slack://T/B/X``,
``json://user:pass@host?token=…``), and webhook URLs hide theirs in the path. Rather than know
every service, :func:`mask_url` keeps only what is plainly a name: the scheme, a domain or an
address, a user name, and path segments that are short words without digits. Everything else
(passwords, token-looking segments, every query value) becomes ``***``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MASK = "***"

_WORD = re.compile(r"[A-Za-z][A-Za-z_-]{0,19}")
_HOST = re.compile(r"(?:[A-Za-z0-9-]+\.)+[A-Za-z0-9-]+|localhost|\[[0-9A-Fa-f:.]+\]")
_HOSTPORT = re.compile(r"(?P<host>\[[^\]]*\]|[^:]+)(?::\d{1,5})?")


def _segment(text: str) -> str:
    return text if not text or _WORD.fullmatch(text) else MASK


def _host(hostport: str) -> str:
    match = _HOSTPORT.fullmatch(hostport)
    if match and _HOST.fullmatch(match["host"]):
        return hostport
    return _segment(hostport)


def mask_url(url: str) -> str:
    """``url`` with its secret-looking parts replaced by ``***`` (never raises)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return MASK
    if not parts.scheme:
        return MASK
    userinfo, at, hostport = parts.netloc.rpartition("@")
    shown = ""
    if at:
        user, colon, _password = userinfo.partition(":")
        shown = f"{_segment(user)}{':' + MASK if colon else ''}@"
    shown += _host(hostport)
    path = "/".join(_segment(piece) for piece in parts.path.split("/"))
    text = f"{parts.scheme}://{shown}{path}"
    if parts.query:
        pairs = []
        for pair in parts.query.split("&"):
            name, equals, _value = pair.partition("=")
            pairs.append(f"{_segment(name)}={MASK}" if equals else _segment(name))
        text += "?" + "&".join(pairs)
    if parts.fragment:
        text += "#" + _segment(parts.fragment)
    return text


def secret_parts(url: str) -> list[str]:
    """The pieces of ``url`` that :func:`mask_url` hides, longest first (to scrub messages)."""
    masked = mask_url(url)
    pieces = set(re.split(r"[/:@?&=#]+", url)) - set(re.split(r"[/:@?&=#]+", masked))
    return sorted((piece for piece in pieces if len(piece) >= 3), key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """``text`` (an error message) with every secret part of ``url`` replaced by ``***``."""
    for piece in secret_parts(url):
        text = text.replace(piece, MASK)
    return text
