"""The path a learner waits on: ``drill start`` + ``drill grade`` as whole processes, against the
library's default ``ProfileReport(frame).get_description()`` on the same 200,000 x 20 frame.

Both sides are whole processes started from the same parquet file, alternated in one run so
machine load affects both alike: the baseline reads the file and describes it with the library's
defaults (``python -c``); ours runs ``drill start --dataset file:... --no-open``, writes two
hypotheses, then ``drill grade --json``, which waits for the background profile's facts (never
its HTML report).  Each round uses a fresh cache folder, so no profile comes from a cache; the
background report of each drill is stopped once the grade has answered (it is not on the path).
Prints every round and the median ratio.  Target: ours at least 5x faster.

    python benchmarks/learner_waits.py [--rows N] [--rounds N]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = """
import sys, warnings
warnings.simplefilter("ignore")
import pandas as pd
from data_profiling import ProfileReport
ProfileReport(pd.read_parquet(sys.argv[1]), progress_bar=False).get_description()
"""
CLAIMS = "- correlated: normal_0, linked\n- missing: score > 40%\n"


def make_frame(rows: int):
    """The planted-pattern frame of benchmarks/profile.py."""
    spec = importlib.util.spec_from_file_location("bench_profile", Path(__file__).with_name("profile.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_frame(rows)


def run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)


def write_claims(nb_path: Path, claims: str) -> None:
    nb = json.loads(nb_path.read_text())
    for cell in nb["cells"]:
        if "hypotheses" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = claims
    nb_path.write_text(json.dumps(nb))


def stop_background_profile(nb_path: Path, cache: Path) -> None:
    """Stop the drill's report rendering (not on the learner's path), so it steals no CPU from the next round."""
    for status in cache.glob(f"private/*/{nb_path.parent.name}/profile/profile.status.json"):
        pid = json.loads(status.read_text()).get("pid")
        if pid:
            with contextlib.suppress(OSError):
                os.killpg(int(pid), signal.SIGKILL)


def ours(data: Path, work: Path, claims: str = CLAIMS) -> float:
    """Seconds from `drill start` to `drill grade` answering, as whole processes, with a cold cache."""
    env = {**os.environ, "DRILL_CACHE_DIR": str(work / "cache")}
    t0 = time.perf_counter()
    out = run([sys.executable, "-m", "runner", "start", "--dataset", f"file:{data}", "--results",
               str(work / "results"), "--no-open"], env).stdout
    nb = Path(out.strip().splitlines()[-1])
    write_claims(nb, claims)
    run([sys.executable, "-m", "runner", "grade", str(nb), "--json"], env)
    seconds = time.perf_counter() - t0
    stop_background_profile(nb, work / "cache")
    return seconds


def baseline(data: Path) -> float:
    t0 = time.perf_counter()
    run([sys.executable, "-c", BASELINE, str(data)], dict(os.environ))
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "frame.parquet"
        make_frame(args.rows).to_parquet(data, index=False)
        ours(data, Path(tmp) / "warm-up")  # the OS file cache, imports compiled: both sides profit
        pairs = []
        for n in range(args.rounds):
            base = baseline(data)
            mine = ours(data, Path(tmp) / f"round-{n}")
            pairs.append((base, mine))
            print(f"round {n + 1}: library default get_description {base:6.1f} s   drill start + grade {mine:5.1f} s"
                  f"   ratio {base / mine:4.1f}x", flush=True)
    ratios = [b / m for b, m in pairs]
    print(f"median: library {statistics.median(b for b, _ in pairs):.1f} s, drill start + grade "
          f"{statistics.median(m for _, m in pairs):.1f} s; ratio {statistics.median(ratios):.1f}x (target >= 5x)")


if __name__ == "__main__":
    main()
