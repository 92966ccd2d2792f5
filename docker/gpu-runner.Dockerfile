# syntax=docker/dockerfile:1
# The GPU runner image. Unlike local installs (.npmrc skips it), the normal onnxruntime-node
# install step runs here and fetches the CUDA 12 execution providers where the network allows.
# Build from the repository root: docker build -f docker/gpu-runner.Dockerfile .
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/web/package.json apps/web/
COPY apps/worker/package.json apps/worker/
COPY apps/gpu-runner/package.json apps/gpu-runner/
COPY packages/db/package.json packages/db/
COPY packages/queue/package.json packages/queue/
COPY packages/shared/package.json packages/shared/
# No .npmrc copied: onnxruntime-node's postinstall downloads the CUDA providers (ONNXRUNTIME_NODE_INSTALL_CUDA=v12).
ENV ONNXRUNTIME_NODE_INSTALL_CUDA=v12
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run generate -w @switchyard/db \
 && npm run export-model -w @switchyard/gpu-runner

FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
 && curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y nodejs \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production GPU_RUNNER_HOST=0.0.0.0 GPU_RUNNER_PORT=3001 GPU_RUNNER_EP=auto
WORKDIR /app
COPY --from=build /app /app
EXPOSE 3001
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "apps/gpu-runner/src/main.ts"]
