"""Lineups (the nullabor protocol: Buja et al. 2009, Wickham et al. 2010): pick the real plot.

A lineup is 9 or 20 small scatter plots of the same two columns.  In a real
lineup one panel shows the data as it is and every other panel the same x with
y permuted, so each null panel keeps both marginal distributions and loses the
relationship; the real panel's position is drawn at random.  In a null lineup
(the spec's ``null_lineup_share`` of them) every panel is a permutation and the
right answer is ``none``: seeing a pattern in noise is the error it trains.

The data holds ``x`` and ``y`` once and one permutation of the row positions
per panel (panel k plots ``x`` against ``y[perms[k]]``); the real panel's
permutation is the identity.  No null permutation reproduces the real pairing.
"""

from __future__ import annotations

from typing import Any

from runner.drill.intuition.base import (
    Item,
    Loaded,
    Settings,
    floats,
)
from runner.drill.intuition.correlation import sampled_pairs

MAX_POINTS = 100
MIN_POINTS = 20
NULL, WEAK, STRONG = 0, 1, 2  # bins: no real panel; a real panel with |r| below / above STRONG_R
MIN_R, STRONG_R = 0.25, 0.5


def null_permutation(y: Any, rng: Any) -> list[int]:
    """A permutation of y's positions that changes the pairing (ties in y cannot undo it)."""
    import numpy as np

    for _ in range(100):
        perm = rng.permutation(len(y))
        if not np.array_equal(y[perm], y):
            return perm
    raise ValueError("y has a single value: no permutation destroys anything")


class Lineup:
    name = "lineup"
    bins = 3

    def slots(self, count: int, rng: Any, settings: Settings) -> list[int]:
        return [NULL if rng.random() < settings.null_lineup_share else int(rng.choice([WEAK, STRONG]))
                for _ in range(count)]

    def drafts(self, loaded: Loaded, rng: Any, settings: Settings) -> list[Item]:
        out = []
        for x_name, y_name, rows, x, y, r in sampled_pairs(loaded, rng, MAX_POINTS, MIN_POINTS, 2):
            out.append(self._item(loaded, x_name, y_name, rows, x, y, r, NULL, rng, settings))
            if abs(r) >= MIN_R:
                out.append(self._item(loaded, x_name, y_name, rows, x, y, r, WEAK if abs(r) < STRONG_R else STRONG,
                                      rng, settings))
        return out

    def _item(self, loaded: Loaded, x_name: str, y_name: str, rows: Any, x: Any, y: Any, r: float, kind_bin: int,
              rng: Any, settings: Settings) -> Item:
        import numpy as np

        panels = int(rng.choice(settings.lineup_panels))
        perms = [null_permutation(y, rng) for _ in range(panels)]
        real = None if kind_bin == NULL else int(rng.integers(panels))
        if real is not None:
            perms[real] = np.arange(len(y))
        return Item(
            kind=self.name, dataset_id=loaded.id, dataset_title=loaded.title, columns=[x_name, y_name],
            prompt=f"{panels} scatter plots of {y_name} against {x_name} ({len(rows)} points from {loaded.title}). "
                   "At most one shows the real data; the others have y shuffled. Which panel is real? "
                   "(or none)",
            answer={"type": "lineup", "panels": panels},
            rows=rows, data={"x": floats(x), "y": floats(y), "perms": perms},
            truth={"value": "none" if real is None else real + 1, "r": round(r, 4)}, bin=kind_bin,
        )
