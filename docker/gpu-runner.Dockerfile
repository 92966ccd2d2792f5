# syntax=docker/dockerfile:1.7
#
# Switchyard GPU runner (apps/gpu-runner) with ONNX Runtime's CUDA 12 execution provider.
#
#   docker build -f docker/gpu-runner.Dockerfile -t switchyard/gpu-runner .        (from the repo root)
#   docker run --gpus all -e GPU_RUNNER_KEYS=... -p 127.0.0.1:3001:3001 switchyard/gpu-runner
#
# - Base: node:20-bookworm, plus NVIDIA's CUDA 12 runtime libraries and cuDNN 9 from NVIDIA's
#   Debian 12 apt repository (what onnxruntime-node 1.30's CUDA provider links against). The
#   GPU driver itself (libcuda.so, nvidia-smi) is mounted at run time by the NVIDIA Container
#   Toolkit (`--gpus` / compose device reservation).
# - `npm ci` runs with ONNXRUNTIME_NODE_INSTALL=cuda12 (the installer's documented variable;
#   scripts/setup.sh sets `skip` elsewhere), so onnxruntime-node's install script fetches the CUDA 12
#   provider libraries (libonnxruntime_providers_cuda.so, _shared.so) from NuGet. This needs
#   network access at build time; on a machine that only reaches the npm registry the build
#   stops here (use the CPU-only local setup there instead).
# - The USE-lite model is exported to ONNX at build time (offline, a few hundred ms), and the
#   Prisma clients are generated (with GPU_RUNNER_REDIS_URL and GPU_RUNNER_DATABASE_URL the runner
#   is the worker of the platform's embed pool and records task history).
# - At start the runner logs the provider in use; with GPU_RUNNER_EP=cuda it exits with a clear
#   message when CUDA cannot be loaded, with auto it falls back to CPU and says why (/health).

FROM node:20-bookworm

ARG CUDA_PKG_VERSION=12-8
ARG CUDA_LIB_DIR=/usr/local/cuda-12.8/targets/x86_64-linux/lib

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates wget gnupg; \
    wget -q -O /tmp/cuda-keyring.deb https://developer.download.nvidia.com/compute/cuda/repos/debian12/x86_64/cuda-keyring_1.1-1_all.deb; \
    dpkg -i /tmp/cuda-keyring.deb; \
    rm /tmp/cuda-keyring.deb; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
      cuda-cudart-${CUDA_PKG_VERSION} \
      cuda-nvrtc-${CUDA_PKG_VERSION} \
      libcublas-${CUDA_PKG_VERSION} \
      libcufft-${CUDA_PKG_VERSION} \
      libcurand-${CUDA_PKG_VERSION} \
      libcudnn9-cuda-12; \
    rm -rf /var/lib/apt/lists/*

ENV LD_LIBRARY_PATH=${CUDA_LIB_DIR}:/usr/lib/x86_64-linux-gnu \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    TURBO_TELEMETRY_DISABLED=1

WORKDIR /app

# Manifests first (npm ci needs every workspace the lockfile names), so the install layer is
# reused while only sources change. Keep this list in step with the workspaces.
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

# Dev dependencies stay (tsx runs the TypeScript sources; there is no build step).
# ONNXRUNTIME_NODE_INSTALL=cuda12 makes onnxruntime-node's installer download the CUDA 12 providers.
RUN --mount=type=cache,target=/root/.npm \
    ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci --include=dev --no-audit --no-fund \
 && ls -l node_modules/onnxruntime-node/bin/napi-v6/linux/x64/ \
 && test -f node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so

# Sources; what is not needed is excluded by gpu-runner.Dockerfile.dockerignore beside this file.
COPY . .

# Prisma clients (the embed-pool worker writes task history), then the model.
RUN npm run generate -w @switchyard/db \
 && npm run export-model -w @switchyard/gpu-runner \
 && chown -R node:node /app/apps/gpu-runner/models

USER node

ENV GPU_RUNNER_HOST=0.0.0.0 \
    GPU_RUNNER_PORT=3001 \
    GPU_RUNNER_EP=auto \
    GPU_RUNNER_AUTO_EXPORT=false \
    LOG_LEVEL=info

EXPOSE 3001
STOPSIGNAL SIGTERM

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.GPU_RUNNER_PORT||3001)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# The launcher's node flags for the apps (scripts/lib/app-node-flags.ts; compose.test.ts keeps them equal).
ENV NODE_OPTIONS="--max-semi-space-size=64"
CMD ["node", "--import", "tsx", "apps/gpu-runner/src/main.ts"]
