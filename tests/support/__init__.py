"""Shared helpers for the tests: data paths, clocks, fixtures' races, live-feed and app helpers.

Test files import from here, never from one another.
"""
