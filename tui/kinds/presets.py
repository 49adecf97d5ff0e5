"""Ready-made sources for the platforms people watch, with their real public URLs: one list.

The status pages are Statuspage sites; X's terms, policies, rules pages and developer
changelog (watched ``page`` and ``changelog`` sources, with the selectors Open Terms Archive
uses) come from :mod:`tui.pagewatch.presets`. None is verified from here: there is no network
where whalewatch is built, and each preset's ``note`` says so; ``whalewatch source test``
tells what a preset yields today.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..pagewatch.presets import PAGE_PRESETS, PagePreset

NOT_VERIFIED = "not verified from here"


@dataclass(frozen=True)
class Preset:
    name: str
    platform: str
    url: str
    kind: str
    label: str = ""
    """What the preset is, in a few words ("X Terms of Service"); the platform when empty."""
    category: str = ""
    select: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    note: str = NOT_VERIFIED

    @property
    def title(self) -> str:
        return self.label or self.platform


def _from_page(preset: PagePreset) -> Preset:
    note = preset.note if NOT_VERIFIED in preset.note else f"{preset.note}; {NOT_VERIFIED}"
    return Preset(
        preset.key,
        preset.platform,
        preset.url,
        preset.kind,
        label=preset.name,
        category=preset.category,
        select=preset.select,
        remove=preset.remove,
        note=note,
    )


PRESETS: dict[str, Preset] = {
    # The Twitter API status page announced by @TwitterAPI in Feb 2018, a Statuspage site.
    # Whether X still serves its v2 JSON API there after 2023 is unknown from here;
    # `whalewatch source test https://api.twitterstat.us` tells.
    "x": Preset(
        "x",
        "X/Twitter",
        "https://api.twitterstat.us",
        "statuspage",
        note="the X API status page (Statuspage, 2018); " + NOT_VERIFIED,
    ),
    "github": Preset("github", "GitHub", "https://www.githubstatus.com", "statuspage"),
    "reddit": Preset("reddit", "Reddit", "https://www.redditstatus.com", "statuspage"),
    "discord": Preset("discord", "Discord", "https://discordstatus.com", "statuspage"),
    "cloudflare": Preset(
        "cloudflare", "Cloudflare", "https://www.cloudflarestatus.com", "statuspage"
    ),
    # OpenAI moved its status page off Atlassian Statuspage to incident.io in 2025.
    "openai": Preset("openai", "OpenAI", "https://status.openai.com", "incidentio"),
}
PRESETS.update({key: _from_page(preset) for key, preset in PAGE_PRESETS.items()})
# The big platforms on providers other than Statuspage (issue 14). None is verified from here
# (no network): `whalewatch source test URL` tells whether the page still answers that way.
PRESETS.update(
    {
        "slack": Preset("slack", "Slack", "https://slack-status.com", "slack"),
        "gcp": Preset("gcp", "Google Cloud", "https://status.cloud.google.com", "gcloud"),
        "aws": Preset("aws", "AWS", "https://health.aws.amazon.com", "aws"),
        "anthropic": Preset("anthropic", "Anthropic", "https://status.anthropic.com", "statuspage"),
        "atlassian": Preset("atlassian", "Atlassian", "https://status.atlassian.com", "statuspage"),
    }
)
PRESETS["twitter"] = PRESETS["x"]


def unique_presets() -> list[tuple[str, Preset]]:
    """Each preset once (``twitter`` is an alias of ``x``), in the list's order."""
    seen: set[int] = set()
    items = []
    for key, preset in PRESETS.items():
        if id(preset) not in seen:
            seen.add(id(preset))
            items.append((key, preset))
    return items
