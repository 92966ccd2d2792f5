#!/usr/bin/env bash
# Install the system services Switchyard needs, from Debian's packages, when missing.
# Usage: scripts/ensure-system.sh redis chromium postgres
set -euo pipefail

missing=()
for name in "$@"; do
  case "$name" in
    redis) command -v redis-server >/dev/null 2>&1 || missing+=(redis-server) ;;
    chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
    postgres) ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql) ;;
    *) echo "ensure-system: unknown component '$name'" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Switchyard needs these Debian packages: ${missing[*]} — install them (apt-get install -y ${missing[*]}) and run again." >&2
  exit 1
fi
echo "==> installing ${missing[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# We always start our own redis-server processes; a packaged service is not relied on.
echo "==> installed ${missing[*]}"
