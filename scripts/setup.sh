#!/usr/bin/env bash
# Idempotent project set-up: npm deps, Prisma clients, the model export, the Next build.
# Fast when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1

newer() { # newer TARGET PATH...: true when TARGET is missing or any PATH has a newer file
  local target=$1; shift
  [ -e "$target" ] || return 0
  [ -n "$(find "$@" -newer "$target" -type f -print -quit 2>/dev/null)" ]
}

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

if newer packages/db/generated/sqlite packages/db/prisma; then
  echo "==> generating Prisma clients"
  npm run --silent generate -w @switchyard/db
fi

if grep -q '"export-model"' apps/gpu-runner/package.json 2>/dev/null; then
  npm run --silent export-model -w @switchyard/gpu-runner
fi

if [ "${SKIP_WEB_BUILD:-0}" != "1" ] && newer apps/web/.next/BUILD_ID apps/web/app apps/web/components apps/web/lib apps/web/server packages/shared/src apps/web/next.config.ts; then
  if [ -d apps/web/app ]; then
    echo "==> building the web UI (next build)"
    npm run --silent build -w @switchyard/web
  fi
fi
