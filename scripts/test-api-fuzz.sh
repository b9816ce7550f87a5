#!/usr/bin/env bash
# Fuzzes the REST API as each persona: in a throwaway folder and database, the demo data
# as `make run` loads it, gunicorn on a free loopback port (the "local" mode: production's
# behaviour over plain http), then schemathesis against /api/schema/ signed in as each demo
# user and as nobody (scripts/api_fuzz.py). Fails on any 5xx and on any response that the
# schema does not describe. Run from the checkout after `make install`; extra arguments
# name the personas to run (default: all). Stops its server and removes its folder always.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/throwaway-server.sh api-fuzz

export COALITION_ENV=local

step "demo data in $WORK"
$BIN/coalition migrate --no-input --verbosity 0
$BIN/coalition load_countries
$BIN/coalition load_gazetteer
$BIN/coalition load_plan coalition/plans/data/plan-operativo-2012.json \
    coalition/plans/data/agenda-2012-2013.json
$BIN/coalition load_demo > "$WORK/demo.txt"
$BIN/coalition collectstatic --no-input --verbosity 0

start_server

# In the background and waited for, so that an interrupted run stops its server at once
# (a trap waits for a command in the foreground to finish).
$BIN/python scripts/api_fuzz.py "http://127.0.0.1:$PORT" "$WORK/demo.txt" "$@" &
CLIENT_PID=$!
trap 'kill "$CLIENT_PID" 2>/dev/null; exit 130' INT TERM
if ! wait "$CLIENT_PID"; then
    # Every 4xx is a warning line; what is left are the errors and their tracebacks.
    echo "--- server log (errors)"
    grep -v ' WARNING django.request ' "$WORK/gunicorn.log" | tail -n 300
    exit 1
fi
