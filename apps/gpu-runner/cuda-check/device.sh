#!/usr/bin/env bash
# Runs on the GPU machine (device tool), from the repository root, with
# apps/gpu-runner/cuda-check/.carry carried (build-pack.sh makes it). Writes under $OUT:
#   summary.txt        versions, libraries, each runner start (exit code, /health provider), parity
#   runner-logs.txt    the runner's JSON log lines for each start
#   health-auto.json   /health of GPU_RUNNER_EP=auto
#   metrics-auto.txt   /metrics lines about the provider and the GPU
#   check_model.json   check_model.py's report
set -uo pipefail
OUT=${OUT:-$PWD/apps/gpu-runner/cuda-check/.out}
mkdir -p "$OUT"
S=$OUT/summary.txt
L=$OUT/runner-logs.txt
: >"$S"
: >"$L"
say() { echo "$*" | tee -a "$S"; }
root=$PWD
CK=/tmp/ck
rm -rf "$CK" && mkdir -p "$CK"
tar -C "$CK" -xJf apps/gpu-runner/cuda-check/.carry/pack.tar.xz
mkdir -p apps/gpu-runner/models && rm -rf apps/gpu-runner/models/use-lite && cp -r "$CK/models/use-lite" apps/gpu-runner/models/
NODE=$CK/bin/node
BIN=$CK/node_modules/onnxruntime-node/bin/napi-v6/linux/x64
PYORT=$(python3 -c "import onnxruntime,os;print(os.path.dirname(onnxruntime.__file__))")/capi

say "== machine"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee -a "$S"
say "kernel $(uname -r); $(grep PRETTY_NAME /etc/os-release)"
say "node $($NODE --version) (carried); onnxruntime-node $($NODE -p 'require(process.argv[1]).version' "$CK/node_modules/onnxruntime-node/package.json")"
say "python onnxruntime $(python3 -c 'import onnxruntime as o;print(o.__version__, o.get_device(), o.get_available_providers())')"
say "onnxruntime-node binary folder: $(ls "$BIN" | tr '\n' ' ')"
say "python onnxruntime capi: $(ls "$PYORT" | grep '\.so' | tr '\n' ' ')"
say "torch: $(python3 -c 'import torch;print(torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")' 2>&1 | tail -n 1)"
say "CUDA/cuDNN system packages: $(dpkg -l 2>/dev/null | grep -iE '^ii +(libcudnn|cudnn|libcublas|cuda-cudart)' | awk '{print $2 "=" $3}' | tr '\n' ' ')"
say "CUDA user-space libraries the loader knows (ldconfig -p):"
ldconfig -p | grep -E 'libcudart\.so|libcublas(Lt)?\.so|libcufft\.so|libcurand\.so|libcudnn\.so' | awk '{print "  " $1 " -> " $NF}' | tee -a "$S"
say "CUDA 12 sonames (what a cuda12 build of the ORT CUDA provider links): $(ldconfig -p | grep -cE 'libcudart\.so\.12|libcublasLt\.so\.12|libcublas\.so\.12|libcufft\.so\.11') found"

# start the runner, wait for /health or exit, query it, stop it
start() { # name, then env assignments
  local name=$1; shift
  echo "=== $name: $*" >>"$L"
  env "$@" GPU_RUNNER_KEYS=k GPU_RUNNER_PORT=3901 GPU_RUNNER_AUTO_EXPORT=false \
    GPU_RUNNER_MODELS_DIR="$root/apps/gpu-runner/models" "$NODE" "$CK/runner.mjs" >>"$L" 2>&1 &
  local pid=$! up=0 code
  for _ in $(seq 1 120); do
    if curl -sf localhost:3901/health -o "$CK/h.json"; then up=1; break; fi
    kill -0 $pid 2>/dev/null || break
    sleep 0.25
  done
  if [ $up = 1 ]; then
    say "[$name] $* -> up; /health provider: $(python3 -c 'import json,sys;d=json.load(open(sys.argv[1]));print(json.dumps(d["provider"]), "| sessionHost", json.dumps(d["sessionHost"]), "| gpu memory", json.dumps(d["memory"]["gpu"]))' "$CK/h.json")"
    cp "$CK/h.json" "$OUT/health-$name.json"
    curl -s -H 'Authorization: Bearer k' localhost:3901/metrics | grep -E 'execution_provider|gpu_memory' >"$OUT/metrics-$name.txt"
    python3 - "$name" <<'PY' | tee -a "$S"
import json, sys, urllib.request
import numpy as np
d = json.load(open("apps/gpu-runner/cuda-check/inputs.json"))
texts = [p["text"] for p in d["parity"]]
req = urllib.request.Request("http://127.0.0.1:3901/v1/embeddings", data=json.dumps({"input": texts, "model": "use-lite"}).encode(),
                             headers={"Authorization": "Bearer k", "Content-Type": "application/json"})
r = json.load(urllib.request.urlopen(req, timeout=60))
got = np.asarray([e["embedding"] for e in r["data"]], dtype=np.float32)
ref = np.asarray([p["embedding"] for p in d["parity"]], dtype=np.float32)
print(f"[{sys.argv[1]}] POST /v1/embeddings: {len(got)} vectors, max |runner on device - onnxruntime-node CPU reference| = {np.abs(got - ref).max():.3g}")
PY
    kill -TERM $pid; wait $pid; code=$?
    say "[$name] stopped, exit $code"
  else
    wait $pid; code=$?
    say "[$name] $* -> did not serve; exit code $code; last log line: $(tail -n 1 "$L")"
  fi
}

say "== runner (bundled apps/gpu-runner/src/main.ts on the carried Node)"
start cuda GPU_RUNNER_EP=cuda
start auto GPU_RUNNER_EP=auto
start cpu GPU_RUNNER_EP=cpu

# Experiment: the device's Python onnxruntime is the same version (1.30.0); it ships
# libonnxruntime_providers_shared.so but no CUDA provider. Put that one next to the binding.
say "== experiment: python onnxruntime's libonnxruntime_providers_shared.so copied next to onnxruntime_binding.node"
if [ -f "$PYORT/libonnxruntime_providers_shared.so" ]; then
  cp "$PYORT/libonnxruntime_providers_shared.so" "$BIN/"
  start cuda-shared-lib GPU_RUNNER_EP=cuda
  rm -f "$BIN/libonnxruntime_providers_shared.so"
else
  say "no libonnxruntime_providers_shared.so in $PYORT"
fi

say "== check_model.py"
PYTHONUNBUFFERED=1 python3 apps/gpu-runner/cuda-check/check_model.py --seconds 2 --out "$OUT" 2>&1 | tee -a "$S"
rm -f "$OUT"/health-cuda*.json "$OUT"/health-cpu.json "$OUT"/metrics-cuda*.txt "$OUT"/metrics-cpu.txt
ls -la "$OUT"
