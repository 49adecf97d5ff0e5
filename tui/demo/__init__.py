"""The bundled demo: a Twitter/X chronicle, and the replay kind that plays a live outage and
watches an "X Rules" page that changes about a minute in (:mod:`.rules_page`).

Importing this package registers the replay kind (:mod:`.replay`) in :mod:`tui.kinds`, so a
process that opens a demo store imports it first (``tui.launch`` does, for ``--demo``). A
process that never does reports a replay source as "unknown source kind 'replay'" on that
source, and polls the others.
"""

from __future__ import annotations

from . import replay  # noqa: F401  (registers the replay kind)
