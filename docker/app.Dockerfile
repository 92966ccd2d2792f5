# syntax=docker/dockerfile:1
# One image for the web app and the workers (compose picks the command).
# Build from the repository root: docker build -f docker/app.Dockerfile .

FROM node:20-bookworm-slim AS build
ENV NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
# CPU image: onnxruntime-node's installer (its documented variable) skips the CUDA provider download.
ENV ONNXRUNTIME_NODE_INSTALL=skip
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Manifests first, so the npm ci layer is reused while only sources change.
COPY package.json package-lock.json .npmrc ./
COPY apps/cli/package.json apps/cli/
COPY apps/gpu-runner/package.json apps/gpu-runner/
COPY apps/web/package.json apps/web/
COPY apps/worker/package.json apps/worker/
COPY packages/ai/package.json packages/ai/
COPY packages/api/package.json packages/api/
COPY packages/audit/package.json packages/audit/
COPY packages/core/package.json packages/core/
COPY packages/db/package.json packages/db/
COPY packages/observability/package.json packages/observability/
COPY packages/queue/package.json packages/queue/
COPY packages/rag/package.json packages/rag/
COPY packages/scraper/package.json packages/scraper/
COPY packages/shared/package.json packages/shared/
COPY packages/tasks/package.json packages/tasks/
RUN npm ci --no-audit --no-fund
COPY . .
# Prisma clients (TypeScript, generated without network) and the Next.js production build.
RUN npm run generate -w @switchyard/db \
 && npm run build -w @switchyard/web \
 && rm -rf apps/web/.next/cache

FROM node:20-bookworm-slim
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
# Apps run as TypeScript through tsx (no compile step), so the whole tree comes along.
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
STOPSIGNAL SIGTERM
# node directly (not npm) so SIGTERM reaches the app and it drains before exit.
# The launcher's node flags for the apps (scripts/lib/app-node-flags.ts; compose.test.ts keeps them equal).
ENV NODE_OPTIONS="--max-semi-space-size=64"
CMD ["node", "--import", "tsx", "apps/web/server/main.ts"]
