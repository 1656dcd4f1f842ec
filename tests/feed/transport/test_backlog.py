"""The server's backlog: the state and the ring of recent frames, no sockets."""

from __future__ import annotations

from cutline.feed.model.messages import Snapshot, decode, encode
from cutline.feed.model.state import fold
from cutline.feed.transport.backlog import Backlog
from tests.support.sample_feed import race_messages

MSGS = race_messages()[:40]


def test_backlog_folds_encodes_once_and_drops_duplicates() -> None:
    backlog = Backlog(size=8)
    frames = [backlog.add(m) for m in MSGS[:5]]
    assert frames == [encode(m) for m in MSGS[:5]]
    assert backlog.add(MSGS[3]) is None  # a duplicate is not sent again
    assert backlog.state == fold(MSGS[:5])


def test_backlog_serves_what_was_missed_from_the_ring_or_a_snapshot() -> None:
    backlog = Backlog(size=8, history=MSGS[:20])
    assert backlog.since(15) == [encode(m) for m in MSGS[15:20]]
    assert backlog.since(12) == [encode(m) for m in MSGS[12:20]]  # the whole ring
    (frame,) = backlog.since(11)  # one more than the ring holds
    snap = decode(frame)
    assert isinstance(snap, Snapshot) and snap.state == fold(MSGS[:20])
    assert backlog.since(None) == backlog.since(0) == [frame]
    assert backlog.since(20) == []
    assert backlog.since(99) == [frame]  # a client ahead of this feed: reset by a snapshot


def test_backlog_sends_a_snapshot_when_the_missed_frames_weigh_more_than_allowed() -> None:
    backlog = Backlog(size=8, history=MSGS[:20])
    missed = sum(len(encode(m)) for m in MSGS[15:20])
    assert backlog.since(15, max_bytes=missed) == [encode(m) for m in MSGS[15:20]]
    (frame,) = backlog.since(15, max_bytes=missed - 1)
    assert isinstance(decode(frame), Snapshot)


def test_backlog_with_nothing_sends_nothing_rather_than_an_empty_snapshot() -> None:
    assert Backlog().since(None) == []


def test_backlog_answers_a_gap_in_its_own_feed_with_a_snapshot() -> None:
    # The source skipped seq 6: a resume from 5 cannot be served from the ring.
    feed = [*MSGS[:5], *MSGS[6:10]]
    backlog = Backlog(size=8, history=feed)
    (frame,) = backlog.since(5)
    assert isinstance(decode(frame), Snapshot)
    assert backlog.since(6) == [encode(m) for m in MSGS[6:10]]
