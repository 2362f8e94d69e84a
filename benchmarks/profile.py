"""Our profile (``build_facts`` + ``notable``) against fg-data-profiling's defaults.

Builds a 200,000 x 20 frame with planted patterns (skewed and normal floats,
categoricals, missing values, a correlation, zeros, a constant, a block of
rows repeated 3 times) and,
in one run:

* times ``build_facts`` + ``notable`` against the library's default
  ``ProfileReport(df).get_description()`` (target: ours >= 5x faster);
* compares the findings on the kinds both report and prints the differences;
* measures the peak memory ``build_facts`` + ``notable`` allocate (tracemalloc,
  in a fresh subprocess) against ``df.memory_usage(deep=True).sum()``
  (target: <= 3x).

Prints ratios; asserts nothing.  ``python benchmarks/profile.py [--rows N] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import time
import warnings

import numpy as np
import pandas as pd

#: The library's alert names, as our finding kinds.
ALERT_KINDS = {"MISSING": "missing", "SKEWED": "skewed", "HIGH_CORRELATION": "correlated", "ZEROS": "zeros",
               "CONSTANT": "constant", "UNIQUE": "unique", "IMBALANCE": "imbalanced", "DUPLICATES": "duplicates"}


def make_frame(rows: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    normal = rng.normal(size=(rows, 5))
    frame = pd.DataFrame({f"normal_{i}": normal[:, i] for i in range(5)})
    frame["linked"] = -0.8 * frame["normal_0"] + rng.normal(scale=0.4, size=rows)  # planted correlation
    frame["income"] = rng.lognormal(10, 1, size=rows)
    frame["wait"] = rng.exponential(3, size=rows)
    frame["claims"] = np.where(rng.random(rows) < 0.4, 0, rng.poisson(2, size=rows) + 1).astype(float)
    frame["ratio"] = rng.gamma(0.5, 2, size=rows)
    frame["age"] = rng.integers(18, 80, size=rows)
    frame["row_id"] = np.arange(rows)
    frame["city"] = rng.choice([f"city_{i}" for i in range(8)], size=rows)
    frame["segment"] = rng.choice(["retail", "business", "public"], p=[0.96, 0.03, 0.01], size=rows)
    frame["grade"] = rng.choice(list("ABCDE"), size=rows)
    frame["code"] = rng.choice([f"c{i:03d}" for i in range(300)], size=rows)
    frame["member"] = rng.random(rows) < 0.3
    frame["source"] = "import"  # constant
    frame["score"] = rng.normal(60, 15, size=rows)
    frame["note"] = rng.choice(["ok", "late", "n/a", "review"], size=rows)
    for name, share in (("normal_3", 0.05), ("income", 0.2), ("score", 0.5)):  # planted missing values
        frame.loc[rng.random(rows) < share, name] = np.nan
    block = rows // 400  # planted duplicates: the first `block` rows appear 3 more times at the end
    frame.iloc[rows - 3 * block:] = pd.concat([frame.iloc[:block]] * 3).to_numpy()
    return frame.astype(frame.dtypes.to_dict())


def library_findings(description) -> set[tuple[str, tuple[str, ...]]]:
    found = set()
    for alert in description.alerts:
        kind = ALERT_KINDS.get(alert.alert_type.name)
        if kind == "correlated":
            found |= {(kind, tuple(sorted((alert.column_name, other)))) for other in alert.values["fields"]}
        elif kind == "duplicates":
            found.add((kind, ()))
        elif kind:
            found.add((kind, (alert.column_name,)))
    return found


def our_findings(findings) -> set[tuple[str, tuple[str, ...]]]:
    return {(f.kind, tuple(sorted(f.columns))) for f in findings if f.kind in ALERT_KINDS.values()}


def best_of(repeat: int, run):
    """``(result, wall seconds, cpu seconds)``, the fastest of ``repeat`` runs (a shared machine is noisy)."""
    best = None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = run()
        timing = (time.perf_counter() - start, time.process_time() - cpu)
        best = (result, *timing) if best is None or timing[0] < best[1] else best
    return best


def measure_memory(rows: int) -> None:
    """Child process: print the frame's memory and the peak tracemalloc allocation of ours, as JSON."""
    import tracemalloc

    from runner.grading.notable import notable
    from runner.grading.thresholds import DEFAULT_THRESHOLDS
    from runner.profile import build_facts

    frame = make_frame(rows)
    import data_profiling  # noqa: F401  (imported before measuring: its import is not the profile's memory)

    tracemalloc.start()
    facts = build_facts(frame, DEFAULT_THRESHOLDS)
    notable(facts, DEFAULT_THRESHOLDS)
    _, peak = tracemalloc.get_traced_memory()
    print(json.dumps({"frame": int(frame.memory_usage(deep=True).sum()), "peak": peak}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=1, help="time the best of this many runs of each")
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        measure_memory(args.rows)
        return
    os.environ.setdefault("YDATA_PROFILING_NO_ANALYTICS", "1")
    from data_profiling import ProfileReport

    from runner.grading.notable import notable
    from runner.grading.thresholds import DEFAULT_THRESHOLDS
    from runner.profile import build_facts

    frame = make_frame(args.rows)
    print(f"frame: {frame.shape[0]:,} x {frame.shape[1]}, {frame.memory_usage(deep=True).sum() / 2**20:.0f} MiB")

    def ours_run():
        facts = build_facts(frame, DEFAULT_THRESHOLDS)
        return facts, notable(facts, DEFAULT_THRESHOLDS)

    def default_run():
        with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            return ProfileReport(frame).get_description()

    (facts, ours), ours_wall, ours_cpu = best_of(args.repeat, ours_run)
    description, default_wall, default_cpu = best_of(args.repeat, default_run)
    print(f"time (wall): ours {ours_wall:.1f} s, library default {default_wall:.1f} s, "
          f"ratio {default_wall / ours_wall:.1f}x (target >= 5x)")
    print(f"time (cpu, all threads): ours {ours_cpu:.1f} s, library default {default_cpu:.1f} s, "
          f"ratio {default_cpu / ours_cpu:.1f}x")

    mine, theirs = our_findings(ours), library_findings(description)
    print("findings on the kinds both report (ours: default thresholds; library: its default alerts):")
    for kind in ALERT_KINDS.values():
        both = {c for k, c in mine & theirs if k == kind}
        only_ours = sorted(c for k, c in mine - theirs if k == kind)
        only_theirs = sorted(c for k, c in theirs - mine if k == kind)
        print(f"  {kind:<11} both {len(both):>2}  only ours {only_ours or '-'}  only library {only_theirs or '-'}")
    table = description.table
    print(f"  duplicates: ours {facts['dataset']['duplicate_rows']} repeated rows, "
          f"library n_duplicates {table.get('n_duplicates')}")

    child = subprocess.run([sys.executable, __file__, "--memory-child", "--rows", str(args.rows)],
                           capture_output=True, text=True, check=True)
    memory = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"memory: peak allocated by ours {memory['peak'] / 2**20:.0f} MiB, frame {memory['frame'] / 2**20:.0f} MiB, "
          f"ratio {memory['peak'] / memory['frame']:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
