"""Plain helpers shared by every capability. No models live here."""
