"""Time `drill start --no-open` on the offline default against the import floor.

The floor is `python -c "import pandas, papermill"`: what any tool that
instantiates a notebook from a dataframe pays before doing anything.  The two
commands alternate in one run (so machine load affects both alike) and the
median ratio is printed.  Target: at most 1.5.

Each drill's background profile is waited for (untimed) before the next
measurement, so it does not steal CPU from the next run.

    python benchmarks/start.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(cmd: list[str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return time.perf_counter() - t0, done.stdout


def wait_for_profile(folder: Path, limit: float = 300.0) -> None:
    """Until the drill's background profile (facts and report) has finished, or ``limit`` seconds."""
    from runner.drill.folder import private_folder
    from runner.drill.hidden import DrillFiles

    files = DrillFiles(folder.name, folder, private_folder(folder.parent, folder.name))
    files.profile().wait_idle(timeout=limit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    floor_cmd = [sys.executable, "-c", "import pandas, papermill"]
    with tempfile.TemporaryDirectory() as tmp:
        # warm-up: builds the catalog index cache once and warms the OS file cache
        subprocess.run([sys.executable, "-m", "runner", "datasets", "--json"], capture_output=True, check=True)
        timed(floor_cmd)
        floors, starts = [], []
        for n in range(args.rounds):
            results = Path(tmp) / f"r{n}"
            cmd = [sys.executable, "-m", "runner", "start", "--seed", str(n), "--results", str(results), "--no-open"]
            floors.append(timed(floor_cmd)[0])
            seconds, out = timed(cmd)
            starts.append(seconds)
            wait_for_profile(Path(out.strip().splitlines()[-1]).parent)
    ratios = [s / f for s, f in zip(starts, floors, strict=True)]
    print(f"import floor  median {statistics.median(floors):.2f} s  ({', '.join(f'{x:.2f}' for x in floors)})")
    print(f"drill start   median {statistics.median(starts):.2f} s  ({', '.join(f'{x:.2f}' for x in starts)})")
    print(f"ratio start/floor: median {statistics.median(ratios):.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
