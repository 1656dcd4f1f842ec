"""Provides ``cutline standings``: fold a recording and print the cut-line table or JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cutline.tui.cmd.common import non_negative_int, warn

INCOMPLETE = 3  # exit code: the recording is readable but damaged (cut short, seq out of order)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "standings",
        help="fold a recording and print the cut-line table",
        description="Fold a recording and print the cut line: who is in, who is out, by how much.",
    )
    p.add_argument("file", type=Path, help="a cutline recording (.jsonl or .jsonl.gz)")
    p.add_argument("--at-lap", type=non_negative_int, metavar="N", help="stop after lap N")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from cutline.feed.model.messages import Lap, RaceState
    from cutline.feed.model.state import apply
    from cutline.feed.playback.integrity import Integrity
    from cutline.feed.playback.recording import iter_messages, read_header
    from cutline.feed.standings.cut_line import standings
    from cutline.feed.standings.odds import odds
    from cutline.feed.views.report import board_json, board_text

    state = RaceState()
    integrity = Integrity(args.file)
    for msg in iter_messages(args.file, warn=warn, integrity=integrity):
        if args.at_lap is not None and isinstance(msg, Lap) and msg.lap > args.at_lap:
            break
        state = apply(state, msg)
    board = standings(state)
    chances = odds(state, board=board)
    # A recording built from mended data says so (`cutline.feed.builder.repairs`).
    header = read_header(args.file)
    if args.json:
        doc = board_json(state, board, chances)
        if header.repaired:
            doc["lap_data_repaired"] = list(header.repairs)
        print(json.dumps(doc, indent=2))
    else:
        print(board_text(state, board, chances))
        if header.repaired:
            print(f"note: {header.repaired}")
    # Readable but incomplete (damaged: see the warnings): the board is what the file holds.
    return 0 if integrity.complete else INCOMPLETE
