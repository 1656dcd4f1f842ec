"""Provides the transport bar's view: where a replay is and how fast, or the live delay."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TransportView:
    progress: float | None  # 0..1 through a replay; None live
    state: str  # "▶ 4×", "⏸ paused", "■ ended", "● live"
    text: str


def replay_transport(
    progress: float, lap: int, last_lap: int, speed: float | None, paused: bool, ended: bool
) -> TransportView:
    shown = "max" if speed is None else f"{speed:g}×"
    word = "■ ended" if ended else "⏸ paused" if paused else f"▶ {shown}"
    return TransportView(progress=progress, state=word, text=f"L{lap}/{last_lap} · {shown}")


def live_transport(delay: float | None, step: float) -> TransportView:
    if delay is None:
        return TransportView(progress=None, state="● live", text="")
    text = f"delay {delay:g} s · step {step:g} s · k: calibrate"
    return TransportView(progress=None, state="● live", text=text)
