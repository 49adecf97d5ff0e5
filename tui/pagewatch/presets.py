"""X's terms, policies, rules pages and developer changelog, ready to watch.

The selectors are Open Terms Archive's, from its public declarations for X
(``OpenTermsArchive/pga-declarations``, ``declarations/X.json``, the Platform Governance
Archive's collection; the older ``contrib-declarations/declarations/Twitter.json`` has the
twitter.com URLs). None of it is verified from here: there is no network in this workplace,
and X's markup changes. Two more caveats, both from the declarations themselves: Open Terms
Archive fetches the help.x.com pages with a browser that runs the page's scripts
(``executeClientScripts``), so a plain HTTP fetch may see less text or none (a selector that
then matches nothing is reported, not stored as an empty version); and where it selects a
*range* (``startBefore``/``endBefore``), which CSS cannot say, the preset keeps the
declaration's CSS fallback (``main``) or none. ``whalewatch source test URL --kind page``
tells what a preset yields today.
"""

from __future__ import annotations

from dataclasses import dataclass

OTA_NOTE = "selectors from Open Terms Archive, not verified from here"
UNVERIFIED = "URL not verified from here"

_X_SITE_REMOVE = (
    ".twtr-icon--base",
    ".p05-chapter-navigation",
    "[style='display: none;']",
    ".twtr-overlay__icon",
    ".p21-hidden-content",
    ".ct01__background",
    ".ct17__background",
    ".b04__image",
    ".twtr-hidden--lg",
)
_HELP_REMOVE = (
    ".u11__breadcrumbs-mobile-modal",
    ".twtr-type--roman-100r",
    ".twtr-type--headline-md",
    ".b24__wrapper",
    ".b17",
)
_RULES_SELECT = ("main",)
_RULES_REMOVE = ("[class^=u11__]",)


@dataclass(frozen=True)
class PagePreset:
    """A page or changelog source ready to add: where it is and which part of it matters."""

    key: str
    name: str
    url: str
    kind: str
    """``page`` or ``changelog``."""
    category: str
    select: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    note: str = OTA_NOTE
    platform: str = "X/Twitter"


def _rules_page(slug: str, name: str) -> PagePreset:
    return PagePreset(
        f"x-rules/{slug}",
        f"X Rules: {name}",
        f"https://help.x.com/en/rules-and-policies/{slug}",
        "page",
        "moderation",
        _RULES_SELECT,
        _RULES_REMOVE,
    )


X_PAGES: tuple[PagePreset, ...] = (
    PagePreset(
        "x-terms",
        "X Terms of Service",
        "https://x.com/tos",
        "page",
        "policy",
        ("main[id=twtr-main]",),
        _X_SITE_REMOVE,
    ),
    PagePreset(
        "x-privacy",
        "X Privacy Policy",
        "https://x.com/en/privacy",
        "page",
        "policy",
        ("main[id=twtr-main]",),
        _X_SITE_REMOVE,
    ),
    PagePreset(
        "x-developer-agreement",
        "X Developer Agreement",
        "https://developer.x.com/en/developer-terms/agreement",
        "page",
        "api",
        ("#twtr-main",),
        (".u07__close:nth-child(2)", ".u07__notification"),
    ),
    PagePreset(
        "x-developer-policy",
        "X Developer Policy",
        "https://docs.x.com/developer-terms/policy",
        "page",
        "api",
        ("main",),
        note="no Open Terms Archive declaration found; URL and selector not verified from here",
    ),
    PagePreset(
        "x-copyright",
        "X Copyright Policy",
        "https://help.x.com/en/rules-and-policies/copyright-policy",
        "page",
        "policy",
        (".ct01__wrapper",),
        (
            ".b24__wrapper",
            ".inherit",
            ".twtr-type--roman-100r",
            ".u11__breadcrumbs-list:nth-child(2)",
            ".IconButton",
            ".b04-image",
        ),
    ),
    PagePreset(
        "x-law-enforcement",
        "X Law Enforcement Guidelines",
        "https://help.x.com/en/rules-and-policies/twitter-law-enforcement-support",
        "page",
        "policy",
        (".aem-Grid",),
        (
            ".twtr-type--roman-100r",
            ".u11__breadcrumbs-list:nth-child(2)",
            ".twtr-type--headline-md",
            ".b24__wrapper",
            ".b17",
            ".u11__mobile-header",
            ".twtr-component--first > .b02-v2 > ul",
            ".twtr-component--first b",
        ),
    ),
    PagePreset(
        "x-cookies",
        "X Cookie Policy",
        "https://help.x.com/en/rules-and-policies/twitter-cookies",
        "page",
        "policy",
        (".aem-Grid",),
        _HELP_REMOVE,
    ),
    PagePreset(
        "x-data-processing",
        "X Data Processing Legal Bases",
        "https://help.x.com/en/rules-and-policies/data-processing-legal-bases",
        "page",
        "policy",
        (".aem-Grid",),
        _HELP_REMOVE,
    ),
    PagePreset(
        "x-deceased-users",
        "X Deceased Users",
        "https://help.x.com/en/rules-and-policies/contact-x-about-a-deceased-family-members-account",
        "page",
        "policy",
        note=OTA_NOTE + " (its range selector has no CSS form: the whole page is watched)",
    ),
)
"""The terms and policy pages, one source each."""

X_RULES: tuple[PagePreset, ...] = tuple(
    _rules_page(slug, name)
    for slug, name in (
        ("x-rules", "The X Rules"),
        ("violent-content", "Violent content"),
        ("violent-entities", "Violent and hateful entities"),
        ("child-safety", "Child safety"),
        ("abusive-behavior", "Abuse and harassment"),
        ("hateful-conduct-policy", "Hateful conduct"),
        ("perpetrators-of-violent-attacks", "Perpetrators of violent attacks"),
        ("glorifying-self-harm", "Suicide and self-harm"),
        ("adult-content", "Adult content"),
        ("shopping-policies", "Illegal or certain regulated goods or services"),
        ("personal-information", "Private information and media"),
        ("intimate-media", "Non-consensual nudity"),
        ("platform-manipulation", "Platform manipulation and spam"),
        ("election-integrity-policy", "Civic integrity"),
        (
            "twitter-impersonation-and-deceptive-identities-policy",
            "Misleading and deceptive identities",
        ),
        ("manipulated-media", "Synthetic and manipulated media"),
        ("x-trademark-policy", "Trademark"),
        ("x-username-squatting", "Username squatting"),
        ("copypasta-duplicate-content", "Copypasta and duplicate content"),
        ("financial-scam", "Financial scams"),
        ("abusive-profile", "Abusive profile information"),
        ("automated-claims-policy", "Automated claims"),
        ("counterfeit-goods-policy", "Counterfeit goods"),
        ("public-interest", "Public-interest exceptions"),
        ("x-limits", "X's limits"),
        ("x-reach-limited", "Reach limited"),
        ("enforcement-options", "Enforcement options"),
        ("x-moments-guidelines-and-principles", "Moments guidelines"),
        ("fair-use-policy", "Fair use"),
        ("enforcement-philosophy", "Enforcement philosophy"),
    )
)
"""The rules-and-policies pages Open Terms Archive combines into X's "Community Guidelines"
(its declaration selects ``main`` and removes ``[class^=u11__]`` for them)."""

X_CHANGELOGS: tuple[PagePreset, ...] = (
    PagePreset(
        "x-developer-changelog",
        "X API changelog",
        "https://docs.x.com/changelog",
        "page",
        "api",
        ("main",),
        note="the X API changelog page (docs.x.com); " + UNVERIFIED + ", selector a guess",
    ),
    PagePreset(
        "x-developer-announcements",
        "X Developer Community announcements",
        "https://devcommunity.x.com/c/announcements/22.rss",
        "changelog",
        "api",
        note=(
            "the developer forum's Announcements category (Discourse: a category's feed is "
            "its URL plus .rss); " + UNVERIFIED
        ),
    ),
)
"""X's developer changelog (a page) and its forum's announcements (a feed)."""

PAGE_PRESETS: dict[str, PagePreset] = {
    preset.key: preset for preset in (*X_PAGES, *X_RULES, *X_CHANGELOGS)
}
