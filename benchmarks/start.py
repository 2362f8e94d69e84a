"""Time `drill start --no-open` for each drill spec against the import floor.

The floor is `python -c "import pandas, papermill"`: what any tool that
instantiates a notebook from a dataframe pays before doing anything.  Each
spec's start alternates with a floor measurement in one run (so machine load
affects both alike) and the median ratio per spec is printed.  Target: at
most 1.5 for both: `eda-2h` on the offline default, and `intuition-10m`
(ten items drawn from the catalog, no plot drawn at start).  The CPU seconds
(user + system) of both commands are printed too: on a shared, loaded machine
wall times swing, CPU time much less.

Each EDA drill's background profile is waited for (untimed) before the next
measurement, so it does not steal CPU from the next run (an intuition drill
starts none).

    python benchmarks/start.py [--rounds N] [--spec NAME ...]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], cpu: list[float] | None = None) -> tuple[float, str]:
    """Wall seconds and stdout of ``cmd``; its CPU seconds (user + system) are appended to ``cpu``."""
    c0, t0 = _children_cpu(), time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - t0
    if cpu is not None:
        cpu.append(_children_cpu() - c0)
    return seconds, done.stdout


def wait_for_profile(folder: Path, limit: float = 300.0) -> None:
    """Until the drill's background profile (facts and report) has finished, or ``limit`` seconds."""
    from runner.drill.folder import private_folder
    from runner.drill.hidden import DrillFiles

    files = DrillFiles(folder.name, folder, private_folder(folder.parent, folder.name))
    files.profile().wait_idle(timeout=limit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--spec", action="append", help="a drill spec (default: eda-2h and intuition-10m)")
    args = parser.parse_args()
    specs = args.spec or ["eda-2h", "intuition-10m"]
    floor_cmd = [sys.executable, "-c", "import pandas, papermill"]
    floors: dict[str, list[float]] = {spec: [] for spec in specs}
    starts: dict[str, list[float]] = {spec: [] for spec in specs}
    floor_cpu: dict[str, list[float]] = {spec: [] for spec in specs}
    start_cpu: dict[str, list[float]] = {spec: [] for spec in specs}
    with tempfile.TemporaryDirectory() as tmp:
        # warm-up: builds the catalog index cache once and warms the OS file cache
        subprocess.run([sys.executable, "-m", "runner", "datasets", "--json"], capture_output=True, check=True)
        timed(floor_cmd)
        for n in range(args.rounds):
            for spec in specs:
                results = Path(tmp) / f"{spec}-{n}"
                cmd = [sys.executable, "-m", "runner", "start", "--spec", spec, "--seed", str(n),
                       "--results", str(results), "--no-open"]
                floors[spec].append(timed(floor_cmd, floor_cpu[spec])[0])
                seconds, out = timed(cmd, start_cpu[spec])
                starts[spec].append(seconds)
                wait_for_profile(Path(out.strip().splitlines()[-1]).parent)
    for spec in specs:
        ratios = [s / f for s, f in zip(starts[spec], floors[spec], strict=True)]
        print(f"{spec}:")
        print(f"  import floor  median {statistics.median(floors[spec]):.2f} s  "
              f"({', '.join(f'{x:.2f}' for x in floors[spec])})")
        print(f"  drill start   median {statistics.median(starts[spec]):.2f} s  "
              f"({', '.join(f'{x:.2f}' for x in starts[spec])})")
        print(f"  ratio start/floor: median {statistics.median(ratios):.2f} (target <= 1.5)")
        cpu = [s / f for s, f in zip(start_cpu[spec], floor_cpu[spec], strict=True)]
        print(f"  CPU seconds (user + system), a cross-check that machine load does not skew: floor median "
              f"{statistics.median(floor_cpu[spec]):.2f} s, start {statistics.median(start_cpu[spec]):.2f} s, "
              f"ratio {statistics.median(cpu):.2f}")


if __name__ == "__main__":
    main()
