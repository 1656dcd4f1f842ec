"""Provides the replay builder: real race data (the facts schema, a lap-by-lap file, an events
file) to a cutline recording. `facts` reads the race's facts, `lap_table` the laps (repairing
what real timing data lacks), `round_context` matches the round's drivers to the field,
`repairs` reports what was mended, `inputs` reads and checks them all together, `timing_screen`
rebuilds the timing screen at each leader lap, `pit_inference` finds the stops (or reads pit
data), `events` reads penalties and incidents, and `build` puts them in one message stream.
"""

from cutline.feed.builder.build import build, build_file, read_inputs
from cutline.feed.builder.facts import (
    header,
    read_facts,
    result_as_run,
    result_official,
    stage_messages,
)
from cutline.feed.builder.inputs import Inputs
from cutline.feed.builder.lap_table import CarLaps, LapTable, read_laps
from cutline.feed.builder.pit_inference import FactsPitStop, Stop, from_pit_data, infer
from cutline.feed.builder.repairs import Repair, summary
from cutline.feed.builder.timing_screen import leader_times, timing_lines

__all__ = [
    "CarLaps",
    "FactsPitStop",
    "Inputs",
    "LapTable",
    "Repair",
    "Stop",
    "build",
    "build_file",
    "from_pit_data",
    "header",
    "infer",
    "leader_times",
    "read_facts",
    "read_inputs",
    "read_laps",
    "result_as_run",
    "result_official",
    "stage_messages",
    "summary",
    "timing_lines",
]
