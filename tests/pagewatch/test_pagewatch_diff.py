"""The diff of two page versions: counts, title summary, words, renderings, bounds."""

from __future__ import annotations

import difflib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.pagewatch.diff import DiffLine, PageDiff, Span, diff_texts

OLD = "Terms\nYou may not spam.\nBe kind.\nEnd"


def test_summary_counts_paragraphs() -> None:
    assert diff_texts(OLD, OLD).summary == "no change"
    added = OLD.replace("End", "Rule one.\nRule two.\nRule three.\nEnd")
    assert diff_texts(OLD, added).summary == "3 paragraphs added"
    fewer = added.replace("Be kind.\n", "")
    assert diff_texts(OLD, fewer).summary == "3 paragraphs added, 1 removed"
    edited = OLD.replace("not spam.", "not spam or scam.")
    assert diff_texts(OLD, edited).summary == "1 paragraph changed"


def test_edited_paragraph_has_word_spans() -> None:
    diff = diff_texts(OLD, OLD.replace("not spam.", "not spam or scam."))
    removed, added = (line for line in diff.lines() if line.kind in ("removed", "added"))
    assert removed == DiffLine("removed", "You may not spam.", (Span("same", "You may not spam."),))
    assert added.spans == (
        Span("same", "You may not spam "),
        Span("added", "or scam"),
        Span("same", "."),
    )
    assert "".join(span.text for span in added.spans) == added.text


def test_unrelated_replacement_counts_as_removed_and_added() -> None:
    diff = diff_texts(OLD, OLD.replace("Be kind.", "Payments are monthly from now on."))
    assert diff.summary == "1 paragraph added, 1 removed"
    assert all(not line.spans for line in diff.lines())


def test_unified_diff_for_pipes() -> None:
    diff = diff_texts(OLD, OLD.replace("Be kind.", "Be kind.\nNo bots."))
    assert diff.unified("v1", "v2") == (
        "--- v1\n+++ v2\n@@ -2,3 +2,4 @@\n You may not spam.\n Be kind.\n+No bots.\n End\n"
    )
    assert diff_texts(OLD, OLD).unified() == ""


def test_markdown_is_a_fenced_diff_block_nothing_can_close() -> None:
    diff = diff_texts("a", "```\nb")
    block = diff.markdown()
    assert block.startswith("```diff\n") and block.endswith("\n```\n")
    inner = block.split("\n")[1:-2]
    assert all(not line.startswith("```") for line in inner)


def test_widget_lines_carry_kind_and_sign() -> None:
    lines = diff_texts("a\nb", "a\nc").lines()
    assert [(line.kind, line.sign) for line in lines] == [
        ("hunk", "@"),
        ("context", " "),
        ("removed", "-"),
        ("added", "+"),
    ]


def test_large_diffs_are_capped_but_counted() -> None:
    new = "\n".join(f"paragraph {n} is new" for n in range(1000))
    diff = diff_texts("", new, max_lines=50)
    assert diff.added == 1000 and diff.omitted == 950 and not diff.complete
    assert diff.lines()[-1] == DiffLine("omitted", "\u2026 950 more lines")
    assert diff.unified().endswith("\u2026 950 more lines\n")


def test_serialised_and_read_back() -> None:
    diff = diff_texts(OLD, OLD.replace("not spam.", "not spam or scam.") + "\nNew")
    data = json.loads(json.dumps(diff.to_dict()))
    assert data["summary"] == "1 paragraph added, 1 changed"
    assert PageDiff.from_dict(data) == diff
    assert (
        PageDiff.from_dict({"hunks": [{"lines": [{"kind": "evil", "text": 1}]}]}).lines()[1:] == []
    )
    assert PageDiff.from_dict("nonsense") == PageDiff()
    dirty = {"added": 1, "hunks": [{"lines": [{"kind": "added", "text": "\x1b[2Jx"}]}]}
    assert PageDiff.from_dict(dirty).lines()[1].text == "\ufffd[2Jx"


def _apply(old: str, diff: PageDiff) -> str:
    """Patch ``old`` with the diff's hunks: context must match, '-' skips, '+' inserts."""
    old_lines = old.split("\n") if old else []
    out: list[str] = []
    position = 0
    for hunk in diff.hunks:
        start = hunk.old_start - 1
        out.extend(old_lines[position:start])
        position = start
        for line in hunk.lines:
            if line.kind == "context":
                assert old_lines[position] == line.text
                out.append(line.text)
                position += 1
            elif line.kind == "removed":
                assert old_lines[position] == line.text
                position += 1
            else:
                out.append(line.text)
    out.extend(old_lines[position:])
    return "\n".join(out)


PARAGRAPHS = st.lists(
    st.sampled_from(["alpha", "beta gamma", "delta.", "No bots.", "Be kind to users."])
    | st.text(alphabet="abc .", min_size=1, max_size=12).map(str.strip).filter(bool),
    max_size=25,
).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(text=PARAGRAPHS)
def test_a_text_against_itself_is_empty(text: str) -> None:
    diff = diff_texts(text, text)
    assert diff.is_empty and diff.hunks == () and diff.unified() == ""


@settings(max_examples=300, deadline=None)
@given(old=PARAGRAPHS, new=PARAGRAPHS, context=st.integers(0, 3))
def test_applying_the_diff_gives_the_new_text(old: str, new: str, context: int) -> None:
    diff = diff_texts(old, new, context=context, max_lines=10_000)
    assert _apply(old, diff) == new
    assert diff == diff_texts(old, new, context=context, max_lines=10_000)  # deterministic
    assert diff.is_empty == (old == new)


@settings(max_examples=200, deadline=None)
@given(old=PARAGRAPHS, new=PARAGRAPHS, context=st.integers(0, 3))
def test_unified_output_is_what_difflib_writes(old: str, new: str, context: int) -> None:
    ours = diff_texts(old, new, context=context, max_lines=10_000).unified("old", "new")
    old_lines = old.split("\n") if old else []
    new_lines = new.split("\n") if new else []
    theirs = list(difflib.unified_diff(old_lines, new_lines, "old", "new", n=context, lineterm=""))
    assert ours == ("\n".join(theirs) + "\n" if theirs else "")
