#!/usr/bin/env bash
# npm run bench -- NAME [args]: see bench/. Benchmarks start their own redis-server; no UI build needed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh redis
# The scrape benchmark drives Debian's Chromium.
if [ "${1:-}" = "scrape" ]; then bash scripts/ensure-system.sh chromium; fi
SKIP_WEB_BUILD=1 bash scripts/setup.sh
exec npx tsx bench/run.ts "$@"
