#!/usr/bin/env bash
# npm run bench -- NAME: see bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh redis
SKIP_WEB_BUILD=1 bash scripts/setup.sh
exec node --import tsx bench/run.ts "$@"
