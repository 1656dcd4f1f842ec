"""Green-flag pit loss measured from the car's own laps, and the rejoin estimate."""

from __future__ import annotations

from cutline.feed.model.messages import CarLap, Entry, FeedMessage, Flag, Lap, Pit, Race, RaceState
from cutline.feed.model.state import apply
from cutline.feed.views.pit_rejoin import PitBook, green_loss, observe, rejoin

PACE = {"1": 30.0, "2": 30.2, "3": 30.4}


class Race3:
    """Three cars lapping at steady paces; one message at a time, the book folded per state."""

    def __init__(self) -> None:
        field = tuple(Entry(car=c, driver=f"Driver {c}") for c in PACE)
        self.state = RaceState()
        self.book = PitBook()
        self.states: list[RaceState] = []
        self.total = dict.fromkeys(PACE, 0.0)
        self.lap = 0
        self.seq = 0
        self.send(Race(seq=1, t=0, series="truck", season=2023, track="T", scheduled_laps=100,
                       stage_ends=(100,), field=field))  # fmt: skip
        self.send(Flag(seq=2, t=0, flag="green", lap=0))

    def send(self, msg: FeedMessage) -> None:
        self.seq = msg.seq
        self.state = apply(self.state, msg)
        self.book = observe(self.book, self.state)
        self.states.append(self.state)

    def laps(self, n: int, extra: dict[str, float] | None = None) -> None:
        for _ in range(n):
            self.lap += 1
            times = {c: p + (extra or {}).get(c, 0.0) for c, p in PACE.items()}
            for c, t in times.items():
                self.total[c] += t
            order = sorted(PACE, key=lambda c: self.total[c])
            lead = self.total[order[0]]
            rows = []
            for i, c in enumerate(order, 1):
                gap = round(self.total[c] - lead, 3)
                prev = self.total[order[i - 2]] if i > 1 else lead
                rows.append(CarLap(car=c, pos=i, laps=self.lap, gap=gap if i > 1 else None,
                                   interval=round(self.total[c] - prev, 3) if i > 1 else None,
                                   last_lap=times[c]))  # fmt: skip
            self.send(Lap(seq=self.seq + 1, t=lead, lap=self.lap, cars=tuple(rows)))
            extra = None  # only the first lap of the call carries the extra time

    def pit(self, car: str, under: str = "green") -> None:
        self.send(Pit(seq=self.seq + 1, t=0, car=car, lap=self.lap, phase="in"))
        self.send(Pit(seq=self.seq + 1, t=0, car=car, lap=self.lap, phase="out", tyres=4))


def test_a_green_stop_is_measured_against_the_cars_own_pace() -> None:
    race = Race3()
    race.laps(6)
    race.pit("2")
    race.laps(1, {"2": 25.0})  # in/out lap: 25 s slower than its pace
    race.laps(3)
    assert green_loss(race.book, "2") == 25.0
    assert green_loss(race.book, "1") is None


def test_a_stop_straddling_the_line_counts_both_laps() -> None:
    race = Race3()
    race.laps(6)
    race.send(Pit(seq=race.seq + 1, t=0, car="3", lap=6, phase="in"))
    race.laps(1, {"3": 12.0})
    race.send(Pit(seq=race.seq + 1, t=0, car="3", lap=7, phase="out"))
    race.laps(1, {"3": 11.0})
    race.laps(2)
    assert green_loss(race.book, "3") == 23.0


def test_a_caution_during_the_stop_means_no_measurement() -> None:
    race = Race3()
    race.laps(6)
    race.pit("2")
    race.send(Flag(seq=race.seq + 1, t=0, flag="yellow", lap=6))
    race.laps(1, {"2": 25.0})
    race.send(Flag(seq=race.seq + 1, t=0, flag="green", lap=7))
    race.laps(3)
    assert green_loss(race.book, "2") is None


def test_too_few_reference_laps_means_unknown() -> None:
    race = Race3()
    race.laps(2)
    race.pit("1")
    race.laps(3, {"1": 20.0})
    assert green_loss(race.book, "1") is None


def test_seeking_back_forgets_stops_measured_later() -> None:
    race = Race3()
    race.laps(6)
    before = race.states[-1]
    race.pit("2")
    race.laps(1, {"2": 25.0})
    race.laps(3)
    assert green_loss(race.book, "2") == 25.0
    book = observe(race.book, before)
    assert green_loss(book, "2") is None
    assert observe(book, race.state) is not book


def test_rejoin_counts_the_cars_that_would_be_ahead() -> None:
    race = Race3()
    race.laps(10)
    # After 10 laps: 1 leads, 2 is 2.0 s behind, 3 is 4.0 s behind.
    est = rejoin(race.state, "1", 3.0)
    assert est is not None
    assert (est.pos, est.ahead, est.behind) == (2, "2", "3")
    assert est.gap_ahead == 1.0 and est.gap_behind == 1.0 and est.exact
    last = rejoin(race.state, "1", 10.0)
    assert last is not None and last.pos == 3 and last.behind is None
    assert rejoin(race.state, "9", 10.0) is None
