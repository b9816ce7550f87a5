"""The coordination's figures, for its own pages and for other capabilities (the Palermo
indicators' repatriations answered in time), and its items for the home page."""
