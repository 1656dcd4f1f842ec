"""Provides the dashboard's screens."""
