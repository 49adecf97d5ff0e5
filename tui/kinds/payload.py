"""Reading an untrusted JSON payload: every way it can be bad is a :class:`FeedError`.

Shared by every kind that reads a provider's JSON (Statuspage, incident.io, Instatus …). A
status page is a stranger on the internet: its document may not be UTF-8, may be nested a
thousand deep, may carry a list of a million incidents or a number where a name belongs. These
helpers turn each case into a clear reason for the source (never a traceback), cap what is
read, and clean every string on the way in.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from ..domain import parse_iso
from ..feeds.errors import FeedError
from ..text import clean_line, clean_text, safe_url, text_from_markup

MAX_ITEMS = 500
"""Items of one list read at most (a page's incidents, an incident's updates)."""
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def load_json(body: bytes | str) -> Any:
    """Decode a JSON payload, turning every way it can be bad into a :class:`FeedError`."""
    if isinstance(body, bytes):
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FeedError(f"not UTF-8 text (bad byte at offset {error.start})") from None
    else:
        text = body
    stripped = text.lstrip()
    if not stripped:
        raise FeedError("empty response (expected JSON)")
    if stripped[0] == "<":
        raise FeedError("got HTML or XML where JSON was expected")
    try:
        return json.loads(text)
    except RecursionError:
        raise FeedError("JSON nested too deeply") from None
    except json.JSONDecodeError as error:
        if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
            raise FeedError("truncated JSON (the response ended early)") from None
        raise FeedError(f"malformed JSON: {error.msg} at line {error.lineno}") from None
    except ValueError as error:  # e.g. integers beyond the digit limit
        raise FeedError(f"malformed JSON: {clean_text(str(error), 200)}") from None


def maybe_json(body: bytes) -> Any:
    """The decoded payload, or ``None`` when it is not JSON (for recognising a kind)."""
    try:
        return load_json(body)
    except FeedError:
        return None


def as_object(value: Any, what: str) -> dict[str, Any]:
    """``value`` if it is a JSON object, else a :class:`FeedError` naming ``what``."""
    if not isinstance(value, dict):
        raise FeedError(f"{what} is not a JSON object")
    return value


def as_list(value: Any, what: str, limit: int = MAX_ITEMS) -> list[Any]:
    """``value`` if it is a list (``None``: empty), cut to ``limit`` items."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise FeedError(f"{what} is not a list")
    return value[:limit]


def objects(value: Any, what: str, limit: int = MAX_ITEMS) -> list[dict[str, Any]]:
    """The JSON objects of a list (other items skipped: a list of names is no incident)."""
    return [item for item in as_list(value, what, limit) if isinstance(item, dict)]


def text(value: Any, limit: int = 300) -> str:
    """A string field, cleaned; numbers become text, anything else ``''``."""
    if isinstance(value, str):  # nearly every field: tested first
        return clean_text(value, limit)
    if isinstance(value, bool | int | float):
        return clean_text(str(value), limit)
    return ""


def line(value: Any, limit: int = 300) -> str:
    """A one-line field that may carry HTML or entities (a title), as plain text."""
    return clean_line(text_from_markup(value, limit)) if isinstance(value, str) else text(value)


def body(value: Any, limit: int = 4000) -> str:
    """An update's text, which may be HTML, as plain text with its line breaks."""
    return text_from_markup(value, limit) if isinstance(value, str) else ""


def word(value: Any, default: str = "") -> str:
    """A vocabulary word (status, impact): short, lower-case, cleaned."""
    cleaned = text(value, 40).strip().lower()
    return cleaned or default


def link(value: Any) -> str:
    """A URL field, kept only when it is a plain http(s) URL."""
    return safe_url(value) if isinstance(value, str) else ""


def moment(
    value: Any, what: str, required: bool = False, *, epoch: bool = False
) -> datetime | None:
    """An ISO 8601 time field, in range, as UTC; with ``epoch``, Unix seconds too (AWS)."""
    if value in (None, ""):
        if required:
            raise FeedError(f"{what} is missing")
        return None
    if isinstance(value, str) and epoch and value.isdigit() and len(value) <= 12:
        value = int(value)
    if epoch and isinstance(value, int | float) and not isinstance(value, bool):
        try:
            stamp = datetime.fromtimestamp(float(value), UTC)
        except (ValueError, OverflowError, OSError):
            raise FeedError(f"{what} is out of range: {value!r}") from None
        return _in_range(stamp, what, str(value))
    if not isinstance(value, str) or len(value) > 64:
        raise FeedError(f"{what} is not a timestamp")
    try:
        parsed = parse_iso(value)
    except (ValueError, OverflowError):
        raise FeedError(f"{what} is not a valid timestamp: {clean_text(value, 64)!r}") from None
    return _in_range(parsed, what, value)


def _in_range(stamp: datetime | None, what: str, raw: str) -> datetime | None:
    if stamp is None or not (EARLIEST <= stamp <= LATEST):
        raise FeedError(f"{what} is out of range: {clean_text(raw, 64)!r}")
    return stamp
