"""The automated profile of a drill's dataset: the only code that imports fg-data-profiling.

Owns: running the profile (``run``: facts + HTML report, cached per
snapshot), its background lifecycle (``lifecycle``: start, status, wait),
the library's configuration (``config``), the facts it extracts (``facts``)
and the pairwise associations (``correlations``).  The grader reads only the
facts file (``profile.json``), never this package.

May import: ``runner.atomic``, ``runner.errors``, ``runner.grading.thresholds``.
Importing this package costs no pandas: the profiling library, pandas and
numpy are imported inside ``facts``, ``config`` and ``correlations`` only,
which the façade below loads lazily.
"""

from runner.profile.lifecycle import start_background, status, wait
from runner.profile.paths import FACTS_FILE, HTML_FILE, LOG_FILE, SNAPSHOT_FILE, STATUS_FILE, outputs
from runner.profile.run import build_facts, cache_key, write_profile

__all__ = ["FACTS_FILE", "HTML_FILE", "LOG_FILE", "SNAPSHOT_FILE", "STATUS_FILE", "build_facts", "cache_key",
           "outputs", "start_background", "status", "wait", "write_profile"]
