/** Public in-process API of @switchyard/gpu-runner. */
export { createRunner, type Runner, type RunnerDeps, type EmbedOptions, type EmbedResult, type EmbedVectorsResult, type InferOptions, type HealthReport, type CancelSignal } from "./runner.js";
export { startRunnerServer, type RunnerServer } from "./server.js";
export { resolveConfig, defaultConfig, type RunnerConfig, type RunnerConfigInput } from "./config.js";
export { configFromEnv, loadRunnerEnv, runnerEnvSchema, type RunnerEnvConfig } from "./env.js";
export type { EmbedPoolConfig } from "./platform/embed-pool-config.js";
export { startEmbedPoolWorker, type EmbedPoolWorker } from "./platform/embed-pool-worker.js";
export { runnerEmbedTextsBackend, runnerPermanentFailure } from "./platform/embed-texts-backend.js";
export {
  RunnerError,
  InvalidInputError,
  UnsupportedError,
  ModelNotFoundError,
  QueueFullError,
  OverloadedError,
  DeadlineExceededError,
  ShuttingDownError,
  InferenceError,
  CancelledError,
  type RunnerErrorCode,
} from "./errors.js";
export { createLogger, silentLogger, type RunnerLogger } from "./logger.js";
export { exportUseLite, USE_LITE_ID } from "./export/export-use-lite.js";
export type { HostTensor, ElemType } from "./onnx/tensor-types.js";
