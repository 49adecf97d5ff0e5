"""HTML to plain text through a real HTML parser (lxml) and layout engine (inscriptis).

Status pages write their update bodies in HTML: Statuspage's own bodies before 2019 are
``<ul><li><strong>…`` lists, newer ones use ``<br />``, feeds wrap every update in ``<p>``.
A hand-written tag stripper gets lists, tables and entities subtly wrong; inscriptis lays the
document out the way a text browser would (a list item a line, a paragraph a blank line).

This module only converts: :func:`tui.text.html_to_text` cleans what it returns (controls,
length) like every other remote string. Links are kept as ``text (URL)`` when the URL is one
the caller accepts (``keep_url``, in practice :func:`tui.text.safe_url`), so a
``javascript:`` link never reaches the screen as a URL.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from inscriptis import Inscriptis
from inscriptis.css_profiles import STRICT_CSS_PROFILE
from inscriptis.html_properties import Display
from inscriptis.model.config import ParserConfig
from inscriptis.model.html_element import HtmlElement
from lxml.etree import LxmlError, ParserError
from lxml.html import document_fromstring

MAX_MARKUP = 512 * 1024
"""Characters of markup parsed at most; an update body is a few KiB, the rest is noise."""

_BLOCKS = ("div", "section", "article", "header", "footer", "blockquote", "table", "tr")
_CSS = {
    **STRICT_CSS_PROFILE,
    # A paragraph break after every block, as the page shows them (strict: a line break).
    **{tag: HtmlElement(display=Display.block, margin_before=1, margin_after=1) for tag in _BLOCKS},
}
_CONFIG = ParserConfig(css=_CSS, display_links=False)
_SURROGATES = re.compile("[\ud800-\udfff]")
_XML_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TAGS = re.compile(r"<[^>]*>")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX][0-9a-fA-F]{1,8}|[0-9]{1,10});?")
_MARKUP_CHARS = frozenset("<>&")


def _numeric_reference(match: re.Match[str]) -> str:
    """A numeric reference decoded as HTML5 says (``&#27;`` is nothing, ``&#150;`` a dash).

    libxml2 would decode ``&#27;`` to an ESC and ``&#150;`` to a C1 control; the markup
    characters stay references, for the parser to read as text.
    """
    char = html.unescape(match[0])
    return match[0] if char in _MARKUP_CHARS else char


def _with_link_targets(tree: Any, keep_url: Callable[[str], str]) -> None:
    """Write each link's accepted URL after its text: ``status page (https://…)``."""
    for link in tree.iter("a"):
        href = keep_url(link.get("href") or "")
        text = link.text_content().strip()
        if href and href != text:
            link.tail = f" ({href})" + (link.tail or "")


def markup_to_text(markup: str, keep_url: Callable[[str], str]) -> str:
    """The text of an HTML fragment, laid out; ``''`` for an empty one. Never raises.

    Surrogates and the control characters libxml2 refuses are replaced before parsing (the
    caller's cleaning turns what is left into visible placeholders).
    """
    markup = _SURROGATES.sub("\ufffd", markup[:MAX_MARKUP])
    markup = _XML_CONTROLS.sub("\ufffd", _XML_DECLARATION.sub("", markup, count=1))
    markup = _NUMERIC_REFERENCE.sub(_numeric_reference, markup)
    if not markup.strip():
        return ""
    if "<" not in markup and "&" not in markup:
        return markup  # plain text: nothing to lay out
    try:
        try:
            tree = document_fromstring(markup)
        except ParserError:  # text libxml2 sees no element in (e.g. a comment only)
            tree = document_fromstring("<pre>" + markup + "</pre>")
        _with_link_targets(tree, keep_url)
        text = str(Inscriptis(tree, _CONFIG).get_text())
        if text.strip() or not _TAGS.sub("", markup).strip():
            return text
        # libxml2 drops what lies deeper than it nests (hostile markup): keep the words.
        return _stripped(markup)
    except (LxmlError, ValueError, RecursionError):
        # Markup the parser cannot take at all: its text without the tags is still readable.
        return _stripped(markup)


def _stripped(markup: str) -> str:
    return html.unescape(_TAGS.sub(" ", markup))
