"""whalewatch: a terminal dashboard for watching a web platform in turmoil."""

__version__ = "0.1.0"
