"""Views of the coordination between offices."""
