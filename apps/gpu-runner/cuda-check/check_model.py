#!/usr/bin/env python3
"""USE-lite ONNX model on Python onnxruntime: CUDA EP vs CPU EP.

Reads the model (apps/gpu-runner/models/use-lite/model.onnx, exported by the runner) and
inputs.json (token ids + CPU reference embeddings made by make-inputs.mjs with the runner's
tokenizer and onnxruntime-node), then:
  - asks for CUDAExecutionProvider and records what ONNX Runtime actually gives
    (session.get_providers(), the available providers, any warning);
  - parity: CUDA vs CPU (when CUDA is really in use), Python CPU vs onnxruntime-node CPU;
  - throughput: sentences/s at batch 1, 32, 128 for 12-token inputs per session.
Writes a JSON report to $OUT/check_model.json (or --out) and prints a summary.

  python3 apps/gpu-runner/cuda-check/check_model.py [--seconds 2] [--out DIR]
"""
import argparse
import json
import os
import platform
import sys
import time
import warnings
from collections import Counter

import numpy as np
import onnxruntime as ort

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "models", "use-lite", "model.onnx")
TOL = 1e-4


def feeds(rows):
    """The runner's sparse feed: indices [N,2] = (sentence, position), values [N] = token id."""
    idx, val = [], []
    for i, r in enumerate(rows):
        for j, t in enumerate(r):
            idx.append((i, j))
            val.append(t)
    return {"indices": np.asarray(idx, dtype=np.int64).reshape(-1, 2), "values": np.asarray(val, dtype=np.int64)}


def make_session(providers, threads=0):
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.log_severity_level = 3
    if threads:
        so.intra_op_num_threads = threads
    caught = []
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            s = ort.InferenceSession(MODEL, sess_options=so, providers=providers)
            err = None
        except Exception as e:  # noqa: BLE001 - report whatever ORT raises
            s, err = None, f"{type(e).__name__}: {e}"
        caught = [str(x.message) for x in w]
    return s, err, caught


def embed(sess, rows):
    return sess.run(["embeddings"], feeds(rows))[0]


def throughput(sess, bench_rows, batch, seconds):
    reps = (batch + len(bench_rows) - 1) // len(bench_rows)
    rows = (bench_rows * reps)[:batch]
    f = feeds(rows)
    for _ in range(3):
        sess.run(["embeddings"], f)
    n, t0 = 0, time.perf_counter()
    lat = []
    while True:
        a = time.perf_counter()
        sess.run(["embeddings"], f)
        lat.append(time.perf_counter() - a)
        n += 1
        if time.perf_counter() - t0 >= seconds and n >= 5:
            break
    el = time.perf_counter() - t0
    lat.sort()
    return {
        "batch": batch,
        "runs": n,
        "sentences_per_s": round(n * batch / el, 1),
        "p50_ms": round(lat[len(lat) // 2] * 1000, 3),
        "min_ms": round(lat[0] * 1000, 3),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=2.0, help="timed seconds per batch size")
    ap.add_argument("--out", default=os.environ.get("OUT", os.path.join(HERE, ".out")))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    data = json.load(open(os.path.join(HERE, "inputs.json")))
    parity_rows = [p["ids"] for p in data["parity"]]
    node_ref = np.asarray([p["embedding"] for p in data["parity"]], dtype=np.float32)
    bench = data["bench12"]

    report = {
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "host": platform.node(),
        "python": sys.version.split()[0],
        "onnxruntime": ort.__version__,
        "onnxruntime_file": ort.__file__,
        "device": ort.get_device(),
        "available_providers": ort.get_available_providers(),
        "cpu_count": os.cpu_count(),
        "model_bytes": os.path.getsize(MODEL),
    }
    try:
        import onnx

        m = onnx.load(MODEL)
        report["model_opset"] = [f"{o.domain or 'ai.onnx'}:{o.version}" for o in m.opset_import]
        report["model_ops"] = dict(sorted(Counter(n.op_type for n in m.graph.node).items()))
    except Exception as e:  # noqa: BLE001
        report["model_ops_error"] = str(e)

    # --- sessions -------------------------------------------------------------------------
    cuda_opts = {"device_id": 0}
    s_cuda, cuda_err, cuda_warn = make_session([("CUDAExecutionProvider", cuda_opts), "CPUExecutionProvider"])
    cuda_active = s_cuda is not None and s_cuda.get_providers()[0] == "CUDAExecutionProvider"
    report["cuda_session"] = {
        "requested": ["CUDAExecutionProvider", "CPUExecutionProvider"],
        "get_providers": s_cuda.get_providers() if s_cuda else None,
        "cuda_active": cuda_active,
        "error": cuda_err,
        "warnings": cuda_warn,
    }
    if not cuda_active:
        report["cuda_session"]["reason"] = (
            cuda_err
            or ("; ".join(cuda_warn) if cuda_warn else None)
            or "CUDAExecutionProvider not in this onnxruntime build's available providers"
        )
    s_cpu, cpu_err, _ = make_session(["CPUExecutionProvider"])
    if s_cpu is None:
        raise SystemExit(f"CPU session failed: {cpu_err}")
    s_cpu1, _, _ = make_session(["CPUExecutionProvider"], threads=1)
    report["cpu_session"] = {"get_providers": s_cpu.get_providers()}

    # --- parity ---------------------------------------------------------------------------
    cpu_vec = embed(s_cpu, parity_rows)
    par = {
        "rows": len(parity_rows),
        "token_lengths": [len(r) for r in parity_rows],
        "tolerance": TOL,
        "python_cpu_vs_node_cpu_max_abs": float(np.abs(cpu_vec - node_ref).max()),
        "python_cpu_norms": [round(float(x), 6) for x in np.linalg.norm(cpu_vec, axis=1)],
    }
    # one row at a time must equal the batched rows (padding/scatter path)
    single = np.concatenate([embed(s_cpu, [r]) for r in parity_rows])
    par["python_cpu_single_vs_batched_max_abs"] = float(np.abs(single - cpu_vec).max())
    if cuda_active:
        cuda_vec = embed(s_cuda, parity_rows)
        d = np.abs(cuda_vec - cpu_vec)
        par["cuda_vs_cpu_max_abs"] = float(d.max())
        par["cuda_vs_cpu_max_abs_per_row"] = [float(x) for x in d.max(axis=1)]
        par["cuda_vs_cpu_min_cosine"] = float(
            min(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)) for a, b in zip(cuda_vec, cpu_vec))
        )
        par["cuda_vs_node_cpu_max_abs"] = float(np.abs(cuda_vec - node_ref).max())
        par["cuda_within_tolerance"] = bool(d.max() <= TOL)
    par["python_cpu_within_tolerance_of_node"] = bool(par["python_cpu_vs_node_cpu_max_abs"] <= TOL)
    report["parity"] = par

    # --- throughput -----------------------------------------------------------------------
    tp = {}
    runs = [("cpu_all_cores", s_cpu), ("cpu_1_thread", s_cpu1)]
    if cuda_active:
        runs.insert(0, ("cuda", s_cuda))
    for name, s in runs:
        tp[name] = [throughput(s, bench, b, args.seconds) for b in (1, 32, 128)]
    report["throughput_12_tokens"] = tp

    path = os.path.join(args.out, "check_model.json")
    with open(path, "w") as fh:
        json.dump(report, fh, indent=2)

    print(f"onnxruntime {ort.__version__} ({ort.get_device()}), available: {ort.get_available_providers()}")
    print(f"CUDA session: get_providers()={report['cuda_session']['get_providers']} active={cuda_active}")
    if not cuda_active:
        print(f"  not on CUDA: {report['cuda_session']['reason']}")
    print(f"parity: python CPU vs node CPU max|d|={par['python_cpu_vs_node_cpu_max_abs']:.3g}; single vs batched {par['python_cpu_single_vs_batched_max_abs']:.3g}")
    if cuda_active:
        print(f"parity: CUDA vs CPU max|d|={par['cuda_vs_cpu_max_abs']:.3g} (tol {TOL}) min cos {par['cuda_vs_cpu_min_cosine']:.8f}")
    for name, rows in tp.items():
        print(name + ": " + ", ".join(f"b{r['batch']} {r['sentences_per_s']}/s (p50 {r['p50_ms']} ms)" for r in rows))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
