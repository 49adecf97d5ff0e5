"""The name of the table in which every store file keeps its own record.

A module of its own so that reading a file needs neither TinyDB (:mod:`.tables`) nor the
recovery code (:mod:`.recovery`), which both use it too.
"""

META = "_meta"
"""The table each file keeps its kind, schema, generation and id high-water marks in."""
