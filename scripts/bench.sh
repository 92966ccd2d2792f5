#!/usr/bin/env bash
# npm run bench -- NAME [args]: see bench/. Benchmarks start their own redis-server; no UI build needed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh redis
SKIP_WEB_BUILD=1 bash scripts/setup.sh
exec npx tsx bench/run.ts "$@"
