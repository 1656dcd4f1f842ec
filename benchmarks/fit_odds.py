"""Fit the odds model's few numbers on real races, and write them where the package ships them.

    python benchmarks/fit_odds.py [--races DIR] [--out FILE] [--sims N]

Inputs: every race of the facts folder (``../shared/facts/races/``) that the builder takes; for
each, the running order at the end of the laps 10 %, 20 %, ... 90 % of the way through and each
car's official finishing position. Output: ``feed/standings/odds_params.json`` (or ``--out``)
with the fitted numbers, the date and the races used.

What is fitted (see `cutline.feed.standings.odds_model`): ``scale``, ``exponent``,
``laps_down_damping`` (the drift of the running order) and ``hazard`` (drop-outs), together, by
a grid search minimising the mean CRPS (continuous ranked probability score, in places) of the
simulated finishing position against the real one, over every car at every checkpoint (a car
that drops out is scored at its real, classified place). Common random numbers (one seed per
checkpoint) keep the grid's comparisons fair.

The advance outcomes are never used here, so the fit cannot learn the answers it is scored on;
`benchmarks/odds.py` refits without the race it evaluates (leave one race out).
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

import msgspec
import numpy as np

from cutline.feed.standings.odds_model import OddsParams, draw_places

sys.path.insert(0, str(Path(__file__).resolve().parent))
from odds_races import RealRace, facts_dir, load_races  # noqa: E402

SHARES = tuple(i / 10 for i in range(1, 10))
SCALES = (5.0, 7.0, 9.0, 12.0, 15.0)
EXPONENTS = (0.15, 0.3, 0.5, 0.7)
DAMPINGS = (0.15, 0.3, 0.6, 1.0)
HAZARDS = (0.05, 0.1, 0.2, 0.3)


@dataclass
class Checkpoint:
    race: str
    left: float  # share of the race still to run
    laps_down: np.ndarray  # type: ignore[type-arg]
    finish: np.ndarray  # type: ignore[type-arg]  # each car's real finishing position
    dropped: np.ndarray  # type: ignore[type-arg]  # each car's real drop-out (bool)


def checkpoints(races: list[RealRace]) -> list[Checkpoint]:
    out: list[Checkpoint] = []
    for race in races:
        for share in SHARES:
            lap = max(1, round(race.laps * share))
            state = race.states.get(lap) or race.states[max(k for k in race.states if k <= lap)]
            order = [r for r in state.order if r.car in race.finish]
            out.append(
                Checkpoint(
                    race=race.name,
                    left=max(race.laps - state.lap, 0) / race.laps,
                    laps_down=np.array([r.laps_down for r in order], dtype=np.int64),
                    finish=np.array([race.finish[r.car] for r in order], dtype=np.int64),
                    dropped=np.array([r.car in race.dropped for r in order], dtype=bool),
                )
            )
    return out


def crps_table(
    points: list[Checkpoint], sims: int = 300, seed: int = 0
) -> tuple[list[OddsParams], np.ndarray]:  # type: ignore[type-arg]
    """Every grid point's summed CRPS at every checkpoint: ``(grid, table[grid, checkpoint])``.

    Worked out once; a fit on any subset of the races is then a masked argmin over it, so the
    leave-one-race-out evaluation refits twenty times at the cost of one pass.
    """
    grid = [
        OddsParams(scale=sc, exponent=ex, laps_down_damping=da, hazard=hz)
        for sc, ex, da, hz in itertools.product(SCALES, EXPONENTS, DAMPINGS, HAZARDS)
    ]
    table = np.zeros((len(grid), len(points)))
    for g, params in enumerate(grid):
        for i, c in enumerate(points):
            rows = np.arange(len(c.finish), dtype=np.int64)
            rng = np.random.default_rng([seed, i])  # common random numbers across the grid
            (places,) = draw_places(params, c.laps_down, (c.left,), sims, rng, rows)
            spread = np.abs(places - c.finish[None, :]).mean(axis=0)
            twin = np.abs(places - np.roll(places, 1, axis=0)).mean(axis=0)
            table[g, i] = float((spread - 0.5 * twin).sum())
    return grid, table


def best(
    grid: list[OddsParams],
    table: np.ndarray,  # type: ignore[type-arg]
    points: list[Checkpoint],
    races: list[str],
    sims: int = 300,
) -> OddsParams:
    """The grid point with the least mean CRPS over the checkpoints of ``races`` only."""
    mask = np.array([c.race in races for c in points])
    cars = sum(len(c.finish) for c, m in zip(points, mask, strict=True) if m)
    scores = table[:, mask].sum(axis=1) / max(cars, 1)
    g = int(np.argmin(scores))
    return msgspec.structs.replace(
        grid[g],
        fitted=datetime.date.today().isoformat(),
        races=tuple(races),
        score=f"mean CRPS of the finishing position {scores[g]:.3f} places "
        f"({int(mask.sum())} checkpoints at 10-90 % of each race, {sims} simulated races each)",
        note="fitted by benchmarks/fit_odds.py on the races named; grid: scale "
        f"{SCALES}, exponent {EXPONENTS}, laps_down_damping {DAMPINGS}, hazard {HAZARDS}",
    )


def fit(races: list[RealRace], sims: int = 300, seed: int = 0) -> OddsParams:
    """The parameters fitted on ``races`` (and only on them)."""
    points = checkpoints(races)
    grid, table = crps_table(points, sims, seed)
    return best(grid, table, points, [r.name for r in races], sims)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--races", help="the facts races folder (default ../shared/facts/races)")
    ap.add_argument(
        "--out",
        default=str(
            Path(__file__).resolve().parents[1] / "feed" / "standings" / "odds_params.json"
        ),
    )
    ap.add_argument("--sims", type=int, default=300)
    args = ap.parse_args()
    races = load_races(facts_dir(args.races))
    if not races:
        sys.exit("fit_odds: no race builds")
    params = fit(races, sims=args.sims)
    data = msgspec.json.format(msgspec.json.encode(params), indent=2)
    Path(args.out).write_bytes(data + b"\n")
    print(f"fitted on {len(races)} races: {', '.join(params.races)}")
    print(data.decode())
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
