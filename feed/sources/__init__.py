"""Provides adapters that turn other timing feeds (NASCAR's own live JSON) into cutline messages."""
