"""Fit the odds model's few numbers on real races, and write them where the package ships them.

    python benchmarks/fit_odds.py [--races DIR] [--out FILE] [--sims N]

Inputs: every race of the facts folder (``../shared/facts/races/``) that the builder takes; for
each, the running order at the end of the laps 10 %, 20 %, ... 90 % of the way through and each
car's official finishing position. Output: ``feed/standings/odds_params.json`` (or ``--out``)
with the fitted numbers, the date and the races used.

What is fitted (see `cutline.feed.standings.odds_model`):

- ``hazard``: how often a running car fails to finish, by maximum likelihood of the observed
  drop-outs against ``1 - exp(-hazard * share left)``;
- ``scale``, ``exponent`` and ``laps_down_damping``: the drift of the running order, by a grid
  search minimising the mean CRPS (continuous ranked probability score, in places) of the
  simulated finishing position against the real one, over every car at every checkpoint. Common
  random numbers (one seed per checkpoint) keep the grid's comparisons fair.

The advance outcomes are never used here, so the fit cannot learn the answers it is scored on;
`benchmarks/odds.py` refits without the race it evaluates (leave one race out).
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import msgspec
import numpy as np

from cutline.feed.standings.odds_model import OddsParams, draw_places

sys.path.insert(0, str(Path(__file__).resolve().parent))
from odds_races import RealRace, facts_dir, load_races  # noqa: E402

SHARES = tuple(i / 10 for i in range(1, 10))
SCALES = (3.0, 5.0, 7.0, 9.0, 12.0, 16.0)
EXPONENTS = (0.3, 0.5, 0.7, 0.9, 1.2)
DAMPINGS = (0.0, 0.3, 0.6, 1.0, 2.0)


@dataclass
class Checkpoint:
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
                    left=max(race.laps - state.lap, 0) / race.laps,
                    laps_down=np.array([r.laps_down for r in order], dtype=np.int64),
                    finish=np.array([race.finish[r.car] for r in order], dtype=np.int64),
                    dropped=np.array([r.car in race.dropped for r in order], dtype=bool),
                )
            )
    return out


def fit_hazard(points: list[Checkpoint]) -> float:
    """Maximum likelihood of each car's drop-out, on a log grid refined twice."""

    def loglik(h: float) -> float:
        total = 0.0
        for c in points:
            p = min(max(1.0 - math.exp(-h * c.left), 1e-9), 1 - 1e-9)
            k = int(c.dropped.sum())
            total += k * math.log(p) + (len(c.dropped) - k) * math.log(1 - p)
        return total

    grid = [10 ** (x / 20) for x in range(-60, 21)]  # 0.001 .. 10
    best = max(grid, key=loglik)
    fine = [best * 10 ** (x / 200) for x in range(-10, 11)]
    return max(fine, key=loglik)


def crps(params: OddsParams, points: list[Checkpoint], sims: int, seed: int) -> float:
    """Mean CRPS, in places, of the simulated finishing positions."""
    total, count = 0.0, 0
    for i, c in enumerate(points):
        rows = np.arange(len(c.finish), dtype=np.int64)
        rng = np.random.default_rng([seed, i])
        (places,) = draw_places(params, c.laps_down, (c.left,), sims, rng, rows)
        spread = np.abs(places - c.finish[None, :]).mean(axis=0)
        twin = np.abs(places - np.roll(places, 1, axis=0)).mean(axis=0)
        total += float((spread - 0.5 * twin).sum())
        count += len(c.finish)
    return total / max(count, 1)


def fit(races: list[RealRace], sims: int = 300, seed: int = 0) -> OddsParams:
    """The parameters fitted on ``races`` (and only on them)."""
    points = checkpoints(races)
    hazard = fit_hazard(points)
    best: tuple[float, OddsParams] | None = None
    for scale, exponent, damping in itertools.product(SCALES, EXPONENTS, DAMPINGS):
        p = OddsParams(scale=scale, exponent=exponent, laps_down_damping=damping, hazard=hazard)
        score = crps(p, points, sims, seed)
        if best is None or score < best[0]:
            best = (score, p)
    assert best is not None
    score, p = best
    return msgspec.structs.replace(
        p,
        hazard=round(hazard, 4),
        fitted=datetime.date.today().isoformat(),
        races=tuple(r.name for r in races),
        score=f"mean CRPS of the finishing position {score:.3f} places "
        f"({len(points)} checkpoints at 10-90 % of each race, {sims} simulated races each)",
        note="fitted by benchmarks/fit_odds.py on the races named; grid: scale "
        f"{SCALES}, exponent {EXPONENTS}, laps_down_damping {DAMPINGS}",
    )


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
