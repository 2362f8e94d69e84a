"""Where a profile run reads and writes: file names and the output folder of a drill.

May import: the standard library only.
"""

from __future__ import annotations

from pathlib import Path

SNAPSHOT_FILE = "data.parquet"
FACTS_FILE = "profile.json"
HTML_FILE = "profile.html"
STATUS_FILE = "profile.status.json"
LOG_FILE = "profile.log"
THRESHOLDS_FILE = "thresholds.json"
# Everything a profile run writes (facts, HTML report, status, log) goes into this hidden
# sub-folder of the drill folder: JupyterLab does not list hidden files, so the answer key
# is not one click away during phases 1 and 2.  Grading publishes the report afterwards.
OUTPUT_DIR = ".profile"


def outputs(drill_dir: Path) -> Path:
    """Where the profile of ``drill_dir`` writes its files."""
    return Path(drill_dir) / OUTPUT_DIR
