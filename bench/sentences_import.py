"""The import half of the court sentences' benchmark (``bench/sentences.py`` runs it).

Import: a file of 100,000 record-level rows (25,000 fictitious court files of four countries
and fifteen years, each of two defendants' rows and two victims' rows, from a fixed random
seed) imported through ``sentences.io.import_sentences`` into a throwaway database: the
time (target under 10 s) and the peak resident memory (target under 160 MB: the process
takes about 105 MB before the import). Each size runs in its own process,
so that its peak is its own; the same import of 20,000 rows shows that memory does not
grow with the file: the peak may grow by less than ``IMPORT_GROWTH_TARGET_MB`` (40 MB) for
five times the rows. Why 40: the import keeps, per court file, one 64-bit key of its hash
and its first row (about 100 bytes: some 2 MB for the 20,000 more court files), and SQLite
keeps the pages it writes in a page cache the import bounds at 32 MB (``SQLITE_CACHE_KB``;
on PostgreSQL that cache is the server's); both stop growing there, whatever the file.
Holding the rows instead would cost about 1.5 KB each: 120 MB more for the 80,000 rows
between the two files, and 1.5 GB for a million.

Summaries: each court file has a legal summary drawn from 500 distinct texts, as a court's
standard wordings are; every distinct text is screened for identifiers once (the phone
matcher costs about 1.4 ms a text).

``bench/sentences.py`` calls ``measure_import``; each import runs this file in a process
of its own (``--import-rows N``), on a throwaway SQLite database under /tmp, never var/.
"""

import csv
import json
import random
import resource
import subprocess
import sys
import time

import harness

IMPORT_ROWS = 100_000
IMPORT_SMALL_ROWS = 20_000
IMPORT_TARGET_S = 10
IMPORT_GROWTH_TARGET_MB = 40
# The process before the import (Django, the app, openpyxl) takes about 105 MB; the import
# adds its bounded caches.
IMPORT_PEAK_TARGET_MB = 160
SUMMARIES = 500
IMPORT_COUNTRIES = ("GT", "HN", "SV", "CR")
AREAS = ("Norte", "Sur", "Este", "Oeste", "Centro")


def peak_rss_mb():
    """This process's peak resident memory (Linux reports ru_maxrss in kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_import_file(path, rows, seed=16):
    """A CSV file of ``rows`` rows (four per court file), written a row at a time."""
    from coalition.sentences import io_format

    rng = random.Random(seed)
    summaries = [
        f"Condena por trata de personas con fines de explotación {kind}, artículo {article} "
        f"del Código Penal; {years} años de prisión y multa. Texto tipo {n}."
        for n, (kind, article, years) in enumerate(
            (rng.choice(["sexual", "laboral"]), rng.choice(["202 Ter", "172", "181"]), y)
            for y in rng.choices(range(2, 30), k=SUMMARIES)
        )
    ]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(io_format.headers("es"))
        for n in range(rows // 4):
            country = IMPORT_COUNTRIES[n % len(IMPORT_COUNTRIES)]
            convicted, acquitted = rng.randint(1, 4), rng.randint(0, 2)
            minors, adults = rng.randint(1, 5), rng.randint(0, 3)
            first = [
                f"BENCH-{n:06d}/{2010 + n % 15}",
                country,
                rng.choice(["primera instancia", "apelación", "casación"]),
                rng.choice(AREAS),
                f"{2010 + n % 15}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                rng.choice(["Art. 1", "Art. 2", "Art. 1; Art. 2"]),
                rng.choice(["sexual", "forced_labour", "sexual; forced_labour"]),
                str(rng.randint(4, 40)),
                str(rng.randint(0, 50_000)),
                "sí",
                str(rng.randint(1, 20_000)),
                rng.choice(summaries),
                str(convicted + acquitted),
                str(minors + adults),
            ]
            blank = ["", "", "", "", "", "", "", "", "", "", "", "", "", ""]
            blank[0] = first[0]
            forms = "sexual" if "sexual" in first[6] else "forced_labour"
            citizen = rng.choice([country, country, "Nicaragua", "XX"])
            writer.writerow(first + ["procesado", "condenado", "hombre", "18+", country, "",
                                     str(convicted)])  # fmt: skip
            writer.writerow(blank + ["procesado", "absuelto", "mujer", "18+", country, "",
                                     str(acquitted)])  # fmt: skip
            writer.writerow(blank + ["víctima", "", "mujer", "0-17", citizen, forms,
                                     str(minors)])  # fmt: skip
            writer.writerow(blank + ["víctima", "", "mujer", "18+", citizen, forms,
                                     str(adults)])  # fmt: skip


def _import_child(rows):
    """In a process of its own: set up a throwaway database, write the file, import it,
    and print the time and the peak memory as JSON."""
    harness.start()
    from django.core.management import call_command

    from coalition.core.models import Country
    from coalition.mapping.models import AdminArea
    from coalition.sentences.io import import_sentences
    from coalition.sentences.models import Sentence
    from coalition.sentences.tests.factories import offence

    try:
        call_command("migrate", verbosity=0)
        call_command("load_countries", stdout=open("/dev/null", "w"))  # noqa: SIM115
        for iso2 in IMPORT_COUNTRIES:
            country = Country.objects.get(iso2=iso2)
            AdminArea.objects.bulk_create(AdminArea(country=country, name=a) for a in AREAS)
            offence(country, article="Art. 1")
            offence(country, category="procuring", article="Art. 2")
        user = harness.regional_admin()
        path = harness.WORK / f"sentences-{rows}.csv"
        write_import_file(path, rows)
        before = peak_rss_mb()
        started, cpu = time.perf_counter(), time.process_time()
        with open(path, "rb") as handle:
            result = import_sentences(handle, path.name, user=user)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert result.rows == rows and Sentence.objects.count() == rows // 4, result
        print(
            json.dumps(
                {
                    "seconds": seconds,
                    "cpu": cpu,
                    "peak_mb": peak_rss_mb(),
                    "before_mb": before,
                    "rows": rows,
                }
            )
        )
    finally:
        import shutil

        shutil.rmtree(harness.WORK, ignore_errors=True)


def _run_import(rows):
    done = subprocess.run(  # noqa: S603 (this very script, by its own path)
        [sys.executable, __file__, "--import-rows", str(rows)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"bench: the import of {rows} rows failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_import():
    """The import's time and peak memory for 100,000 rows, and the growth of that peak
    from 20,000 rows, each import in a process of its own."""
    small = _run_import(IMPORT_SMALL_ROWS)
    large = _run_import(IMPORT_ROWS)
    harness.figure("sentences_import_100k_rows", large["seconds"], "s", "<", IMPORT_TARGET_S)
    print(
        f"bench-note: sentences_import_100k_rows_cpu {large['cpu']:.1f} s (processor time, no "
        "target: the figure to read on a busy machine)",
        flush=True,
    )
    print(
        f"bench-note: 100,000 rows: before the import {large['before_mb']:.1f} MB; "
        f"20,000 rows: peak {small['peak_mb']:.1f} MB in {small['seconds']:.1f} s",
        flush=True,
    )
    harness.figure("sentences_import_peak_rss", large["peak_mb"], "MB", "<", IMPORT_PEAK_TARGET_MB)
    harness.figure(
        "sentences_import_rss_growth_20k_to_100k",
        large["peak_mb"] - small["peak_mb"],
        "MB",
        "<",
        IMPORT_GROWTH_TARGET_MB,
    )


if __name__ == "__main__":
    _import_child(int(sys.argv[sys.argv.index("--import-rows") + 1]))
