import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as ort from "onnxruntime-node";
import type { HostTensor } from "../onnx/tensor-types.js";
import type { ExecutionProviderName, ExecutionProviderPreference, LoadedSessionInfo, SessionTuning, TensorInfo } from "./session-protocol.js";

/**
 * Creating ONNX Runtime sessions with the execution provider policy, and running them.
 * Used inside the session thread (and directly by the inline host and the benchmark).
 */

export class ProviderUnavailableError extends Error {
  readonly code = "PROVIDER_UNAVAILABLE";
}

ort.env.logLevel = "fatal";

/** Where onnxruntime-node keeps its native libraries, and whether the CUDA ones are there. */
export function cudaLibraryStatus(): { dir: string | null; present: boolean; missing: string[] } {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve("onnxruntime-node/package.json");
    const dir = join(dirname(pkg), "bin", "napi-v6", process.platform, process.arch);
    const needed = ["libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so"];
    const missing = needed.filter((f) => !existsSync(join(dir, f)));
    return { dir, present: missing.length === 0, missing };
  } catch {
    return { dir: null, present: false, missing: ["onnxruntime-node"] };
  }
}

function baseOptions(tuning: SessionTuning): ort.InferenceSession.SessionOptions {
  const options: ort.InferenceSession.SessionOptions & { extra?: Record<string, unknown> } = {
    graphOptimizationLevel: "all",
    executionMode: "sequential",
    interOpNumThreads: 1,
    logSeverityLevel: 3,
    extra: { session: { intra_op: { allow_spinning: tuning.allowSpinning ? "1" : "0" } } },
  };
  if (tuning.intraOpThreads > 0) options.intraOpNumThreads = tuning.intraOpThreads;
  return options;
}

function describe(meta: ReadonlyArray<ort.InferenceSession.ValueMetadata>): TensorInfo[] {
  return meta.map((m) =>
    m.isTensor
      ? { name: m.name, type: m.type, dims: m.shape.map((d) => (typeof d === "number" ? d : d || -1)) }
      : { name: m.name, type: "non-tensor", dims: [] },
  );
}

function cudaReason(err: unknown): string {
  const status = cudaLibraryStatus();
  const message = err instanceof Error ? err.message : String(err);
  if (!status.present) {
    return `CUDA execution provider not available: ${status.missing.join(", ")} missing in ${status.dir ?? "onnxruntime-node"} (installed with onnxruntime-node-install=skip, CPU only); ONNX Runtime said: ${message}`;
  }
  return `CUDA execution provider failed to load: ${message}`;
}

export async function createSession(
  path: string,
  preference: ExecutionProviderPreference,
  tuning: SessionTuning,
): Promise<{ session: ort.InferenceSession; info: LoadedSessionInfo }> {
  let provider: ExecutionProviderName = "cpu";
  let fallbackReason: string | null = null;
  let session: ort.InferenceSession | null = null;
  if (preference === "cuda" || preference === "auto") {
    try {
      session = await ort.InferenceSession.create(path, {
        ...baseOptions(tuning),
        executionProviders: [{ name: "cuda", deviceId: tuning.cudaDeviceId }],
      });
      provider = "cuda";
    } catch (err) {
      const reason = cudaReason(err);
      if (preference === "cuda") throw new ProviderUnavailableError(`GPU_RUNNER_EP=cuda but ${reason}`);
      fallbackReason = reason;
    }
  }
  if (!session) {
    session = await ort.InferenceSession.create(path, { ...baseOptions(tuning), executionProviders: ["cpu"] });
    provider = "cpu";
  }
  return {
    session,
    info: { provider, fallbackReason, inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) },
  };
}

export function toOrtTensor(t: HostTensor): ort.Tensor {
  switch (t.type) {
    case "float32":
      return new ort.Tensor("float32", t.data as Float32Array, t.dims);
    case "float64":
      return new ort.Tensor("float64", t.data as Float64Array, t.dims);
    case "int32":
      return new ort.Tensor("int32", t.data as Int32Array, t.dims);
    case "int64":
      return new ort.Tensor("int64", t.data as BigInt64Array, t.dims);
    case "bool":
      return new ort.Tensor("bool", t.data as Uint8Array, t.dims);
    case "uint8":
      return new ort.Tensor("uint8", t.data as Uint8Array, t.dims);
    case "int8":
      return new ort.Tensor("int8", t.data as Int8Array, t.dims);
  }
}

export function fromOrtValue(name: string, v: ort.OnnxValue): HostTensor {
  if (!(v instanceof ort.Tensor)) throw new Error(`output ${name} is not a tensor`);
  const dims = [...v.dims];
  switch (v.type) {
    case "float32":
      return { type: "float32", dims, data: v.data as Float32Array };
    case "float64":
      return { type: "float64", dims, data: v.data as Float64Array };
    case "int32":
      return { type: "int32", dims, data: v.data as Int32Array };
    case "int64":
      return { type: "int64", dims, data: v.data as BigInt64Array };
    case "bool":
      return { type: "bool", dims, data: v.data as Uint8Array };
    case "uint8":
      return { type: "uint8", dims, data: v.data as Uint8Array };
    case "int8":
      return { type: "int8", dims, data: v.data as Int8Array };
    default:
      throw new Error(`output ${name} has unsupported type ${v.type}`);
  }
}

export async function runSession(
  session: ort.InferenceSession,
  feeds: Record<string, HostTensor>,
  outputs?: string[],
): Promise<Record<string, HostTensor>> {
  const ortFeeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = toOrtTensor(t);
  const result = outputs && outputs.length ? await session.run(ortFeeds, outputs) : await session.run(ortFeeds);
  const out: Record<string, HostTensor> = {};
  for (const [name, v] of Object.entries(result)) out[name] = fromOrtValue(name, v);
  return out;
}
