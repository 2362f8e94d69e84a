"""Column scaling of the path a learner waits on: ``drill start`` until ``drill grade`` answers,
for 20, 50, 100, 200 and 500 columns x 5,000 rows.

Each width is a whole-process ``drill start --dataset file:... --no-open`` followed by
``drill grade --json`` (which waits for the background profile's facts only), with a fresh
cache folder.  The frame is what wide data usually is: mostly measurements (80% floats of
several shapes), some counts (10% small integers) and some labels (10% categorical columns of
3 to 8 levels), with a few missing values.  Prints the seconds, the ratio to the 20-column
case, and whether a 500-column drill is gradeable within 15 s of ``drill start``.

    python benchmarks/columns.py [--rows N] [--widths 20,50,100,200,500] [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from learner_waits import ours

TARGET_COLUMNS, TARGET_SECONDS = 500, 15.0


def wide_frame(columns: int, rows: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data: dict[str, object] = {}
    for i in range(columns):
        kind = i % 10
        if kind < 8:  # measurements
            shape = (rng.normal(size=rows), rng.lognormal(size=rows), rng.exponential(size=rows))[i % 3]
            values = shape * (i + 1)
            values[rng.random(rows) < 0.02 * (i % 4 == 0)] = np.nan
            data[f"m{i}"] = values
        elif kind == 8:  # counts
            data[f"n{i}"] = rng.poisson(3, size=rows)
        else:  # labels
            data[f"c{i}"] = rng.choice([f"level_{k}" for k in range(3 + i % 6)], size=rows)
    return pd.DataFrame(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--widths", default="20,50,100,200,500")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    widths = [int(w) for w in args.widths.split(",")]
    seconds: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for width in widths:
            data = Path(tmp) / f"w{width}.parquet"
            wide_frame(width, args.rows).to_parquet(data, index=False)
            claims = "- missing: m0\n- correlated: m1, m2\n"
            if width == widths[0]:
                ours(data, Path(tmp) / "warm-up", claims)
            runs = [ours(data, Path(tmp) / f"w{width}-{n}", claims) for n in range(args.rounds)]
            seconds[width] = statistics.median(runs)
            print(f"{width:4d} columns x {args.rows} rows: drill start -> grade answers in {seconds[width]:5.1f} s"
                  f"   ({seconds[width] / seconds[widths[0]]:4.1f}x the {widths[0]}-column case)", flush=True)
    if TARGET_COLUMNS in seconds:
        ok = "yes" if seconds[TARGET_COLUMNS] <= TARGET_SECONDS else "NO"
        print(f"{TARGET_COLUMNS} columns gradeable within {TARGET_SECONDS:.0f} s of drill start: {ok} "
              f"({seconds[TARGET_COLUMNS]:.1f} s)")


if __name__ == "__main__":
    main()
