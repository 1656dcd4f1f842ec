"""Provides the odds to advance: each playoff driver's chance to be in at the flag, by simulation.

From the race so far, the rest of the race is run many times over with the running-order model
(`cutline.feed.standings.odds_model`): the stage finishes still to come and the finish. Each
simulated race is then scored as the board scores a race (`cutline.feed.standings.projection`:
the same points tables, stage points, win locks, tiebreaker), and a driver's odds are the share
of simulated races he is inside the cut in. In a round decided by finishing position (the
Championship 4) that is the chance to be champion; on a Chase title board, to lead it.

The board is coherent by construction: every simulated race has exactly ``cut_size`` drivers in,
so the odds sum to the places; a driver in every simulated race (locked by an earlier win) is
1.0, one in none 0.0. Once a result is in there is nothing left to simulate: the odds are the
board's verdict, exactly 0 or 1. What the model does not know it does not pretend to: a
disqualification, a penalty to come and who pits when are not simulated.
"""

from __future__ import annotations

import msgspec
import numpy as np
import numpy.typing as npt

from cutline.feed.model.messages import RaceState
from cutline.feed.rules import REGULAR_SEASON, Round, Rules, load
from cutline.feed.standings.cut_line import Standings, standings
from cutline.feed.standings.odds_model import Ints, OddsParams, draw_places, load_params
from cutline.feed.standings.projection import Field, classification, field_of

__all__ = ["SIMS", "Odds", "inside_matrix", "odds"]

SIMS = 1000  # simulated races per board: the odds' sampling error is at most ~1.6 points
_DIGIT = 128  # one tiebreak finish per base-128 digit (fields are far smaller)
_NONE = _DIGIT - 1  # no finish: behind any real one, as projection's _FAR
_GROUP = 2**52  # above any key: the win-locked groups sort before the points


class Odds(msgspec.Struct, frozen=True, kw_only=True):
    """The odds of one board."""

    lap: int
    advance: dict[str, float]  # car -> probability to be in at the flag (0 to 1)
    places: int  # how many are in at the flag: the odds sum to this
    exact: bool  # from a result: the board's verdict, not a simulation
    sims: int = 0
    seed: int = 0


def odds(
    state: RaceState,
    *,
    params: OddsParams | None = None,
    sims: int = SIMS,
    seed: int = 0,
    board: Standings | None = None,
    rules: Rules | None = None,
) -> Odds | None:
    """Each playoff driver's probability to advance from ``state``.

    Args:
        state: the race so far.
        params: the model's numbers; by default the shipped fit.
        sims: simulated races.
        seed: the draws' seed: the same seed gives the same odds.
        board: ``standings(state)`` when the caller has it already.
        rules: the rules to use; by default the header's series and season.

    Returns:
        None when the state has no championship board.

    Raises:
        RulesError: no rules cover the race, or the parameters cannot be read.
    """
    race = state.race
    board = board if board is not None else standings(state, rules)
    if race is None or race.playoff is None or board is None:
        return None
    if state.result is not None:
        verdict = {d.car: 0.0 if d.status == "out" else 1.0 for d in board.drivers}
        return Odds(lap=state.lap, advance=verdict, places=board.cut_size, exact=True)
    ctx = race.playoff
    rules = rules or load(race.series, race.season)
    params = params or load_params()
    rnd = rules.round(ctx.round)
    title = rules.format == "chase" and ctx.round.casefold() != REGULAR_SEASON.casefold()
    order, dq, _ = classification(state)
    field = field_of(state, race, ctx, rules, order, dq, title)
    laps = max(race.scheduled_laps, 1)
    ends = [e for e in race.stage_ends[:-1] if e > state.lap]  # stages still to pay
    paying = len(race.stage_ends) - 1
    stage_nos = [i + 1 for i, e in enumerate(race.stage_ends[:-1]) if e > state.lap]
    checkpoints = (*((e - state.lap) / laps for e in ends), max(laps - state.lap, 0) / laps)
    row_of = {car: i for i, (car, _) in enumerate(order)}
    cars = [c for c in field.cars if c in row_of]
    rows = np.array([row_of[c] for c in cars], dtype=np.int64)
    laps_down = np.array([r.laps_down for r in state.order], dtype=np.int64)
    if len(laps_down) != len(order):  # a classification without lap lines: no laps down known
        laps_down = np.zeros(len(order), dtype=np.int64)
    # The same draws every lap (common random numbers): the odds move with the race, not with
    # the sampling noise of a fresh draw.
    rng = np.random.default_rng(seed)
    drawn = draw_places(params, laps_down, checkpoints, sims, rng, rows) if cars else []
    stage_table = np.array([0, *(rules.stage_points(p) for p in range(1, len(order) + 2))])
    extra = np.zeros((sims, len(cars)), dtype=np.int64)
    for stage_no, places in zip(stage_nos, drawn[:-1], strict=True):
        if stage_no <= paying:
            extra += stage_table[places]
    finish = drawn[-1] if drawn else np.zeros((sims, 0), dtype=np.int64)
    ins = inside_matrix(field, rules, rnd, title, board.cut_size, cars, finish, extra)
    share = ins.mean(axis=0) if sims else np.zeros(len(field.cars))
    advance = {car: float(share[i]) for i, car in enumerate(field.cars)}
    return Odds(
        lap=state.lap, advance=advance, places=board.cut_size, exact=False, sims=sims, seed=seed
    )


def inside_matrix(
    field: Field,
    rules: Rules,
    rnd: Round,
    title: bool,
    cut_size: int,
    placed: list[str],
    finish: Ints,
    extra: Ints,
) -> npt.NDArray[np.bool_]:
    """Who is inside the cut in each simulated race, as `projection.inside_cut` decides it.

    Args:
        field: the board's inputs now (base points, earlier finishes, earlier winners).
        rules: the rules.
        rnd: the round.
        title: a Chase title board.
        cut_size: places in.
        placed: the drivers on the timing screen, the columns of ``finish`` and ``extra``.
        finish: ``(sims, len(placed))`` simulated finishing places.
        extra: ``(sims, len(placed))`` stage points still to be banked.

    Returns:
        ``(sims, len(field.cars))`` booleans, columns in ``field.cars`` order.
    """
    sims = finish.shape[0]
    k = len(field.cars)
    col = {c: i for i, c in enumerate(placed)}
    pos = np.full((sims, k), -1, dtype=np.int64)  # -1: not on the timing screen
    pts = np.zeros((sims, k), dtype=np.int64)
    top = int(finish.max()) if finish.size else 1
    table = np.array([0, *(rules.finishing_points(p) for p in range(1, top + 1))])
    for j, car in enumerate(field.cars):
        pts[:, j] = field.base[car]
        if car in col:
            pos[:, j] = finish[:, col[car]]
            pts[:, j] += table[pos[:, j]] + extra[:, col[car]]
    if rnd.decided_by == "finish":
        key = np.where(pos > 0, pos, 10_000)
    else:
        tiebreak, width = _tiebreak(field, pos, rules.playoffs.tiebreakers is not None)
        key = -pts * _DIGIT**width + tiebreak
        if not title and rules.playoffs.win_and_in:
            # Earlier winners first, then today's winner (if a playoff driver), then points.
            group = np.where(pos == 1, 1, 2)
            for j, car in enumerate(field.cars):
                if car in field.locked_before:
                    group[:, j] = 0
            key = key + group * _GROUP
    # A stable sort keeps ties in field order, as the board's sort does.
    first = np.argsort(key, axis=1, kind="stable")[:, :cut_size]
    inside = np.zeros((sims, k), dtype=bool)
    np.put_along_axis(inside, first, True, axis=1)
    return inside


def _tiebreak(field: Field, pos: Ints, known: bool) -> tuple[Ints, int]:
    """The tiebreak part of the board's key, one number per driver (smaller is better), and
    how many base-``_DIGIT`` digits it takes: the sorted finishes in the round, this one in."""
    if not known:
        # Unknown tiebreaker: the board keeps ties in running order.
        return np.where(pos > 0, pos, _NONE), 1
    k = len(field.cars)
    top = max(int(pos.max()), 0) + 1
    width = max((len(f) for f in field.finishes.values()), default=0) + 1
    # One row per driver and possible place (column 0: off the timing screen), worked out once.
    digits = np.full((k, top, width), _NONE, dtype=np.int64)
    for j, car in enumerate(field.cars):
        earlier = sorted(field.finishes[car])
        digits[j, :, : len(earlier)] = np.minimum(earlier, _NONE - 1)
        digits[j, :, len(earlier)] = np.minimum(np.arange(top), _NONE - 1)
    digits.sort(axis=2)
    # Off the timing screen the board ranks on points alone, behind any finish.
    digits[:, 0, :] = _NONE
    weights = _DIGIT ** np.arange(width - 1, -1, -1, dtype=np.int64)
    table = (digits * weights).sum(axis=2)
    out: Ints = table[np.arange(k)[None, :], np.maximum(pos, 0)]
    return out, width
