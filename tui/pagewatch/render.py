"""A page diff as styled text: red removed lines, green added ones, signs always shown.

One rendering for every place a person reads a diff in colour: the event's detail screen
(through Textual's ``Content.from_rich_text``) and ``whalewatch source diff`` on a terminal
(through a Rich console). The ``-``/``+`` column and the hunk headers carry the meaning
without colour, and changed words inside an edited line are also bold and underlined, so
the diff reads the same in NO_COLOR and on a 16-colour terminal. Rich, not Textual: the CLI
uses it without starting an app. Every line was sanitised when the diff was made; the text
is passed as plain text, never parsed as markup.
"""

from __future__ import annotations

from rich.text import Text

from .diff import DiffLine, PageDiff

LINE_STYLES = {
    "hunk": "bold cyan",
    "context": "",
    "removed": "red",
    "added": "green",
    "omitted": "italic",
}
WORD_STYLE = "bold underline"
"""Changed words inside an edited line: visible without colour too."""


def diff_line_text(line: DiffLine) -> Text:
    """One diff line with its sign column, styled by kind and by changed words."""
    style = LINE_STYLES.get(line.kind, "")
    if line.kind in ("hunk", "omitted"):
        return Text(line.text, style=style, no_wrap=False)
    text = Text(line.sign + " ", style=style)
    if line.spans:
        for span in line.spans:
            changed = span.kind != "same"
            text.append(span.text, style=f"{style} {WORD_STYLE}" if changed else style)
    else:
        text.append(line.text, style=style)
    return text


def diff_text(diff: PageDiff, header: str = "") -> Text:
    """The whole diff as one block of text, one line per diff line (``header`` first)."""
    out = Text()
    if header:
        out.append(header + "\n", style="bold")
    lines = diff.lines()
    if not lines:
        out.append("(no change in the text)", style="italic")
    for index, line in enumerate(lines):
        if index:
            out.append("\n")
        out.append_text(diff_line_text(line))
    return out
