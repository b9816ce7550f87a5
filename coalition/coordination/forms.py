"""Forms of the coordination between offices."""
