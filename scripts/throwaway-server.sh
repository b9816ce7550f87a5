# Sourced by the scripts that test a real server (test-production.sh, test-api-fuzz.sh):
# a throwaway folder and SQLite database, a free loopback port, an environment with nothing
# of this machine's own, and start_server, which runs gunicorn there. On exit the server
# is stopped and the folder removed, always. The caller chooses COALITION_ENV after this.
# Usage (from the checkout, after `make install`): . scripts/throwaway-server.sh NAME
BIN=.venv/bin

WORK=$(mktemp -d -t "coalition-$1.XXXXXX")
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

# A free port, unless the caller names one (PORT=8123).
PORT=${PORT:-$($BIN/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}

# No setting left over from the caller's shell, no file under the checkout's var/ or
# staticfiles/.
unset DEBUG AXES_ENABLED SECURE_SSL_REDIRECT SECURE_HSTS_SECONDS SECURE_HSTS_PRELOAD \
    TRUSTED_PROXY_COUNT SESSION_IDLE_MINUTES SITE_URL MAP_TILES_URL MAP_TILES_ATTRIBUTION \
    DJANGO_SETTINGS_MODULE LOG_LEVEL CSRF_TRUSTED_ORIGINS TRUST_X_FORWARDED_PROTO
SECRET_KEY=$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(64))')
export SECRET_KEY
SENTENCE_HASH_KEY=$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(48))')
export SENTENCE_HASH_KEY
SHARE_SIGNING_KEY=$($BIN/python -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')
export SHARE_SIGNING_KEY
export ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="sqlite:///$WORK/coalition.sqlite3"
export COALITION_VAR_DIR="$WORK/var"
export STATIC_ROOT="$WORK/staticfiles"
export MEDIA_ROOT="$WORK/media"
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend

step() { echo "== $*"; }

# gunicorn on 127.0.0.1:$PORT with $WORKERS processes (2 unless the caller names another
# number), returning once /healthz answers (failing if it stopped).
start_server() {
    step "gunicorn on 127.0.0.1:$PORT"
    $BIN/gunicorn coalition.wsgi --bind "127.0.0.1:$PORT" --workers "${WORKERS:-2}" \
        --no-control-socket \
        --error-logfile "$WORK/gunicorn.log" --capture-output &
    SERVER_PID=$!
    for _ in $(seq 100); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "FAIL gunicorn stopped while starting:"; cat "$WORK/gunicorn.log"; return 1
        fi
        if $BIN/python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PORT/healthz', timeout=1)" 2>/dev/null; then
            return 0
        fi
        sleep 0.2
    done
    echo "FAIL gunicorn did not answer /healthz:"; cat "$WORK/gunicorn.log"; return 1
}
