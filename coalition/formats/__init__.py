"""How dates are written, per language: one unambiguous form everywhere (pages, PDFs,
e-mails, exports' human text). Django reads these through ``FORMAT_MODULE_PATH``; what is not
set here keeps Django's own value for the language (numbers, first day of the week).

"2/12/2026" reads as 2 December in Costa Rica and as 12 February in the United States, so
no date is written with numbers only: the day, the month's abbreviation and the year
("2 dic 2026", "2 Dec 2026"), with the time on a 24-hour clock ("2 dic 2026, 13:49").
Files meant for machines (CSV, JSON, ICS) write ISO 8601 (2026-12-02) instead, and XLSX
workbooks real date cells shown as ``yyyy-mm-dd`` (``coalition.lib.dates``).
"""
