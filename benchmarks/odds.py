"""The odds to advance, evaluated leave-one-race-out on real races, and timed per board.

    python benchmarks/odds.py [--races DIR] [--sims N] [--only NAME ...]

For every race of the facts folder that builds (``../shared/facts/races/``), the model is
refitted on the other races (`benchmarks/fit_odds.py`: the race evaluated is never seen), then
asked at the end of the laps 25 %, 50 %, 75 % and 90 % of the way through each playoff driver's
chance to be in at the flag. Printed:

- the Brier score of the odds, and of the deterministic projection on the same checkpoints
  (1 if in as it stands, else 0), and their ratio (the target is at most 0.75);
- a calibration table: the odds in deciles against how often those drivers did advance;
- the time one board's odds take (the 16-driver round in the set, or the largest), against the
  time of the board itself (`standings`) measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from cutline.feed.standings import standings
from cutline.feed.standings.odds import SIMS, odds
from cutline.feed.standings.odds_model import load_params

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_odds import best, checkpoints, crps_table  # noqa: E402
from odds_races import RealRace, at_share, facts_dir, load_races  # noqa: E402

SHARES = (0.25, 0.5, 0.75, 0.9)


def evaluate(races: list[RealRace], sims: int) -> list[tuple[float, int, int]]:
    """(odds, projection, outcome) for every playoff driver at every checkpoint."""
    rows: list[tuple[float, int, int]] = []
    points = checkpoints(races)
    grid, table = crps_table(points)  # once; each fold is a masked argmin over it
    for race in races:
        others = [r for r in races if r is not race]
        params = best(grid, table, points, [r.name for r in others])
        brier_o = brier_p = 0.0
        n = 0
        for share in SHARES:
            state = at_share(race, share)
            board = standings(state)
            got = odds(state, params=params, sims=sims, board=board)
            assert board is not None and got is not None
            for d in board.drivers:
                y = int(d.car in race.advanced)
                proj = int(d.status != "out")
                p = got.advance[d.car]
                rows.append((p, proj, y))
                brier_o += (p - y) ** 2
                brier_p += (proj - y) ** 2
                n += 1
        print(
            f"  {race.name:32} fit on {len(others)} others (scale {params.scale}, exponent "
            f"{params.exponent}, damping {params.laps_down_damping}, hazard {params.hazard}): "
            f"Brier odds {brier_o / n:.3f}, projection {brier_p / n:.3f}"
        )
    return rows


def calibration(rows: list[tuple[float, int, int]]) -> None:
    print("\n  predicted     drivers  mean odds  advanced")
    for k in range(10):
        lo, hi = k / 10, (k + 1) / 10
        sel = [(p, y) for p, _, y in rows if lo <= p < hi or (k == 9 and p == 1.0)]
        if not sel:
            print(f"  {lo:.1f}-{hi:.1f}   {0:9}          -         -")
            continue
        mean_p = statistics.fmean(p for p, _ in sel)
        freq = statistics.fmean(y for _, y in sel)
        print(f"  {lo:.1f}-{hi:.1f}   {len(sel):9}  {mean_p:9.3f}  {freq:8.3f}")


def timing(races: list[RealRace], sims: int) -> None:
    race = max(races, key=lambda r: (len(r.board.drivers), len(r.final.order)))
    state = at_share(race, 0.5)
    board = standings(state)
    assert board is not None
    odds(state, sims=sims, board=board)  # warm: the parameters and rules load once

    def median_ms(fn: object, repeat: int = 30) -> float:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()  # type: ignore[operator]
            times.append(time.perf_counter() - t0)
        return statistics.median(times) * 1000

    t_odds = median_ms(lambda: odds(state, sims=sims, board=board))
    t_board = median_ms(lambda: standings(state))
    print(
        f"\ntiming on {race.name} at lap {state.lap} ({len(board.drivers)} playoff drivers, "
        f"{len(state.order)} cars, {sims} simulated races): odds {t_odds:.2f} ms per board "
        f"(target <= 20 ms), the board itself {t_board:.2f} ms, ratio {t_odds / t_board:.1f}x"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--races", help="the facts races folder (default ../shared/facts/races)")
    ap.add_argument("--sims", type=int, default=SIMS)
    ap.add_argument("--only", nargs="*", help="race names to load (default: all that build)")
    args = ap.parse_args()
    races = load_races(facts_dir(args.races), args.only)
    if len(races) < 2:
        sys.exit("odds: leave-one-race-out needs at least two races that build")
    shipped = load_params()
    print(f"{len(races)} races build: {', '.join(r.name for r in races)}")
    print(f"shipped parameters: fitted {shipped.fitted} on {len(shipped.races)} races\n")
    print("leave one race out, checkpoints at 25/50/75/90 % of each race:")
    rows = evaluate(races, args.sims)
    b_odds = statistics.fmean((p - y) ** 2 for p, _, y in rows)
    b_proj = statistics.fmean((d - y) ** 2 for _, d, y in rows)
    print(
        f"\nBrier over {len(rows)} driver-checkpoints: odds {b_odds:.4f}, projection "
        f"{b_proj:.4f}, ratio {b_odds / b_proj:.3f} (target <= 0.75)"
    )
    calibration(rows)
    timing(races, args.sims)


if __name__ == "__main__":
    main()
