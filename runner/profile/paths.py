"""Where a profile run reads and writes: the file names inside a profile folder.

A profile folder holds everything one drill's profile run writes: the facts
(``profile.json``, all the grader reads), the library's HTML report, the
status record, the log, the lock that makes one run at a time, and the
publication request (where the report goes once it is rendered).  The drill
layer decides where that folder is (:mod:`runner.drill.hidden`: outside the
served results folder); this package only ever gets it as a path.

May import: the standard library only.
"""

from __future__ import annotations

from pathlib import Path

SNAPSHOT_FILE = "data.parquet"
FACTS_FILE = "profile.json"
HTML_FILE = "profile.html"
STATUS_FILE = "profile.status.json"
LOG_FILE = "profile.log"
LOCK_FILE = "profile.lock"
PUBLISH_FILE = "publish.json"
THRESHOLDS_FILE = "thresholds.json"
# Drills made before the profile moved out of the results folder keep theirs in this hidden
# sub-folder of the drill folder (JupyterLab started by `drill start` does not serve hidden files).
LEGACY_DIR = ".profile"


def outputs(drill_dir: Path) -> Path:
    """The profile folder of a drill made before the move (``<drill>/.profile``)."""
    return Path(drill_dir) / LEGACY_DIR
