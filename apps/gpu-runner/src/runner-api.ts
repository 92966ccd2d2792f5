import type { Priority } from "@switchyard/shared";
import type { VerifyToken, Authenticator } from "./auth.js";
import type { RunnerConfig } from "./config.js";
import type { GpuMemoryReading, ResourceSnapshot } from "./engine/resource-manager.js";
import type { SessionHost } from "./engine/session-host.js";
import type { RunnerLogger } from "./logger.js";
import type { RunnerMetrics } from "./metrics.js";
import type { LoadedModel, ModelRegistry, ProviderStatus } from "./models/registry.js";
import type { HostTensor } from "./onnx/tensor-types.js";

/** The runner's public in-process API (implemented in runner.ts). */

/** What cancellation needs from a signal; an AbortSignal fits, so does a cheap stand-in. */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

export interface EmbedOptions {
  priority?: Priority;
  /** Relative deadline in ms: still queued after this long, the texts are dropped before compute. */
  deadlineMs?: number;
  /** Model id or alias (default: config.defaultModel). */
  model?: string;
  /** Called as texts complete (done counts texts). */
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Aborting removes the texts still queued and rejects with CancelledError. */
  signal?: CancelSignal;
}

export interface EmbedResult {
  model: string;
  dimension: number;
  embeddings: number[][];
  /** Tokens fed to the model (after the cap). */
  tokens: number;
  /** Texts that were longer than the model's token cap and were truncated. */
  truncated: number;
}

export interface EmbedVectorsResult extends Omit<EmbedResult, "embeddings"> {
  vectors: Float32Array[];
  tokensPerText: number[];
}

export interface InferOptions {
  priority?: Priority;
  deadlineMs?: number;
  signal?: CancelSignal;
}

export interface HealthReport {
  status: "starting" | "ok" | "degraded" | "draining" | "closed";
  provider: { requested: string; active: string; fallback: boolean; fallbackReason: string | null };
  sessionHost: { mode: "worker" | "inline"; replicas: number; intraOpThreads: number | "default" };
  models: Array<{ id: string; task: string; dimension: number | null; maxTokens: number | null; aliases: readonly string[] }>;
  /** Model folders that failed to load: the model's name and the error, without file-system paths. */
  failedModels: Array<{ model: string; error: string }>;
  queue: { depth: number; maxDepth: number; byPriority: Record<Priority, number>; batchesInFlight: number };
  batching: { maxBatchSize: number; effectiveMaxBatchSize: number; maxQueueDelayMs: number; tokenBudget: number; lengthBuckets: number[]; maxInFlight: number };
  memory: ResourceSnapshot;
  uptimeSeconds: number;
}

export interface RunnerDeps {
  logger?: RunnerLogger;
  /** Accept platform API tokens (e.g. backed by the database) besides config.apiKeys. */
  verifyToken?: VerifyToken;
  /** Supply a session host (tests); default: per config.sessionHost. */
  sessionHost?: SessionHost;
  metrics?: RunnerMetrics;
  /** Process RSS reader (tests drive memory pressure with it). */
  readRss?: () => number;
  /** GPU memory reader (default: nvidia-smi when the provider is CUDA). */
  readGpu?: () => Promise<GpuMemoryReading | { unavailable: string }>;
}

export interface Runner {
  readonly config: RunnerConfig;
  readonly metrics: RunnerMetrics;
  readonly provider: ProviderStatus;
  readonly models: ModelRegistry;
  readonly auth: Authenticator;
  readonly logger: RunnerLogger;
  /** Embed texts; numbers as plain arrays (the embed.texts task result shape). */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<EmbedResult>;
  /** Embed texts; vectors as Float32Array (no copy; what the HTTP layer uses). */
  embedVectors(texts: readonly string[], options?: EmbedOptions): Promise<EmbedVectorsResult>;
  /** Run a tensor model on a batch of rows (KServe v2); batched with concurrent calls. */
  infer(model: string, inputs: Record<string, HostTensor>, options?: InferOptions): Promise<Record<string, HostTensor>>;
  resolveModel(name: string | undefined): LoadedModel;
  health(): HealthReport;
  /** Seconds a refused client should wait (queue depth ÷ recent throughput). */
  retryAfterSeconds(): number;
  /** Stop accepting work, finish what is queued and computing (up to the grace period), release sessions. */
  close(): Promise<void>;
  readonly accepting: boolean;
}

