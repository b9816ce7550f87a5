"""Filters of the coordination between offices."""
