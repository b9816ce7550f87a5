#!/usr/bin/env bash
# Install the Debian packages a step needs, only when they are missing.
#   system-deps.sh test   Chromium (browser tests), PostgreSQL 15 (second database run),
#                         gettext (translation checks)
set -euo pipefail
need=()
case "${1:-}" in
  test)
    [ -x /usr/bin/chromium ] || need+=(chromium)
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
    command -v msgfmt >/dev/null || need+=(gettext)
    ;;
  *) echo "usage: $0 test" >&2; exit 2 ;;
esac
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
