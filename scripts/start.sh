#!/usr/bin/env bash
# npm start: install what is missing, build, run the whole platform in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${REDIS_URL:-}" ]; then bash scripts/ensure-system.sh redis; fi
bash scripts/setup.sh
exec node --import tsx scripts/start.ts
