"""Where incidents come from: fetching, parsing and polling sources. No Textual here.

Every remote string is cleaned by :mod:`tui.text` (``clean_text``, ``html_to_text``,
``safe_url``), which every layer shares.

- :mod:`.http` fetches defensively (``fetch``, ``make_client``, ``FetchResult``)
- :mod:`.statuspage` and :mod:`.rss` parse payloads into domain incidents (``FeedError``)
- :mod:`.probe` turns HTTP checks into synthetic incidents
- :mod:`.detect` and :mod:`.presets` help add sources
- :mod:`.poller` runs a polling cycle (``poll_once``) and the loop (``Poller``)
"""
