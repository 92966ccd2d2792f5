#!/usr/bin/env bash
# Idempotent project set-up, fast when nothing changed: npm dependencies, the Prisma clients,
# the GPU runner's model export and the Next.js build. Everything comes from the npm registry.
# SKIP_WEB_BUILD=1 leaves out the Next.js build (benchmarks do not serve the UI).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
# onnxruntime-node's install script would download CUDA providers from outside the npm registry;
# its documented variable skips that (the CPU provider ships in the package). A caller may override it.
export ONNXRUNTIME_NODE_INSTALL="${ONNXRUNTIME_NODE_INSTALL:-skip}"

say() { echo "setup: $*"; }

# Two set-ups at once (npm start beside npm test) would race on node_modules and .next.
if command -v flock >/dev/null 2>&1; then
  exec 9>"${TMPDIR:-/tmp}/switchyard-setup-$(pwd | cksum | cut -d' ' -f1).lock"
  flock 9
fi

# stale TARGET PATH...: true when TARGET is missing or a file under any PATH is newer than it.
stale() {
  local target=$1; shift
  [ -e "$target" ] || return 0
  local paths=()
  for p in "$@"; do [ -e "$p" ] && paths+=("$p"); done
  [ ${#paths[@]} -gt 0 ] || return 1
  [ -n "$(find "${paths[@]}" -type f -newer "$target" -print -quit)" ]
}

installed=0
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  installed=1
fi

# Prisma clients (TypeScript, generated offline). The older of the two clients is the reference.
db_ref=packages/db/generated/sqlite/client.ts
[ packages/db/generated/postgres/client.ts -ot "$db_ref" ] && db_ref=packages/db/generated/postgres/client.ts
if [ $installed = 1 ] || [ ! -f packages/db/generated/postgres/client.ts ] || stale "$db_ref" packages/db/prisma packages/db/scripts/generate.mjs; then
  say "generating Prisma clients"
  npm run --silent generate -w @switchyard/db
fi

# The model export belongs to the GPU runner; its script is expected to be a no-op when the model is current.
if node -e 'process.exit(require("./apps/gpu-runner/package.json").scripts?.["export-model"] ? 0 : 1)' 2>/dev/null; then
  say "model export (gpu-runner)"
  npm run --silent export-model -w @switchyard/gpu-runner
fi

if [ "${SKIP_WEB_BUILD:-0}" != "1" ] && [ -d apps/web/app ]; then
  if [ $installed = 1 ] || stale apps/web/.next/BUILD_ID \
    apps/web/app apps/web/components apps/web/lib apps/web/server packages/shared/src \
    apps/web/next.config.ts apps/web/postcss.config.mjs apps/web/package.json apps/web/tsconfig.json; then
    say "building the web UI (next build)"
    npm run --silent build -w @switchyard/web
  fi
fi
say "ready"
