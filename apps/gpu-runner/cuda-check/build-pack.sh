#!/usr/bin/env bash
# Builds apps/gpu-runner/cuda-check/.carry/pack.tar.xz: everything device.sh needs on a GPU
# machine that has no Node and no npm registry, under the device tool's 64 MiB carry limit.
#
#   bash apps/gpu-runner/cuda-check/build-pack.sh     # from the repository root
#
# Contents (extracted to /tmp/ck on the device; the models into apps/gpu-runner/models):
#   bin/node                   this machine's Node binary (x86-64)
#   runner.mjs                 apps/gpu-runner/src/main.ts bundled by esbuild (onnxruntime-node external,
#                              the embed-pool module left out: HTTP-only runner)
#   session-thread.mjs         apps/gpu-runner/src/engine/session-thread.ts bundled the same way
#   node_modules/onnxruntime-node   package.json, dist, lib, bin/napi-v6/linux/x64 only (as installed here,
#                                   i.e. with onnxruntime-node-install=skip: no CUDA provider libraries)
#   node_modules/onnxruntime-common
#   node_modules/tsx           a 2-line shim: the runner's worker bootstrap calls tsx's tsImport(entry);
#                              the shim imports the bundled session-thread.mjs instead of the .ts file
#   models/use-lite            the exported model (model.onnx, vocab.json, manifest.json)
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
here=apps/gpu-runner/cuda-check
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
[ -f apps/gpu-runner/models/use-lite/model.onnx ] || npm run export-model -w @switchyard/gpu-runner
banner='import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);'
esb=node_modules/.bin/esbuild
common=(--bundle --platform=node --format=esm --target=node20 --external:onnxruntime-node --log-level=warning "--banner:js=$banner")
"$esb" apps/gpu-runner/src/main.ts "${common[@]}" --external:./platform/embed-pool-worker.js --outfile="$stage/runner.mjs"
"$esb" apps/gpu-runner/src/engine/session-thread.ts "${common[@]}" --outfile="$stage/session-thread.mjs"
mkdir -p "$stage/bin" "$stage/node_modules/onnxruntime-node/bin/napi-v6/linux" "$stage/node_modules/tsx/dist/esm/api" "$stage/models"
cp "$(readlink -f "$(command -v node)")" "$stage/bin/node"
ortn=node_modules/onnxruntime-node
cp -r "$ortn/package.json" "$ortn/dist" "$ortn/lib" "$stage/node_modules/onnxruntime-node/"
cp -r "$ortn/bin/napi-v6/linux/x64" "$stage/node_modules/onnxruntime-node/bin/napi-v6/linux/"
cp -r node_modules/onnxruntime-common "$stage/node_modules/"
echo '{"name":"tsx","version":"0.0.0-cuda-check-shim","type":"module"}' >"$stage/node_modules/tsx/package.json"
echo 'export const tsImport = (entry) => import(entry.replace(/session-thread\.ts$/, "session-thread.mjs"));' >"$stage/node_modules/tsx/dist/esm/api/index.mjs"
cp -r apps/gpu-runner/models/use-lite "$stage/models/"
mkdir -p "$here/.carry"
tar -C "$stage" -cf - . | xz -T0 -9e >"$here/.carry/pack.tar.xz"
ls -la "$here/.carry/pack.tar.xz"
