"""Provides the dashboard's widgets: each renders what the app hands it, no race facts."""
