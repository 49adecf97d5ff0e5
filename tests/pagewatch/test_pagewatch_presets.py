"""X's page and changelog presets: well-formed, safe, and honest about what is unverified."""

from __future__ import annotations

from tui.domain import EVENT_CATEGORIES
from tui.pagewatch.extract import PageRules, check_rules
from tui.pagewatch.presets import PAGE_PRESETS, X_CHANGELOGS, X_PAGES, X_RULES
from tui.text import safe_url


def test_every_preset_is_usable_as_a_source() -> None:
    assert len(PAGE_PRESETS) == len(X_PAGES) + len(X_RULES) + len(X_CHANGELOGS)
    for preset in PAGE_PRESETS.values():
        assert safe_url(preset.url) == preset.url and preset.url.startswith("https://")
        assert preset.kind in ("page", "changelog")
        assert preset.category in EVENT_CATEGORIES
        check_rules(PageRules(select=preset.select, remove=preset.remove))
        assert "not verified" in preset.note


def test_the_issue_s_documents_are_there() -> None:
    names = {preset.name for preset in PAGE_PRESETS.values()}
    for wanted in (
        "X Terms of Service",
        "X Privacy Policy",
        "X Developer Agreement",
        "X Developer Policy",
        "X Rules: The X Rules",
    ):
        assert wanted in names
    assert PAGE_PRESETS["x-terms"].select == ("main[id=twtr-main]",)
    assert any(preset.kind == "changelog" for preset in X_CHANGELOGS)
