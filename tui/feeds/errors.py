"""The one error a parser raises: the payload is not what the source kind promises."""

from __future__ import annotations


class FeedError(Exception):
    """A payload that cannot be read as a feed; ``str(error)`` is a reason fit for the user."""
