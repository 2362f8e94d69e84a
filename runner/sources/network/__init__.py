"""The network sources: OpenML and UCI through their real clients, and the local pool of downloads.

``common`` holds what they share (timeouts, the reachability probe, listing
helpers) and imports neither client; ``pool`` is the project's own copy of
every download; ``openml`` and ``uci`` wrap their clients; ``choose`` decides
where a drill comes from and builds the three sources for one cache folder.
Nothing heavy (openml, ucimlrepo, pandas, requests) is imported at import time.

May import: ``runner.sources.base``, ``runner.sources.levels``,
``runner.sources.catalog``, ``runner.errors``, ``runner.atomic``; never the
registry (``runner.sources`` registers these, not the other way round).
"""
