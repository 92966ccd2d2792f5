#!/usr/bin/env bash
# Installs the system programs Switchyard runs, from Debian's packages, when they are missing.
# Usage: scripts/ensure-system.sh NAME...   (NAME: redis | chromium | postgres | promtool)
# Without root or apt-get it names the package to install and exits 1.
set -euo pipefail

missing=()
for name in "$@"; do
  case "$name" in
    redis) command -v redis-server >/dev/null 2>&1 || missing+=(redis-server) ;;
    # fonts-liberation: a recommended package we want (text metrics in screenshots and axe checks).
    chromium) [ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation) ;;
    # Tests run their own cluster from Debian's binaries (initdb + pg_ctl), never a system one.
    postgres) compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql) ;;
    # Tests check every /metrics output and docker/prometheus.yml with promtool; the Prometheus
    # server the package also ships is never started (policy-rc.d below).
    promtool) command -v promtool >/dev/null 2>&1 || missing+=(prometheus) ;;
    *) echo "ensure-system: unknown name '$name' (expected: redis, chromium, postgres, promtool)" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system: missing ${missing[*]}: install the Debian package(s) with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# We always start our own redis-server (and postgres) processes and never a Prometheus server; keep the packages from
# starting system services during the install, unless the machine already has a policy.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi

apt_opts=(-q -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=300)
echo "==> apt-get update"
apt-get "${apt_opts[@]}" update >/dev/null
echo "==> apt-get install ${missing[*]}"
# No recommends: they pull in udev, upower and printer tools that headless use never needs.
apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null
echo "==> installed ${missing[*]}"
