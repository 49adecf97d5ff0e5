"""Watched pages and changelogs, without a user interface.

A page source turns an HTTP body into readable text (:mod:`.extract`), compares it with the
last version (:mod:`.detect`, :mod:`.diff`), keeps every distinct version on disk
(:mod:`.versions`); :mod:`.check` runs those steps for one fetch. A changelog source reads a
feed into entries matched by id (:mod:`.changelog`). :mod:`.presets` holds X's pages with the
selectors Open Terms Archive uses. Nothing here imports Textual: the source kinds, the CLI and
the screens call these functions and show what they return.
"""
