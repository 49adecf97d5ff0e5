"""The readable text of the part of a web page that matters, or a reason it cannot be had.

A watched page is compared as *text*, not markup: a site that renames a CSS class, reflows a
paragraph or swaps ``<div>`` for ``<section>`` has not changed its terms. So the body is
parsed with lxml (libxml2's HTML parser, lenient with broken markup and bounded in depth),
the ``remove`` selectors are cut out, the ``select`` selectors kept (CSS, translated to XPath
by cssselect), and the rest is laid out as text by inscriptis, which keeps the shape a reader
sees: headings and paragraphs on their own lines, list items as ``*`` lines, table rows as
``cell | cell`` lines. The text is then normalised (:func:`normalise_text`) so that only
changes of wording remain, and every line goes through :func:`tui.text.clean_text`.

lxml and inscriptis are imported on first use, not with this module: every start of the
command line and the dashboard reads the table of source kinds, which imports the page kind.

Anything that goes wrong — a PDF, a selector that matches nothing, markup nested a thousand
deep, bytes that are not in the declared charset — ends as :class:`PageError` with a reason
fit for the Sources screen, never another exception.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from ..text import clean_text

if TYPE_CHECKING:  # imported where used: every command line start reads the kinds' table
    from inscriptis.model.config import ParserConfig
    from lxml.cssselect import CSSSelector

MAX_TEXT_CHARS = 1_000_000
"""Page text longer than this is cut (at a line) with a closing note; a 5 MiB body fits."""

ALWAYS_REMOVED = ("script", "style", "noscript", "template", "[hidden]")
"""What a browser never shows as text, removed before the user's own ``remove`` selectors."""

PageKind = Literal["html", "text"]


class PageError(Exception):
    """The page cannot be turned into text; ``str(error)`` says why in plain words."""


@dataclass(frozen=True)
class PageRules:
    """What part of a page is watched: the source's ``--select``, ``--remove`` and ``--ignore``.

    ``select`` keeps only the elements matching any of its CSS selectors (each must match
    something); ``remove`` drops matching elements first (matching nothing is fine: noise
    comes and goes); ``ignore`` drops every text line a regular expression finds a match in,
    for timestamps, counters and nonces. ``show_links`` writes link targets after their text,
    so a link that starts pointing elsewhere counts as a change.
    """

    select: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    show_links: bool = False


def check_rules(rules: PageRules) -> None:
    """Raise :class:`PageError` for a selector or pattern that can never work (for ``source add``)."""
    for selector in (*rules.select, *rules.remove):
        _selector(selector)
    _ignore_patterns(rules.ignore)


def text_sha256(text: str) -> str:
    """The fingerprint of a version's text, the same in detection and on disk."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def page_text(
    body: bytes,
    content_type: str = "",
    rules: PageRules | None = None,
    *,
    max_chars: int = MAX_TEXT_CHARS,
) -> str:
    """The normalised, sanitised text of ``body`` under ``rules``.

    ``content_type`` is the whole header (``text/html; charset=iso-8859-1``): its charset is
    used to decode. HTML goes through the selectors; plain text (``text/*``, JSON) is only
    normalised, and refuses selectors. Anything else is refused, by the declared type and by
    the body's first bytes. A page whose text comes out empty is an error too, since an empty
    version would read as "everything removed".
    """
    rules = rules or PageRules()
    ignores = _ignore_patterns(rules.ignore)
    kind = body_kind(body, content_type)
    text = decode_body(body, content_type)
    if kind == "html":
        raw = _html_text(text, rules)
    else:
        if rules.select or rules.remove:
            raise PageError(
                f"selectors need an HTML page; this one is {media_type(content_type) or 'text'}"
            )
        raw = text
    lines = [line for line in normalise_text(raw).split("\n") if line]
    kept = [line for line in lines if not any(pattern.search(line) for pattern in ignores)]
    if not kept:
        if lines:
            raise PageError("every line of the page is matched by an --ignore pattern")
        raise PageError("the page has no text")
    return _cap("\n".join(kept), max_chars)


def normalise_text(text: str) -> str:
    """Text with only its wording left: NFC, sanitised, spaces collapsed, no blank lines.

    Runs of any whitespace become one space, each line is stripped, and empty lines are
    dropped, so that re-indenting, reflowing or re-spacing a page is not a change.
    """
    cleaned = clean_text(unicodedata.normalize("NFC", text), limit=len(text) + 1)
    lines = (_WHITESPACE.sub(" ", line).strip() for line in cleaned.split("\n"))
    return "\n".join(line for line in lines if line)


def html_fragment_text(markup: str, *, limit: int = 4000) -> str:
    """Readable text of a small HTML fragment (a feed entry's summary), normalised and cut."""
    if not markup.strip():
        return ""
    try:
        from inscriptis import Inscriptis

        tree = _parse_html(markup)
        text = Inscriptis(tree, _config(False)).get_text()
    except PageError:
        text = markup
    except Exception:  # inscriptis on odd trees: fall back to the markup's own words
        text = markup
    return clean_text(normalise_text(text), limit=limit)


def media_type(content_type: str) -> str:
    """``text/html`` from ``Text/HTML; charset=utf-8``."""
    return content_type.split(";", 1)[0].strip().lower()


def body_kind(body: bytes, content_type: str) -> PageKind:
    """``"html"`` or ``"text"``, or :class:`PageError` for a body that is neither.

    The declared type decides first; the body's first bytes are checked as well, so a PDF
    served as ``text/html`` is still refused, and a body with no type is sniffed.
    """
    declared = media_type(content_type)
    sniffed = sniff_binary(body)
    if sniffed:
        if declared in _HTML_TYPES or declared.startswith("text/"):
            raise PageError(f"the page is {sniffed}, though the server says {declared}")
        said = f" ({declared})" if declared else ""
        raise PageError(f"the page is {sniffed}{said}, not HTML or text")
    if declared in _HTML_TYPES:
        return "html"
    if declared.endswith("xml") or declared.endswith("+xml"):
        raise PageError(
            f"the page is an XML document ({declared}), not HTML or text; "
            "for an RSS, Atom or JSON feed use the changelog kind"
        )
    if declared.startswith("text/") or declared in _TEXT_TYPES or declared.endswith("+json"):
        return "text"
    if declared:
        raise PageError(f"the page is {declared}, not HTML or text")
    return "html" if _LOOKS_HTML.search(body[:2048].lower()) else "text"


def sniff_binary(body: bytes) -> str:
    """What a binary body is ("a PDF document"), or ``''`` when it may be text."""
    head = body[:2048]
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            return what
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "an image or media file"
    if head[4:8] == b"ftyp":
        return "a video or image file (MP4/HEIF)"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ""
    if b"\x00" in head:
        return "binary data"
    return ""


def decode_body(body: bytes, content_type: str = "") -> str:
    """The body as text: BOM, then the header's charset, then ``<meta charset>``, then UTF-8.

    Bytes invalid in the chosen encoding become U+FFFD; an unknown or non-text charset falls
    back to UTF-8. Never raises.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, "replace")
    declared = _CHARSET.search(content_type or "")
    candidates = [declared.group(1) if declared else ""]
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "replace"))
    for name in candidates:
        if not name:
            continue
        try:
            return body.decode(name.strip().lower(), "replace")
        except (LookupError, ValueError, TypeError):
            continue
    return body.decode("utf-8", "replace")


def _html_text(text: str, rules: PageRules) -> str:
    from inscriptis import Inscriptis

    tree = _parse_html(text)
    try:
        for selector in (*ALWAYS_REMOVED, *rules.remove):
            for element in _selector(selector)(tree):
                _drop(element)
        parts = _selected(tree, rules.select)
        config = _config(rules.show_links)
        return "\n".join(Inscriptis(part, config).get_text() for part in parts)
    except PageError:
        raise
    except Exception as error:  # lxml or inscriptis on a tree they did not expect
        raise PageError(f"the page could not be read as HTML ({type(error).__name__})") from None


def _parse_html(text: str) -> Any:
    import lxml.etree
    import lxml.html

    text = _XML_INVALID.sub("\ufffd", text)
    text = _XML_DECLARATION.sub("", text.lstrip(), count=1)
    if not text.strip():
        raise PageError("the page is empty")
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        raise PageError("the page could not be read as HTML") from None
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or "depth" in entry.message.lower():
            raise PageError("the page nests its markup too deeply to read (over 255 levels)")
    return tree


def _selected(tree: Any, selectors: Sequence[str]) -> list[Any]:
    """The elements to lay out, in document order, none inside another."""
    if not selectors:
        body = tree.find("body")
        return [body if body is not None else tree]
    matched: list[Any] = []
    for selector in selectors:
        found = _selector(selector)(tree)
        if not found:
            raise PageError(f"selector {selector!r} matched nothing")
        matched.extend(found)
    chosen = set(matched)
    order = {element: index for index, element in enumerate(tree.iter())}
    outermost = [
        element
        for element in chosen
        if not any(ancestor in chosen for ancestor in element.iterancestors())
    ]
    outermost.sort(key=lambda element: order.get(element, 0))
    for element in outermost:
        element.tail = None  # the text after an element is not part of it
    return outermost


def _drop(element: Any) -> None:
    """Remove ``element`` and its subtree but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    element.drop_tree()


@lru_cache(maxsize=256)
def _selector(selector: str) -> CSSSelector:
    import lxml.etree
    from cssselect import SelectorError
    from lxml.cssselect import CSSSelector

    text = selector.strip()
    if not text:
        raise PageError("an empty CSS selector")
    try:
        return CSSSelector(text, translator="html")
    except (SelectorError, SyntaxError, ValueError, lxml.etree.XPathError) as error:
        raise PageError(f"invalid CSS selector {selector!r}: {error}") from None


def _ignore_patterns(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error as error:
            raise PageError(f"invalid --ignore pattern {pattern!r}: {error}") from None
    return tuple(compiled)


@lru_cache(maxsize=2)
def _config(show_links: bool) -> ParserConfig:
    from inscriptis.css_profiles import CSS_PROFILES
    from inscriptis.model.config import ParserConfig

    # "strict" lays out block elements without the indentation "relaxed" adds to nested
    # divs; " | " keeps table cells apart once runs of spaces are collapsed.
    return ParserConfig(
        css=CSS_PROFILES["strict"].copy(),
        display_links=show_links,
        table_cell_separator=" | ",
    )


def _cap(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    cut = text.rfind("\n", 0, max(1, max_chars))
    kept = text[: cut if cut > 0 else max_chars]
    return f"{kept}\n\u2026 (page text cut at {max_chars} characters)"


_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"application/json", "application/x-ndjson"})
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"PK\x03\x04", "a ZIP archive or an office document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"\x00asm", "a WebAssembly module"),
    (b"OggS", "an audio or video file"),
    (b"ID3", "an MP3 file"),
    (b"fLaC", "an audio file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"\xd0\xcf\x11\xe0", "an old office document"),
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE
)
_LOOKS_HTML = re.compile(rb"<(!doctype\s+html|html|head|body|div|p|br|h[1-6]|title|main)\b")
_XML_DECLARATION = re.compile(r"^<\?xml[^>]*\?>")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_WHITESPACE = re.compile(r"\s+")
