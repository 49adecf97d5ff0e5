"""The names a write of several files leaves on disk while it runs (see :mod:`.commit`).

A module of its own so that a read can look for them (:mod:`.clean_read`) without loading
the writer.
"""

STAGED_PREFIX = ".whalewatch-staged-"
"""A file's new version, written next to it, waiting for the commit record."""

COMMIT_RECORD = "commit.json"
"""In the store's root while a committed batch is being put in place."""
