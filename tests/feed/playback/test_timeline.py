"""The event timeline of the bundled replay matches the race facts."""

from __future__ import annotations

import json
from collections import Counter

import cutline.replays as replays
from cutline.feed.model.messages import FeedMessage
from cutline.feed.playback.recording import read_messages
from cutline.feed.playback.timeline import KINDS, timeline
from tests.support.paths import FACTS_RACE

FACTS = json.loads(FACTS_RACE.read_text())
MSGS: list[FeedMessage] = read_messages(replays.path())
EVENTS = timeline(MSGS)


def test_counts_match_the_facts() -> None:
    kinds = Counter(e.kind for e in EVENTS)
    assert set(kinds) <= set(KINDS)
    assert kinds["caution"] == FACTS["race"]["cautions"] == 5
    assert kinds["restart"] == 5
    assert kinds["lead"] == FACTS["race"]["lead_changes"] == 8
    assert kinds["stage"] == 2 and kinds["result"] == 2
    assert kinds["penalty"] == 3 and kinds["incident"] == 1


def test_events_point_at_their_message_in_order() -> None:
    assert [e.index for e in EVENTS] == sorted(e.index for e in EVENTS)
    for event in EVENTS:
        msg = MSGS[event.index]
        assert msg.t == event.t
    leads = [e for e in EVENTS if e.kind == "lead"]
    expected = [leader["car"] for leader in FACTS["leaders"][1:]]
    assert [e.cars[0] for e in leads] == expected
    assert [e.lap for e in leads] == [leader["start_lap"] for leader in FACTS["leaders"][1:]]


def test_cut_changes_name_one_driver_each() -> None:
    cuts = [e for e in EVENTS if e.kind == "cut"]
    assert cuts and all(len(e.cars) == 1 and e.lap > 0 for e in cuts)
    # The last change of the race before the flag: the winner takes the lead, a projected win.
    won = "in with a win (projected)"
    assert any(e.cars == ("42",) and e.lap == 124 and won in e.text for e in cuts)
