#!/usr/bin/env bash
# Install the Debian packages a step needs, only when they are missing.
#   system-deps.sh run    Pango and fonts (WeasyPrint's PDF reports)
#   system-deps.sh test   the same, Chromium (browser tests), PostgreSQL 15 (second
#                         database run), gettext (translation checks)
#   system-deps.sh bench  wrk (the load test, bench/load.sh)
set -euo pipefail
need=()
pdf() {
  ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || need+=(libpango-1.0-0)
  ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so" || need+=(libpangoft2-1.0-0)
  ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so" || need+=(libharfbuzz-subset0)
  [ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
}
case "${1:-}" in
  run)
    pdf
    ;;
  test)
    pdf
    [ -x /usr/bin/chromium ] || need+=(chromium)
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
    command -v msgfmt >/dev/null || need+=(gettext)
    ;;
  bench)
    command -v wrk >/dev/null || need+=(wrk)
    ;;
  *) echo "usage: $0 run|test|bench" >&2; exit 2 ;;
esac
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
