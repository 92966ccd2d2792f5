import type { HostTensor } from "../onnx/tensor-types.js";

/** Messages between the runner and its ONNX Runtime session thread. */

export type ExecutionProviderPreference = "auto" | "cuda" | "cpu";
export type ExecutionProviderName = "cuda" | "cpu";

export interface SessionTuning {
  /** ONNX Runtime intra-op threads per session (0 = ORT's default: one per core). */
  intraOpThreads: number;
  /** Let idle intra-op threads spin (faster hand-off, burns CPU the HTTP side may need). */
  allowSpinning: boolean;
  /** CUDA device index. */
  cudaDeviceId: number;
}

export interface TensorInfo {
  name: string;
  type: string;
  /** Fixed sizes as numbers, dynamic ones as their symbolic name (or -1 when unnamed). */
  dims: Array<number | string>;
}

export interface LoadedSessionInfo {
  provider: ExecutionProviderName;
  /** Why CUDA was not used when it was asked for in auto mode. */
  fallbackReason: string | null;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
}

export type HostRequest =
  | { kind: "load"; id: number; modelId: string; path: string; provider: ExecutionProviderPreference; tuning: SessionTuning }
  | { kind: "run"; id: number; modelId: string; feeds: Record<string, HostTensor>; outputs?: string[] }
  | { kind: "unload"; id: number; modelId: string }
  | { kind: "close"; id: number };

export type HostResponse =
  | { kind: "loaded"; id: number; info: LoadedSessionInfo }
  | { kind: "result"; id: number; outputs: Record<string, HostTensor>; computeMs: number }
  | { kind: "done"; id: number }
  | { kind: "error"; id: number; message: string; code: string };
