"""The persistent log reads as the tuple it replaces, shares what came before, and crosses the
wire as a plain array."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cutline.feed.model.log import Log, LogEntry
from cutline.feed.model.messages import DECODER, ENCODER, RaceState, Snapshot


def _entry(n: int) -> LogEntry:
    return LogEntry(seq=n, t=float(n), lap=n // 3, kind="pit", text=f"entry {n}", cars=(str(n),))


@given(st.lists(st.integers(0, 5), max_size=12), st.data())
def test_it_reads_as_the_tuple(batches: list[int], data: st.DataObject) -> None:
    log, plain, n = Log(), (), 0
    for size in batches:
        more = tuple(_entry(n + i) for i in range(size))
        n += size
        log, plain = log + more, plain + more
        assert len(log) == len(plain) and bool(log) == bool(plain)
        assert list(log) == list(plain) and list(reversed(log)) == list(reversed(plain))
        assert log == plain and log == Log(plain)
        if plain:
            i = data.draw(st.integers(-len(plain), len(plain) - 1))
            assert log[i] == plain[i]
        start = data.draw(st.integers(-len(plain) - 2, len(plain) + 2))
        stop = data.draw(st.none() | st.integers(-len(plain) - 2, len(plain) + 2))
        assert log[start:stop] == plain[start:stop]


def test_a_later_log_shares_the_earlier_one() -> None:
    first = Log([_entry(0), _entry(1)])
    second = first + (_entry(2),)
    third = second + (_entry(3),)
    assert list(first) == [_entry(0), _entry(1)]  # appending changed nothing before it
    assert third._before is second and second._before is first


def test_a_snapshot_carries_its_log_as_an_array() -> None:
    state = RaceState(seq=4, log=Log([_entry(1), _entry(2)]))
    wire = ENCODER.encode(Snapshot(seq=4, t=0.0, state=state))
    assert b'"log":[{"seq":1' in wire
    back = DECODER.decode(wire)
    assert isinstance(back, Snapshot) and back.state == state
    assert isinstance(back.state.log, Log) and back.state.log[-1] == _entry(2)
