"""What changed between two versions of a page's text, in lines and in words.

A page's text has one paragraph per line (see :func:`.extract.normalise_text`), so a line
diff (difflib) is a paragraph diff. Inside a paragraph that was edited rather than replaced,
a second diff over words says *which* words went and came, for the detail screen to
highlight. One :class:`PageDiff` serves every reader: :meth:`PageDiff.unified` for pipes and
the Markdown chronicle, :meth:`PageDiff.lines` for a widget that colours kinds and spans,
:meth:`PageDiff.to_dict` for the event in the store and ``--json``. Pure and deterministic;
the shown lines are capped so that a rewritten page cannot make an event of megabytes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..text import clean_text

MAX_LINES = 400
"""Diff lines kept in an event (context included); the rest is counted as omitted."""

CONTEXT = 2
"""Unchanged lines shown around each change."""

SIMILAR = 0.4
"""Word similarity from which an old and a new paragraph count as one paragraph *changed*."""

MAX_PAIRS = 2000
"""Old/new paragraph pairs compared word by word in one diff (bounds a rewrite's cost)."""

MAX_WORDS = 3000
"""Longer paragraphs are compared whole, without word spans (word diffs are quadratic)."""

LineKind = Literal["hunk", "context", "removed", "added", "omitted"]
SpanKind = Literal["same", "removed", "added"]
SIGNS: dict[str, str] = {
    "hunk": "@",
    "context": " ",
    "removed": "-",
    "added": "+",
    "omitted": "\u2026",
}


@dataclass(frozen=True)
class Span:
    """A run of words inside a changed line: kept (``same``), ``removed`` or ``added``."""

    kind: SpanKind
    text: str


@dataclass(frozen=True)
class DiffLine:
    """One line of a diff. ``spans`` split a changed line's text by word; empty otherwise."""

    kind: LineKind
    text: str
    spans: tuple[Span, ...] = ()

    @property
    def sign(self) -> str:
        """``-``, ``+`` or a space: the unified diff's first column."""
        return SIGNS[self.kind]


@dataclass(frozen=True)
class Hunk:
    """A run of changes with its context.

    ``old_start``/``new_start`` are the 1-based numbers of the hunk's first line on each side
    (for an empty side, of the line it comes before); :attr:`header` writes them the way a
    unified diff does (``-0,0`` for an insertion at the top).
    """

    old_start: int
    old_count: int
    new_start: int
    new_count: int
    lines: tuple[DiffLine, ...]

    @property
    def header(self) -> str:
        return (
            f"@@ -{_range(self.old_start, self.old_count)}"
            f" +{_range(self.new_start, self.new_count)} @@"
        )


@dataclass(frozen=True)
class PageDiff:
    """Every change between two texts, with paragraph counts and a title-sized summary.

    ``omitted`` counts the diff lines left out past :data:`MAX_LINES`; the counts always
    cover the whole diff.
    """

    hunks: tuple[Hunk, ...] = ()
    added: int = 0
    removed: int = 0
    changed: int = 0
    omitted: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    @property
    def complete(self) -> bool:
        """Whether every changed line is present (nothing omitted)."""
        return self.omitted == 0

    @property
    def summary(self) -> str:
        """ "3 paragraphs added, 1 removed", "1 paragraph changed" or "no change"."""
        parts = [
            (count, verb)
            for count, verb in (
                (self.added, "added"),
                (self.removed, "removed"),
                (self.changed, "changed"),
            )
            if count
        ]
        if not parts:
            return "no change"
        first_count, first_verb = parts[0]
        noun = "paragraph" if first_count == 1 else "paragraphs"
        words = [f"{first_count} {noun} {first_verb}"]
        words.extend(f"{count} {verb}" for count, verb in parts[1:])
        return ", ".join(words)

    def lines(self) -> list[DiffLine]:
        """The diff as a widget draws it: hunk headers, then lines, then the omitted note."""
        out: list[DiffLine] = []
        for hunk in self.hunks:
            out.append(DiffLine("hunk", hunk.header))
            out.extend(hunk.lines)
        if self.omitted:
            out.append(DiffLine("omitted", f"\u2026 {self.omitted} more lines"))
        return out

    def unified(self, old_label: str = "old", new_label: str = "new") -> str:
        """A plain unified diff (``--- old``/``+++ new``, ``-``/``+`` lines); ``''`` if empty."""
        if self.is_empty:
            return ""
        rows = [f"--- {clean_text(old_label, 200)}", f"+++ {clean_text(new_label, 200)}"]
        for line in self.lines():
            if line.kind in ("hunk", "omitted"):
                rows.append(line.text)
            else:
                rows.append(line.sign + line.text)
        return "\n".join(rows) + "\n"

    def markdown(self, old_label: str = "old", new_label: str = "new") -> str:
        """The unified diff in a fenced ``diff`` block, for the Markdown chronicle.

        No line of the block can close the fence: every line starts with its sign.
        """
        body = self.unified(old_label, new_label) or " (no change)\n"
        return f"```diff\n{body}```\n"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON for the event in the store, ``event list --json`` and exports."""
        return {
            "summary": self.summary,
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "omitted": self.omitted,
            "hunks": [
                {
                    "old_start": hunk.old_start,
                    "old_count": hunk.old_count,
                    "new_start": hunk.new_start,
                    "new_count": hunk.new_count,
                    "lines": [_line_dict(line) for line in hunk.lines],
                }
                for hunk in self.hunks
            ],
        }

    @classmethod
    def from_dict(cls, data: Any) -> PageDiff:
        """Read :meth:`to_dict`'s output back; bad shapes give an empty diff, text is cleaned."""
        if not isinstance(data, dict):
            return cls()
        hunks = []
        for raw in data.get("hunks") or ():
            if not isinstance(raw, dict):
                continue
            lines = tuple(
                line for line in (_line_from(item) for item in raw.get("lines") or ()) if line
            )
            hunks.append(
                Hunk(
                    _count(raw.get("old_start")),
                    _count(raw.get("old_count")),
                    _count(raw.get("new_start")),
                    _count(raw.get("new_count")),
                    lines,
                )
            )
        return cls(
            tuple(hunks),
            added=_count(data.get("added")),
            removed=_count(data.get("removed")),
            changed=_count(data.get("changed")),
            omitted=_count(data.get("omitted")),
        )


def diff_texts(
    old: str, new: str, *, context: int = CONTEXT, max_lines: int = MAX_LINES
) -> PageDiff:
    """The diff from ``old`` to ``new`` (one paragraph per line); empty when they are equal."""
    old_lines = old.split("\n") if old else []
    new_lines = new.split("\n") if new else []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines)
    budget = _Budget(max(1, max_lines))
    counts = {"added": 0, "removed": 0, "changed": 0}
    hunks: list[Hunk] = []
    for group in matcher.get_grouped_opcodes(max(0, context)):
        lines: list[DiffLine] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                produced: Iterable[DiffLine] = (
                    DiffLine("context", line) for line in old_lines[i1:i2]
                )
            else:
                produced = _changes(old_lines[i1:i2], new_lines[j1:j2], counts, budget)
            lines.extend(budget.take(produced))
        if lines:
            first, last = group[0], group[-1]
            hunks.append(
                Hunk(
                    old_start=first[1] + 1,
                    old_count=last[2] - first[1],
                    new_start=first[3] + 1,
                    new_count=last[4] - first[3],
                    lines=tuple(lines),
                )
            )
    return PageDiff(tuple(hunks), omitted=budget.omitted, **counts)


def word_spans(old: str, new: str) -> tuple[tuple[Span, ...], tuple[Span, ...]] | None:
    """Word runs of an edited paragraph (old side, new side), or ``None`` if unrelated."""
    old_words = _WORDS.findall(old)
    new_words = _WORDS.findall(new)
    if len(old_words) > MAX_WORDS or len(new_words) > MAX_WORDS:
        return None
    # Words are compared without the spaces after them, so "spam." and "spam or" share "spam".
    matcher = difflib.SequenceMatcher(
        None, [word.strip() for word in old_words], [word.strip() for word in new_words], False
    )
    if matcher.ratio() < SIMILAR:
        return None
    old_spans: list[Span] = []
    new_spans: list[Span] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _extend(old_spans, "same", old_words[i1:i2])
            _extend(new_spans, "same", new_words[j1:j2])
        else:
            _extend(old_spans, "removed", old_words[i1:i2])
            _extend(new_spans, "added", new_words[j1:j2])
    return tuple(old_spans), tuple(new_spans)


def _changes(
    old: Sequence[str], new: Sequence[str], counts: dict[str, int], budget: _Budget
) -> Iterator[DiffLine]:
    """The ``-`` lines then the ``+`` lines of one replaced block, pairing edited paragraphs.

    Pairing compares words, which costs; past :data:`MAX_PAIRS` comparisons in one diff (a
    rewritten page) the remaining paragraphs count as removed and added.
    """
    removed: list[DiffLine] = []
    added: list[DiffLine] = []
    for index in range(max(len(old), len(new))):
        before = old[index] if index < len(old) else None
        after = new[index] if index < len(new) else None
        spans = None
        if before is not None and after is not None and budget.pairs_left > 0:
            budget.pairs_left -= 1
            spans = word_spans(before, after)
        if spans is not None and before is not None and after is not None:
            counts["changed"] += 1
            removed.append(DiffLine("removed", before, spans[0]))
            added.append(DiffLine("added", after, spans[1]))
            continue
        if before is not None:
            counts["removed"] += 1
            removed.append(DiffLine("removed", before))
        if after is not None:
            counts["added"] += 1
            added.append(DiffLine("added", after))
    yield from removed
    yield from added


class _Budget:
    """Lets through at most ``limit`` lines over a whole diff and counts the rest."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.omitted = 0
        self.pairs_left = MAX_PAIRS

    def take(self, lines: Iterable[DiffLine]) -> list[DiffLine]:
        kept = []
        for line in lines:
            if self.left > 0:
                kept.append(line)
                self.left -= 1
            else:
                self.omitted += 1
        return kept


def _extend(spans: list[Span], kind: SpanKind, words: Sequence[str]) -> None:
    if not words:
        return
    text = "".join(words)
    if spans and spans[-1].kind == kind:
        spans[-1] = Span(kind, spans[-1].text + text)
    else:
        spans.append(Span(kind, text))


def _range(start: int, count: int) -> str:
    """Unified diff numbering: an empty range names the line before it."""
    if count == 1:
        return str(start)
    if count == 0:
        return f"{start - 1},0"
    return f"{start},{count}"


def _line_dict(line: DiffLine) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": line.kind, "text": line.text}
    if line.spans:
        data["spans"] = [[span.kind, span.text] for span in line.spans]
    return data


def _line_from(item: Any) -> DiffLine | None:
    if not isinstance(item, dict) or item.get("kind") not in ("context", "removed", "added"):
        return None
    spans = []
    for raw in item.get("spans") or ():
        if (
            isinstance(raw, list | tuple)
            and len(raw) == 2
            and raw[0] in ("same", "removed", "added")
        ):
            spans.append(Span(raw[0], clean_text(str(raw[1]), 100_000)))
    return DiffLine(item["kind"], clean_text(str(item.get("text", "")), 100_000), tuple(spans))


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


_WORDS = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")
"""A word or a punctuation mark, with the spaces that follow it."""
