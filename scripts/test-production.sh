#!/usr/bin/env bash
# The README's "Production" section, followed to the letter in a throwaway folder and
# SQLite database: production settings, the preparation commands, gunicorn on a free
# loopback port behind a pretend TLS proxy (X-Forwarded-Proto: https), then the public
# pages, a regional administrator's sign-in with two-factor and their main pages, and the
# static files' hashed names, cache headers and compression (scripts/production_client.py).
# Run from the checkout after `make install`; stops its server and removes its folder always.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

WORK=$(mktemp -d -t coalition-production.XXXXXX)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$($BIN/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# The environment the README asks for, and nothing of this machine's own: no setting left
# over from the caller's shell, no file under the checkout's var/ or staticfiles/.
unset DEBUG AXES_ENABLED SECURE_SSL_REDIRECT SECURE_HSTS_SECONDS SECURE_HSTS_PRELOAD \
    TRUSTED_PROXY_COUNT SESSION_IDLE_MINUTES SITE_URL MAP_TILES_URL MAP_TILES_ATTRIBUTION \
    DJANGO_SETTINGS_MODULE LOG_LEVEL
export COALITION_ENV=production
SECRET_KEY=$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(64))')
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1
export CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$PORT"
export TRUST_X_FORWARDED_PROTO=true
export DATABASE_URL="sqlite:///$WORK/coalition.sqlite3"
export COALITION_VAR_DIR="$WORK/var"
export STATIC_ROOT="$WORK/staticfiles"
export MEDIA_ROOT="$WORK/media"
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
export COALITION_PASSWORD
COALITION_PASSWORD=$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(24))')

step() { echo "== $*"; }

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

step "gunicorn on 127.0.0.1:$PORT"
$BIN/gunicorn coalition.wsgi --bind "127.0.0.1:$PORT" --workers 2 --no-control-socket \
    --error-logfile "$WORK/gunicorn.log" --capture-output &
SERVER_PID=$!
for _ in $(seq 100); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "FAIL gunicorn stopped while starting:"; cat "$WORK/gunicorn.log"; exit 1
    fi
    if $BIN/python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PORT/healthz', timeout=1)" 2>/dev/null; then
        break
    fi
    sleep 0.2
done

step "fetch"
if ! $BIN/python scripts/production_client.py "http://127.0.0.1:$PORT" production-admin \
        plan-operativo-2012; then
    echo "--- server log"; cat "$WORK/gunicorn.log"; exit 1
fi
echo "production path: all checks passed"
