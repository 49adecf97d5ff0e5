"""Ready-made sources for the platforms people watch, with their real public URLs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    name: str
    platform: str
    url: str
    kind: str


PRESETS: dict[str, Preset] = {
    # The Twitter API status page announced by @TwitterAPI in Feb 2018, a Statuspage site.
    # Not verified from here (no network): whether X still serves its v2 JSON API there after
    # 2023 is unknown; `whalewatch source test https://api.twitterstat.us` tells.
    "x": Preset("x", "X/Twitter", "https://api.twitterstat.us", "statuspage"),
    "github": Preset("github", "GitHub", "https://www.githubstatus.com", "statuspage"),
    "reddit": Preset("reddit", "Reddit", "https://www.redditstatus.com", "statuspage"),
    "discord": Preset("discord", "Discord", "https://discordstatus.com", "statuspage"),
    "cloudflare": Preset(
        "cloudflare", "Cloudflare", "https://www.cloudflarestatus.com", "statuspage"
    ),
    # OpenAI moved its status page off Atlassian Statuspage to incident.io in 2025.
    "openai": Preset("openai", "OpenAI", "https://status.openai.com", "incidentio"),
}
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
