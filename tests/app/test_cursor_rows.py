"""Cursor rows in a tiny harness app: the cursor row drops its colours, the others keep them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.content import Content
from textual.style import Style

from tui.widgets.option_rows import CursorRowOptionList, CursorRowPrompt

ROW = Content.assemble(("open", "red"), "  API errors", ("  2024-01-02", "$text-muted"))


class RowsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield CursorRowOptionList()

    def on_mount(self) -> None:
        rows = self.query_one(CursorRowOptionList)
        rows.set_options([rows.row(ROW, "a"), rows.row(ROW, "b")])
        rows.highlighted = 0
        rows.focus()


def foregrounds(rows: CursorRowOptionList, y: int) -> set[str]:
    """The foreground colours of the words on line ``y`` (blanks carry none that matter)."""
    return {
        str(segment.style.color)
        for segment in rows.render_line(y)
        if segment.text.strip() and segment.style is not None and segment.style.color
    }


async def test_the_cursor_row_is_drawn_in_the_cursor_colours_only() -> None:
    app = RowsApp()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        rows = app.query_one(CursorRowOptionList)
        assert len(foregrounds(rows, 0)) == 1  # the cursor row: one colour, the cursor's
        assert len(foregrounds(rows, 1)) > 1  # another row keeps its red and muted parts
        await pilot.press("down")
        assert len(foregrounds(rows, 0)) > 1
        assert len(foregrounds(rows, 1)) == 1


def test_a_row_reads_as_its_words() -> None:
    prompt = CursorRowPrompt(ROW, lambda: None)  # type: ignore[arg-type, return-value]
    assert prompt.plain == "open  API errors  2024-01-02"


@given(
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=120),
    st.integers(1, 100),
    st.sampled_from(["wrap", "nowrap"]),
    st.sampled_from(["fold", "ellipsis", "clip"]),
)
def test_a_row_is_as_high_as_its_content_says(text, width, wrap, overflow) -> None:
    """The short cut for rows that do not wrap gives the height Content itself finds."""
    content = Content(text)
    prompt = CursorRowPrompt(content, Style)
    rules = {"text_wrap": wrap, "text_overflow": overflow}
    assert prompt.get_height(rules, width) == content.get_height(rules, width)
