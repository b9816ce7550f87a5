#!/usr/bin/env bash
# The public site under load: gunicorn in production settings (a throwaway folder and SQLite
# database with the demo data, a free loopback port, $WORKERS processes, as many as cores
# unless named), then wrk against a bare view behind the same middleware (bench/load_urls.py)
# and the public home, a country's help page and the statistics page, then the bare view
# again, each for $BENCH_SECONDS seconds after a short warm-up. Prints requests/s, p50, p99, errors and each
# page's ratio to the bare view, then the figure lines (bench/load.py); exits with 1 when a
# figure missed its target. The demo data comes from var/coalition.sqlite3 when the checkout
# has one holding it (copied, never changed), otherwise it is loaded afresh (half a minute).
# Usage (from the checkout, after `make install`): bash bench/load.sh  (or make bench-load)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh bench
SOURCE_DATABASE="$PWD/var/coalition.sqlite3"
. scripts/throwaway-server.sh load

WORKERS=${WORKERS:-$(nproc)}
SECONDS_EACH=${BENCH_SECONDS:-10}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}

# Production settings behind a pretend TLS proxy (wrk.lua sends X-Forwarded-Proto), with
# the bare view's address added (bench/load_settings.py).
export COALITION_ENV=production
export TRUST_X_FORWARDED_PROTO=true
export DJANGO_SETTINGS_MODULE=bench.load_settings
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"

# The checkout's database counts only when it holds the demo (a migrated but empty file
# would give empty pages and 404s).
has_demo() {
    [ -f "$SOURCE_DATABASE" ] && $BIN/python - "$SOURCE_DATABASE" <<'PY'
import sqlite3, sys
try:
    found = sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM core_country").fetchone()[0]
except sqlite3.Error:
    found = 0
sys.exit(0 if found else 1)
PY
}

if has_demo; then
    step "demo data: a copy of var/coalition.sqlite3"
    # SQLite's online backup: safe while a server uses the file, and nothing of it changes.
    $BIN/python -c 'import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
source.backup(target)' "$SOURCE_DATABASE" "$WORK/coalition.sqlite3"
    $BIN/coalition migrate --no-input --verbosity 0
else
    step "demo data: loaded afresh"
    $BIN/coalition migrate --no-input --verbosity 0
    $BIN/coalition load_countries
    $BIN/coalition load_gazetteer
    $BIN/coalition load_plan coalition/plans/data/plan-operativo-2012.json \
        coalition/plans/data/agenda-2012-2013.json
    $BIN/coalition load_demo
fi
step "collectstatic"
$BIN/coalition collectstatic --no-input --verbosity 0

start_server
BASE="http://127.0.0.1:$PORT"
# The bare view first and last: the pages' ratios are to its mean, which evens out a change
# in the machine's load during the run.
PAGES=(bare:/bench/bare/ public_home:/ public_help:/help/CR/ public_statistics:/statistics/
    bare_again:/bench/bare/)

step "each page answers 200"
for page in "${PAGES[@]}"; do
    $BIN/python - "$BASE${page#*:}" <<'PY' || { echo "--- server log"; cat "$WORK/gunicorn.log"; exit 1; }
import sys, urllib.error, urllib.request
request = urllib.request.Request(sys.argv[1], headers={"X-Forwarded-Proto": "https"})
try:
    status = urllib.request.urlopen(request, timeout=10).status
except urllib.error.HTTPError as error:
    status = error.code
if status != 200:
    sys.exit(f"FAIL {sys.argv[1]} answered {status}, not 200")
PY
done

mkdir -p "$WORK/results"
for page in "${PAGES[@]}"; do
    name=${page%%:*}
    address=${page#*:}
    step "wrk $address: ${SECONDS_EACH}s, $THREADS threads, $CONNECTIONS connections ($WORKERS workers)"
    wrk --threads "$THREADS" --connections "$CONNECTIONS" --duration 2s \
        --script bench/wrk.lua "$BASE$address" >/dev/null
    wrk --threads "$THREADS" --connections "$CONNECTIONS" --duration "${SECONDS_EACH}s" \
        --timeout 5s --script bench/wrk.lua "$BASE$address" >"$WORK/results/$name.json"
done

step "results (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
$BIN/python bench/load.py "$WORK/results"
