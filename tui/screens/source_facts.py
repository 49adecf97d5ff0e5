"""What a source checks and what its page says, in words: probe conditions and components.

Shared by the Sources screen (a column, the line under the table, the components line) and
a source's detail screen. Every remote string (a component's name, a body text the user
copied from a page) passes through the sanitiser here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..domain import Source, SourceHealth
from ..kinds import kind_label
from ..kinds.conditions import ConditionError, header_lines
from ..widgets.text import clean_line

DEFAULT_EXPECT = "2xx,3xx"

COMPONENT_STATES = {
    # state as the providers say it: (glyph, words, style)
    "operational": ("●", "operational", "$success"),
    "degraded_performance": ("△", "degraded", "$warning"),
    "partial_outage": ("▲", "partial outage", "$warning"),
    "major_outage": ("✖", "major outage", "$error"),
    "under_maintenance": ("⚙", "maintenance", "$text-muted"),
}


def is_probe(source: Source) -> bool:
    """Whether the source's conditions apply (only probes check a body, a status, a TLS date)."""
    return source.kind == "probe"


def probe_conditions(source: Source) -> list[str]:
    """The conditions a probe's answer must meet, in the order it checks them, in words."""
    if not is_probe(source):
        return []
    found = [f"{source.method} · status {clean_line(source.expect_status or DEFAULT_EXPECT, 60)}"]
    if source.latency_limit_ms is not None:
        found.append(f"latency ≤ {source.latency_limit_ms} ms")
    if source.body_contains:
        found.append(f"body contains “{clean_line(source.body_contains, 80)}”")
    if source.body_excludes:
        found.append(f"body must not contain “{clean_line(source.body_excludes, 80)}”")
    if source.json_check:
        found.append(f"JSON {clean_line(source.json_check, 100)}")
    if source.cert_expiry_days is not None:
        found.append(f"TLS certificate valid > {source.cert_expiry_days} days")
    try:
        names = [name for name, _ in header_lines(source.headers)]
    except ConditionError:
        names = ["(headers not readable)"]
    if names:  # only the names: a value may be a $VARIABLE, never shown here
        found.append("headers " + ", ".join(clean_line(name, 40) for name in names))
    return found


def conditions_text(source: Source) -> str:
    """The conditions in one line (``''`` for sources other than probes)."""
    return " · ".join(probe_conditions(source))


def provider_text(source: Source) -> str:
    """The provider the source is read as: ``incident.io (kind incidentio)``."""
    label = kind_label(source.kind)
    return label if label == source.kind else f"{label} (kind {source.kind})"


def component_words(state: str) -> tuple[str, str, str]:
    """A component state's glyph, words and style (an unknown state keeps its own words)."""
    known = COMPONENT_STATES.get(state)
    if known is not None:
        return known
    return "?", clean_line(state.replace("_", " "), 30) or "unknown", "$text-muted"


def platform_components(
    sources: Iterable[Source], health: Mapping[str, SourceHealth]
) -> dict[str, list[tuple[str, str]]]:
    """Each platform's components and their current state, from its sources' latest polls.

    Two pages of one platform naming the same component: the first source (by id) wins.
    """
    found: dict[str, dict[str, str]] = {}
    for source in sorted(sources, key=lambda s: s.id):
        entry = health.get(source.id)
        if entry is None or not entry.components:
            continue
        platform = found.setdefault(source.platform or source.label, {})
        for name, state in entry.components:
            platform.setdefault(clean_line(name, 60), state)
    return {name: list(states.items()) for name, states in sorted(found.items())}


def components_parts(
    platform: str, components: list[tuple[str, str]]
) -> list[str | tuple[str, str]]:
    """``GitHub: ▲ Actions partial outage · ● API, Git operational``: trouble first."""
    parts: list[str | tuple[str, str]] = [(f"{clean_line(platform, 40)}:", "bold")]
    ok = [name for name, state in components if state == "operational"]
    for name, state in components:
        if state != "operational":
            glyph, words, style = component_words(state)
            parts += [" ", (glyph, style), f" {name} {words} ·"]
    if ok:
        glyph, words, style = component_words("operational")
        parts += [" ", (glyph, style), f" {', '.join(ok)} {words}"]
    elif isinstance(parts[-1], str):
        parts[-1] = parts[-1].removesuffix(" ·")
    return parts
