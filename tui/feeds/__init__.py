"""Where incidents come from: fetching and polling sources of every kind. No Textual here.

The kinds themselves (how to read a Statuspage, a feed, a probe…) live in :mod:`tui.kinds`;
nothing in this package names one. Every remote string is cleaned by :mod:`tui.text`.

- :mod:`.http` fetches defensively (``fetch``, ``make_client``, ``FetchResult``)
- :mod:`.pools` keeps a few one-connection lanes per origin (``OriginPools``)
- :mod:`.errors` is the error a kind raises for a bad payload (``FeedError``)
- :mod:`.detect` asks the registered kinds what a URL is (``detect_source``)
- :mod:`.poller` runs a polling cycle (``poll_once``) and the loop (``Poller``)
"""
