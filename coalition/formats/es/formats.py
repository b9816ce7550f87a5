"""Spanish dates: "2 dic 2026", "2 dic 2026, 13:49" (see coalition/formats/__init__.py)."""

# "b": the month's three letters in lower case, as Spanish writes them ("dic").
DATE_FORMAT = "j b Y"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "j b Y, H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j b"
YEAR_MONTH_FORMAT = "b Y"
# Date fields are <input type="date"> (they send 2026-12-02, which Django always accepts);
# typed dates are read the Spanish way.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
