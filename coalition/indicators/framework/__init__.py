"""The framework pages: every framework with its versions, one version's pillars and
indicators (with what changed since the previous version), one indicator, the framework
as its JSON file, and the page where regional administrators load a file."""
