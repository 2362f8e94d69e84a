"""The parse rate of the phrasing corpus (tests/phrasing_corpus.tsv), and every misreading.

Each corpus line is a hypothesis as people write it, with its expected reading.
Prints the parse rate (lines read exactly as expected, of the lines that have a
reading), the time per line, then every line not read as expected: unread
(ungradeable), read with another detail (a strength, direction or share), and,
worst, read as another kind or other columns (target: none), including lines
that should have stayed ungradeable.

    python benchmarks/phrasing.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from phrasing_support import read_all  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    readings = read_all()
    elapsed = time.perf_counter() - started
    meant = [r for r in readings if r.line.expected is not None]
    right = [r for r in meant if r.right]
    wrong = [r for r in readings if r.wrong]
    unread = [r for r in meant if r.read is None]
    detail = [r for r in meant if r.read is not None and not r.right and not r.wrong]
    kept = [r for r in readings if r.line.expected is None and r.read is None]
    print(f"{len(readings)} lines in {len({r.line.dataset for r in readings})} datasets; "
          f"{len(meant)} with a reading, {len(readings) - len(meant)} that must stay ungradeable")
    print(f"parse rate: {len(right)} of {len(meant)} = {len(right) / len(meant):.1%} (target >= 95%)")
    print(f"read as another kind or other columns: {len(wrong)} (target 0); ungradeable kept ungradeable: "
          f"{len(kept)} of {len(readings) - len(meant)}")
    print(f"{elapsed / len(readings) * 1000:.2f} ms per line")
    for title, group in (("WRONG (another kind or other columns)", wrong), ("unread", unread),
                         ("another detail", detail)):
        if group:
            print(f"\n{title}:")
        for r in group:
            print(f"  line {r.line.number} [{r.line.dataset}] {r.line.text!r}\n      expected {r.line.expected!r}, "
                  f"read {r.read!r}" + (f" ({r.problem})" if r.read is None else ""))


if __name__ == "__main__":
    main()
