"""The automated profile of a drill's dataset: the only code that imports fg-data-profiling.

Owns: running the profile (``run``: the facts first, then the HTML report,
each cached per snapshot), its lifecycle (``lifecycle``: one :class:`Profile`
object per profile folder owns the lock, the status, the background run and
the report's publication; ``process``: launching the runs, starting one warm), the library's configuration (``config``), the
facts it extracts (``facts``) and the pairwise associations
(``correlations``, with ``ranking``: many columns ranked at once).  Where a drill's profile folder is, is the drill layer's
business (:mod:`runner.drill.hidden`); the grader reads only the facts file
(``profile.json``), never this package.

May import: ``runner.atomic``, ``runner.errors``, ``runner.grading`` (the
thresholds, the pandas-free facts reader).  Importing this package costs no
pandas: the profiling library, pandas and numpy are imported inside ``facts``,
``config``, ``correlations`` and ``ranking`` only, which the façade below loads lazily.
"""

from runner.profile.lifecycle import Profile
from runner.profile.paths import FACTS_FILE, HTML_FILE, LOG_FILE, SNAPSHOT_FILE, STATUS_FILE, outputs
from runner.profile.process import ProfileBusy, Warm
from runner.profile.run import build_facts, cache_key, facts_now, write_profile

__all__ = ["FACTS_FILE", "HTML_FILE", "LOG_FILE", "SNAPSHOT_FILE", "STATUS_FILE", "Profile", "ProfileBusy", "Warm",
           "build_facts", "cache_key", "facts_now", "outputs", "write_profile"]
