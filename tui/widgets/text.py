"""The one door through which stored or remote text reaches a widget.

Every string that came from a feed, a probe or a file is sanitised again here (it was at
ingestion too) and wrapped in a :class:`~textual.content.Content`, which is never parsed as
markup: ``[@click=app.quit]`` stays literal text and ESC never reaches the terminal.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.content import Content

from ..text import ELLIPSIS, clean_text, safe_url
from ..text import clean_line as _clean_line


def clean_line(text: str, limit: int = 500) -> str:
    """Sanitised single-line text, cut at ``limit`` (a widget row has no room for more)."""
    return _clean_line(text, limit)


def fit_cells(text: str, cells: int) -> str:
    """``text`` whole when it fits in ``cells`` terminal cells, else cut with an ellipsis in
    its last cell (a wide character counts two): how a row too long for its room ends."""
    if cell_len(text) <= cells:
        return text
    return set_cell_size(text, max(0, cells - 1)) + ELLIPSIS


def safe_content(text: str, limit: int = 20000) -> Content:
    """Sanitised multi-line text as a Content that no markup parser will ever see."""
    return Content(clean_text(text, limit=limit))


def link_text(url: str) -> Content:
    """A URL shown as text; only http(s) URLs without controls are kept, others are refused."""
    safe = safe_url(url)
    if safe:
        return Content(safe)
    if url:
        return Content("(link not shown: not a plain http/https URL)")
    return Content("")


__all__ = ["clean_line", "fit_cells", "safe_content", "link_text", "safe_url"]
