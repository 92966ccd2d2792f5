#!/usr/bin/env bash
# npm start: install what is missing, build, then run the whole platform in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
# An external Redis (REDIS_URL) needs no local redis-server.
if [ -z "${REDIS_URL:-}" ]; then bash scripts/ensure-system.sh redis; fi
bash scripts/setup.sh
# node --import tsx rather than the tsx CLI: one process, so signals reach the launcher directly.
exec node --import tsx scripts/start.ts
