"""Statistics of the court sentences: the pages per country and regional, their exports and
the API, read from ``Figure`` (never from the sentences themselves)."""
