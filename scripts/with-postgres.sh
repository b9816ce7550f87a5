#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server on a loopback port:
# initdb into a temporary folder, start, export DATABASE_URL, run, stop, remove.
set -euo pipefail
initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
[ -n "$initdb" ] || { echo "PostgreSQL is not installed (scripts/system-deps.sh test)" >&2; exit 2; }
pgbin=$(dirname "$initdb")
port=${PGTEST_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
dir=$(mktemp -d /tmp/coalition-pg.XXXXXX)
as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
cleanup() { as_pg "$pgbin/pg_ctl -D $dir/data -m fast -w stop" >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
as_pg "$pgbin/initdb -D $dir/data -U postgres -A trust --no-sync -E UTF8" >/dev/null
as_pg "$pgbin/pg_ctl -D $dir/data -l $dir/log -o \"-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off\" -w start" >/dev/null
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
"$@"
