#!/usr/bin/env bash
# npm start: install what is missing, build, then run the whole platform in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
# An external Redis (REDIS_URL) needs no local redis-server.
if [ -z "${REDIS_URL:-}" ]; then bash scripts/ensure-system.sh redis; fi
# The worker's scrape.page renders pages in Debian's Chromium; everything else runs without it.
bash scripts/ensure-system.sh chromium || echo "warning: Chromium is missing, scrape.page tasks will fail until it is installed" >&2
bash scripts/setup.sh
# node --import tsx rather than the tsx CLI: one process, so signals reach the launcher directly.
exec node --import tsx scripts/start.ts
