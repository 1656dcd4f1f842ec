"""Provides the running-order model the odds simulate: where each car is when the rest is run.

A car's standing in the running order is treated as a score that drifts like a random walk as
laps are run: from its place now (``pos``), by Gaussian steps whose spread grows with the share
of the race still to run, ``scale * left ** exponent`` places at the flag, damped by
``exp(-laps_down_damping * laps_down)`` for a car laps down (it needs the leaders to stop or wreck
to gain). A car also drops out (a crash, a failure) with probability ``1 - exp(-hazard * left)``
at a uniform point of what is left, and is then scored behind every car still running. The
places at a checkpoint (a stage end, the finish) are the ranks of the scores there, so the
stage finishes and the race finish of one simulated race are drawn together and agree.

The few numbers are fitted on real races by ``tools/fit_odds.py`` and ship as
``odds_params.json`` beside this module, with the date and the races used. Pure and seeded:
the same inputs and seed give the same draws.
"""

from __future__ import annotations

import functools
from importlib import resources

import msgspec
import numpy as np
import numpy.typing as npt

from cutline.feed.model.errors import RulesError

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
# A dropped-out car's score: behind every car still running (a running car's score is its
# place now plus a drift of a few places; a thousand is out of reach).
_DROPPED = 1.0e3
_ROW = 1.0e4  # above any score: one simulated race's scores never reach into the next's
_EPS = 1.0e-6  # a running-order nudge, far below a place yet far above float64's step at _ROW*sims

__all__ = ["PARAMS_FILE", "OddsParams", "draw_places", "load_params"]

PARAMS_FILE = "odds_params.json"


class OddsParams(msgspec.Struct, frozen=True, kw_only=True):
    """The model's fitted numbers and where they came from."""

    scale: float  # spread, in places, of the drift over a whole race
    exponent: float  # how the spread grows with the share of the race left
    laps_down_damping: float  # per lap down, the spread is multiplied by exp(-this)
    hazard: float  # drop-out rate over a whole race: P(out) = 1 - exp(-hazard * left)
    fitted: str = ""  # ISO date of the fit
    races: tuple[str, ...] = ()  # the races the fit saw
    score: str = ""  # what the fit minimised, and its value
    note: str = ""


@functools.cache
def load_params() -> OddsParams:
    """The shipped parameters (``odds_params.json``).

    Raises:
        RulesError: the file is missing or malformed.
    """
    try:
        data = resources.files(__package__ or __name__).joinpath(PARAMS_FILE).read_bytes()
        return msgspec.json.decode(data, type=OddsParams)
    except (OSError, msgspec.DecodeError) as err:
        raise RulesError(f"{PARAMS_FILE}: {err}") from err


def spread(params: OddsParams, left: float) -> float:
    """The drift's spread, in places, over ``left`` (a share of the race, 0 to 1)."""
    return params.scale * max(left, 0.0) ** params.exponent if left > 0 else 0.0


def draw_places(
    params: OddsParams,
    laps_down: Ints,
    checkpoints: tuple[float, ...],
    sims: int,
    rng: np.random.Generator,
    rows: Ints,
) -> list[Ints]:
    """Simulated places at each checkpoint for the cars at ``rows`` of the running order.

    Args:
        params: the model's numbers.
        laps_down: each car's laps down, in running order (P1 first).
        checkpoints: shares of the race from now to each checkpoint, rising; the last is the
            finish.
        sims: how many races to simulate.
        rng: the seeded generator the draws come from.
        rows: the running-order indexes (0 = P1) whose places are wanted.

    Returns:
        One ``(sims, len(rows))`` array of 1-based places per checkpoint.
    """
    n = len(laps_down)
    now = np.arange(1, n + 1, dtype=np.float32)
    damp = np.exp(-params.laps_down_damping * laps_down.astype(np.float32))
    total = checkpoints[-1] if checkpoints else 0.0
    # Drop-outs: whether, and when (as a share of the race from now).
    p_out = 1.0 - np.exp(-params.hazard * total)
    out_at = rng.random((sims, n), dtype=np.float32) * total
    out = rng.random((sims, n), dtype=np.float32) < p_out
    score = np.broadcast_to(now, (sims, n)).copy()
    var_before = 0.0
    order_eps = np.arange(n, dtype=np.float64) * _EPS
    shift = np.arange(sims, dtype=np.float64)[:, None] * _ROW
    places: list[Ints] = []
    for at in checkpoints:
        step = spread(params, at) ** 2 - var_before
        var_before += step
        if step > 0:
            score += rng.standard_normal((sims, n), dtype=np.float32) * (np.sqrt(step) * damp)
        # A car out before the checkpoint is behind every car running; the earlier out, the
        # further back (it completed fewer laps).
        seen = np.where(out & (out_at < at), _DROPPED - out_at.astype(np.float64), score)
        # Near-ties (two cars out at the same instant, in float terms) go to running order.
        seen = seen + order_eps
        # A car's place is one plus the cars ahead of it: one sort of every simulated race, then
        # a binary search for the wanted cars only. Each race is shifted by its own offset so
        # that one flat search covers them all.
        flat = (np.sort(seen, axis=1) + shift).ravel()
        ahead = np.searchsorted(flat, (seen[:, rows] + shift).ravel(), side="left")
        ahead = ahead.reshape(sims, len(rows)) - np.arange(sims)[:, None] * n
        places.append(ahead.astype(np.int64) + 1)
    return places
