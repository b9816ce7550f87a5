#!/usr/bin/env bash
# The README's "Production" section, followed to the letter in a throwaway folder and
# SQLite database: production settings, the preparation commands, gunicorn on a free
# loopback port behind a pretend TLS proxy (X-Forwarded-Proto: https), then the public
# pages, a regional administrator's sign-in with two-factor and their main pages, and the
# static files' hashed names, cache headers and compression (scripts/production_client.py).
# Run from the checkout after `make install`; stops its server and removes its folder always.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/throwaway-server.sh production

# The environment the README asks for.
export COALITION_ENV=production
export CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$PORT"
export TRUST_X_FORWARDED_PROTO=true
export COALITION_PASSWORD
COALITION_PASSWORD=$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(24))')

step "prepare (README: Production) in $WORK"
$BIN/coalition migrate --no-input --verbosity 0
$BIN/coalition load_countries
$BIN/coalition load_gazetteer
$BIN/coalition collectstatic --no-input --verbosity 0
# check --deploy alone exits 0 on warnings; here any warning fails.
$BIN/coalition check --deploy --fail-level WARNING
$BIN/coalition load_plan coalition/plans/data/plan-operativo-2012.json
$BIN/coalition create_user production-admin --role regional_admin --scope regional \
    --email admin@coalition.invalid

start_server

step "fetch"
if ! $BIN/python scripts/production_client.py "http://127.0.0.1:$PORT" production-admin \
        plan-operativo-2012; then
    echo "--- server log"; cat "$WORK/gunicorn.log"; exit 1
fi
echo "production path: all checks passed"
