#!/usr/bin/env bash
# npm test: install what is missing, then every test against real services (Redis, PostgreSQL, Chromium).
# Extra arguments go to vitest (npm test -- packages/queue).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh redis chromium postgres promtool
bash scripts/setup.sh
exec npx vitest run "$@"
