"""One sanitiser for every string that comes from the network.

Remote text ends up on a terminal. A status page that publishes ``ESC [ 2 J`` or a bidi
override must not be able to clear the screen or reorder what the user reads, and a title of
ten thousand combining marks must not wreck the layout. Every remote string goes through
:func:`clean_text` once, at ingestion, so everything downstream (store, UI, export) can trust
it. The function is idempotent, so cleaning twice is harmless.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

PLACEHOLDER = "\ufffd"
"""What a dangerous character becomes: visible, printable, and not a control itself."""

ELLIPSIS = "\u2026"
MAX_COMBINING = 4
MAX_URL_LENGTH = 2048

_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
_NEWLINES = re.compile("\r\n?")


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


def _cap_combining(text: str) -> tuple[str, bool]:
    """Runs of combining marks cut to :data:`MAX_COMBINING`; also says whether any were cut."""
    if text.isascii():
        return text, False
    out: list[str] = []
    run = 0
    dropped = False
    for char in text:
        if char < "\u0300":
            run = 0
        elif _is_mark(char):
            run += 1
            if run > MAX_COMBINING:
                dropped = True
                continue
        else:
            run = 0
        out.append(char)
    return ("".join(out), True) if dropped else (text, False)


def _clean_once(text: str) -> tuple[str, bool]:
    text = _SURROGATES.sub(PLACEHOLDER, text)
    text = _NEWLINES.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    text = _CONTROLS.sub(PLACEHOLDER, text)
    return _cap_combining(text)


def clean_text(text: str, limit: int = 4000) -> str:
    """Remote text made safe to store and show: no terminal controls, bounded size.

    Lone surrogates and control, C1 and bidi/format characters become ``U+FFFD``; line
    breaks become ``\\n``; runs of combining marks are cut to four; text longer than
    ``limit`` is cut with an ellipsis. ``clean_text(clean_text(x)) == clean_text(x)``.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if text.isascii() and text.isprintable():
        # Nothing to replace, normalise or cap (the common case, and the timeline redraws
        # every title of a page through here): only the length limit applies.
        if len(text) <= limit:
            return text
        limit = max(1, limit)
        return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS
    limit = max(1, limit)
    cleaned, dropped = _clean_once(text)
    # Dropping marks can, in rare scripts, leave text that NFC composes further: settle it.
    for _ in range(3):
        if not dropped:
            break
        again, dropped = _clean_once(cleaned)
        if again == cleaned:
            break
        cleaned = again
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + ELLIPSIS
    return cleaned


_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_MANY_BREAKS = re.compile(r"\n{3,}")


NO_LIMIT = 1 << 30
"""A ``limit`` for text that must never be cut (an export of a long note)."""


def clean_line(text: object, limit: int = NO_LIMIT) -> str:
    """Sanitised single-line text: line breaks, tabs and runs of spaces become one space.

    The one rule for a title, a cell or a list row, whether it is drawn in a widget or
    written to an export (which passes no ``limit``: nothing is cut there).
    """
    return " ".join(clean_text(str(text or ""), limit=limit).split())


def clean_multiline(text: object) -> str:
    """Sanitised text that keeps its line breaks (notes are Markdown); nothing is cut.

    What a note or an event's description is stored and exported as (:mod:`tui.export`).
    """
    value = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = value.split("\n")
    return "\n".join(clean_text(line, limit=NO_LIMIT).replace("\n", " ") for line in lines)


def url_credentials(url: str) -> bool:
    """True when ``url`` carries a user name or password (``https://user:pw@host/``)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.username is not None or parts.password is not None


def normalized_url(url: str) -> str:
    """One spelling for one address, so that the same page is not watched twice.

    The scheme and host are lower-cased, a default port and the fragment (never sent to the
    server) are dropped, and so are spellings of one path (:func:`_plain_path`). Query and path
    case are kept as written: a server may tell ``/A`` from
    ``/a`` (compare with a trailing ``/`` stripped to treat ``/api/`` as ``/api``). An unsafe URL (see :func:`safe_url`) comes back as is.
    """
    if not safe_url(url):
        return url
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")  # "example.org." is "example.org"
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    default = {"http": 80, "https": 443}[scheme]
    netloc = host if port in (None, default) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, _plain_path(parts.path), parts.query, ""))


_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


def _plain_path(path: str) -> str:
    """``path`` with what RFC 3986 (6.2.2) calls equivalent made one: an escaped letter,
    digit or ``-._~`` unescaped, other escapes in capitals, ``.`` and ``..`` segments removed.
    """

    def unescape(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char.isascii() and (char.isalnum() or char in "-._~") else match[0].upper()

    path = _ESCAPE.sub(unescape, path)
    segments = path.split("/")
    if not path.startswith("/") or not {".", ".."} & set(segments):
        return path
    kept: list[str] = []
    for segment in segments[1:]:
        if segment == "..":
            kept = kept[:-1]
        elif segment != ".":
            kept.append(segment)
    return "/" + "/".join(kept) + ("/" if segments[-1] in (".", "..") and kept else "")


def counted(count: int, noun: str, plural: str = "") -> str:
    """``1 incident``, ``3 incidents``, ``0 notes``: a count with its noun agreeing."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def html_to_text(markup: str, limit: int = 4000) -> str:
    """Readable plain text from an HTML fragment, cleaned; paragraph breaks survive.

    The conversion is :mod:`.html_text`'s (a real HTML-to-text library: lists as lines, links
    as text and URL); entities are decoded *before* :func:`clean_text` runs, since ``&#27;`` is
    an ESC too, and the result is cleaned like any other remote text.
    """
    # lxml and inscriptis load with the first HTML to read, not with every start (~17 ms).
    from .html_text import markup_to_text

    if not isinstance(markup, str):
        markup = "" if markup is None else str(markup)
    text = _NEWLINES.sub("\n", markup_to_text(markup, safe_url))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _MANY_BREAKS.sub("\n\n", "\n".join(lines)).strip()
    return clean_text(text, limit)


_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


def text_from_markup(value: object, limit: int = 4000) -> str:
    """Remote text that may be HTML (a Statuspage body, a feed title), as cleaned text.

    With a tag in it, it is HTML, read by :func:`html_to_text` — its line breaks kept, as the
    page shows them; without one it is text whose entities (``&#38;``) are decoded. Either way
    ``< 2% of runs`` stays as written.
    """
    if not isinstance(value, str):
        return ""
    if "<" not in value and "&" not in value:  # no tag, no entity: plain text (most are)
        return clean_text(value, limit)
    import html  # its table of entities is the biggest part of importing this module

    if _HTML_TAG.search(value):
        return html_to_text(_NEWLINES.sub("\n", value).replace("\n", "<br>"), limit)
    return clean_text(html.unescape(value), limit)


_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?:[/?#][!-~]*)?")
"""The common shape of a link, which :func:`_checked_url` would return unchanged: printable
ASCII without spaces (so no control, format or separator character), a lower-case http(s)
scheme and a host of letters, digits, dots and hyphens (no user, no port, no brackets, so
nothing for ``urlsplit`` to refuse)."""


def safe_url(url: str) -> str:
    """``url`` if it is a plain http(s) URL with a host, else ``''``.

    Refuses ``javascript:``, ``file:`` and friends, a port that is not one (``:99999``), and any
    URL carrying whitespace or control characters (which could smuggle escape sequences into a
    terminal hyperlink). A link of the common shape (:data:`_PLAIN_URL`) is known good by one
    match; a poll reads thousands (every incident's shortlink).
    """
    if not isinstance(url, str):
        return ""
    url = url.strip()
    if not url or len(url) > MAX_URL_LENGTH:
        return ""
    if _PLAIN_URL.fullmatch(url):
        return url
    return _checked_url(url)


def _checked_url(url: str) -> str:
    """:func:`safe_url`'s rules, character by character and through ``urlsplit``."""
    for char in url:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            return ""
    try:
        parts = urlsplit(url)
        if parts.port == 0:  # raises for a port out of range or not a number; 0 is none either
            return ""
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return url
