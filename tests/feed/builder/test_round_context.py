"""The round's drivers are matched to the race's field by driver, not by number."""

from __future__ import annotations

import msgspec

from cutline.feed.builder.facts import FactsEntry, read_facts
from cutline.feed.builder.repairs import RepairLog
from cutline.feed.builder.round_context import checked_round, name_key, same_driver
from tests.support.paths import FACTS_RACE


def test_names_compare_without_case_punctuation_or_suffix() -> None:
    assert name_key("Martin Truex Jr.") == name_key("martin truex jr") == ("martin", "truex")
    assert same_driver(name_key("John H. Nemechek"), name_key("John Hunter Nemechek"))
    assert not same_driver(name_key("Kyle Busch"), name_key("Kurt Busch"))


def test_the_reference_race_needs_no_change() -> None:
    facts = read_facts(FACTS_RACE)
    log = RepairLog()
    assert checked_round(facts, log) is facts and not log.repairs()


def test_a_renumbered_driver_and_a_non_starter() -> None:
    # Rhodes in #97 this week; Majeski's #98 driven by someone else.
    facts = read_facts(FACTS_RACE)
    field = [
        msgspec.structs.replace(e, car="97")
        if e.car == "99"
        else FactsEntry(car="98", driver="Somebody Else")
        if e.car == "98"
        else e
        for e in facts.field
    ]
    log = RepairLog()
    out = checked_round(msgspec.structs.replace(facts, field=field), log)
    assert out.pre_race_playoff is not None and out.playoff_computed is not None
    cars = {d.driver: d.car for d in out.pre_race_playoff.drivers}
    assert cars["Ben Rhodes"] == "97" and cars["Ty Majeski"] == "98 (not in this race)"
    assert {d.driver: d.car for d in out.playoff_computed.drivers}["Ben Rhodes"] == "97"
    assert {r.kind: r.cars for r in log.repairs()} == {
        "playoff-car": ("99",),
        "playoff-not-started": ("98",),
    }
