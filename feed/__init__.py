"""Provides cutline's timing-data core: messages, the race-state fold, rules, standings, I/O.

Nothing in this package imports Textual or Rich.
"""
