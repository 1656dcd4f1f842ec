"""Provides who went through from the previous playoff round, computed from the archive: the
playoff field of a race whose own feeds do not name it reliably.

The previous round's field is ``is_in_chase`` in the live points of its last race (checked against
the round's size); its points at the end are that race's ``points``. Through go the round's race
winners from its field (win-and-in formats), then the best on points, a tie at the line broken by
the best finishes in the round (the round's weekend feeds). Any part missing: no answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cutline.feed.rules import Rules
from cutline.feed.sources.nascar.context import round_winner
from cutline.feed.sources.nascar.parse_season import LivePointsRow, RaceListEntry, WeekendRace

LivePoints = Callable[[RaceListEntry], Sequence[LivePointsRow] | None]
Weekends = Callable[[RaceListEntry], WeekendRace | None]


def field_size(rules: Rules, index: int) -> int | None:
    """How many drivers start playoff round ``index`` (None: not in the rules)."""
    if rules.format == "chase":
        return None  # the Chase's field per round is not in the rules
    if index == 1:
        return rules.playoffs.field
    rounds = rules.playoffs.rounds
    return rounds[index - 2].advance if 1 < index <= len(rounds) + 1 else None


def advanced(
    rules: Rules,
    index: int,
    series_id: int,
    races: Sequence[RaceListEntry],
    live_of: LivePoints,
    weekends: Weekends,
) -> tuple[set[int] | None, str]:
    """The driver ids through to round ``index`` from round ``index - 1``, and a note.

    Returns:
        The ids (None when the archive cannot say), and what was used or what was missing.
    """
    prev = index - 1
    size, through = field_size(rules, prev), field_size(rules, index)
    if prev < 1 or size is None or through is None:
        return None, "no earlier playoff round to compute the field from"
    done = sorted(
        (r for r in races if r.series_id == series_id and r.playoff_round == prev
         and r.race_type in (None, 1)),
        key=lambda r: (r.date, r.race_id),
    )  # fmt: skip
    if not done:
        return None, f"no race of playoff round {prev} in the race list"
    live = live_of(done[-1])
    if live is None:
        return None, f"live points of race {done[-1].race_id} (end of round {prev}) missing"
    field = {p.driver_id: p for p in live if p.chase_flag}
    if len(field) != size:
        return None, f"race {done[-1].race_id}: is_in_chase names {len(field)}, not {size}"
    docs = {r.race_id: weekends(r) for r in done}
    lacking = [str(rid) for rid, doc in docs.items() if doc is None]
    if lacking:
        return None, f"weekend feed(s) {', '.join(lacking)} of round {prev} missing"
    winners: list[int] = []
    if rules.playoffs.win_and_in:
        for r in done:
            w = round_winner(r, docs[r.race_id])
            if w in field and w not in winners:
                winners.append(w)

    def finishes(driver: int) -> tuple[int, ...]:
        return tuple(
            sorted(
                row.pos for d in docs.values() if d for row in d.results if row.driver_id == driver
            )
        )

    rest = sorted(
        (d for d in field if d not in winners),
        key=lambda d: (-field[d].points, finishes(d)),
    )
    chosen = set((winners + rest)[:through])
    return chosen, (
        f"playoff field: through from round {prev} (wins, then points after race "
        f"{done[-1].race_id}, the live points' is_in_chase as that round's field)"
    )
