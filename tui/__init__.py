"""Provides cutline's terminal front end: the command line and the Textual dashboard.

Kept light: importing `tui` does not import Textual, so `cutline --help` stays fast.
"""
